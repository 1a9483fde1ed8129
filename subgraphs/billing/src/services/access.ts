/**
 * Who may read claims beyond PATIENT_GRANTS: an INSURANCE_PROVIDER reads the claims of its own organization
 * (`viewer.organizationId`) and, of an invoice or coverage, only what such a claim needs. The shield rules and the
 * services both use these.
 */
import type { CareTeamSource, PatientAccess } from '@caregraph/access';
import type { Viewer } from '@caregraph/auth';
import type { Claim, Prisma } from '../generated/prisma/client';

/** The insurer organization the viewer acts for, if the viewer is an insurer's user. */
export const insurerOf = (viewer: Viewer | undefined): string | null => (viewer?.role === 'INSURANCE_PROVIDER' && viewer.organizationId ? viewer.organizationId : null);

/** BILLING_CLERK all, the PATIENT their own (claims:read), an insurer its organization's. */
export async function mayReadClaim(access: PatientAccess, claim: Pick<Claim, 'patientId' | 'insurerId'>): Promise<boolean> {
  if (access.viewer?.role === 'INSURANCE_PROVIDER') return insurerOf(access.viewer) === claim.insurerId;
  return access.can('claims:read', claim.patientId);
}

/** The claims a list may contain for this viewer, as a query filter (so counts and pages are right). */
export async function claimScope(access: PatientAccess): Promise<Prisma.ClaimWhereInput> {
  if (access.viewer?.role === 'INSURANCE_PROVIDER') {
    const insurerId = insurerOf(access.viewer);
    return insurerId ? { insurerId } : { id: { in: [] } };
  }
  const scope = await access.scope('claims:read');
  return scope.all ? {} : { patientId: { in: scope.patientIds } };
}

/** Billing grants nothing to care teams (PATIENT_GRANTS billing:* and claims:read), so it keeps no care-team projection. */
export const NO_CARE_TEAM: CareTeamSource = { membersOf: async () => [], patientsOf: async () => [] };
