/** Who may read the care-team context's types (root operations are in @caregraph/access operationRules). Deny by default. */
import { allow, hasRole, isAuthenticated, or, patientRule, rule, type AuthContext } from '@caregraph/access';
import type { IRules } from 'graphql-shield';

/** The practitioner record is the viewer's own. */
const isOwnPractitionerRecord = rule('isOwnPractitionerRecord', { cache: 'no_cache' })(
  (parent: { id?: string }, _args, ctx: AuthContext) => !!ctx.viewer?.practitionerId && parent.id === ctx.viewer.practitionerId,
);

export const permissions: IRules = {
  // The directory of practitioners and organizations is open to every signed-in user (docs/api.md).
  Practitioner: { '*': isAuthenticated, patients: or(hasRole('ADMIN'), isOwnPractitionerRecord) },
  Organization: isAuthenticated,
  // A patient's care team is as private as the patient's record.
  Patient: { id: isAuthenticated, careTeam: patientRule('careTeam:read') },
  CareTeamMember: allow,
  PractitionerConnection: allow,
  PractitionerEdge: allow,
  OrganizationConnection: allow,
  OrganizationEdge: allow,
  PageInfo: allow,
};
