/** Who may read identity's types (root operations are in @caregraph/access operationRules). Deny by default. */
import { allow, hasRole, or, rule, type AuthContext } from '@caregraph/access';
import type { IRules } from 'graphql-shield';

/** The account is the viewer's own. */
const isOwnAccount = rule('isOwnAccount', { cache: 'no_cache' })(
  (parent: { id?: string }, _args, ctx: AuthContext) => !!ctx.viewer && parent.id === ctx.viewer.userId,
);

export const permissions: IRules = {
  User: or(hasRole('ADMIN'), isOwnAccount),
  // Wrappers: what they carry is protected by the User rule.
  AuthPayload: allow,
  UserConnection: allow,
  UserEdge: allow,
  PageInfo: allow,
  // Stub references: only the id, which the (already authorized) User field returned.
  Patient: allow,
  Practitioner: allow,
  Organization: allow,
};
