/** Billing's access beyond PATIENT_GRANTS (no database): an insurer reads its organization's claims only, lists are filtered the same way. */
import { randomUUID } from 'node:crypto';
import { PatientAccess } from '@caregraph/access';
import type { Role, Viewer } from '@caregraph/auth';
import { testViewer } from '@caregraph/testkit';
import { describe, expect, it } from 'vitest';
import { claimScope, insurerOf, mayReadClaim, NO_CARE_TEAM } from './access';

const viewer = (role: Role, links: { patientId?: string; practitionerId?: string; organizationId?: string } = {}): Viewer => ({ ...testViewer(role), ...links });
const access = (v: Viewer | undefined) => new PatientAccess(v, NO_CARE_TEAM);

describe('billing access', () => {
  it('knows the insurer organization only of an INSURANCE_PROVIDER linked to one', () => {
    const organizationId = randomUUID();
    expect(insurerOf(viewer('INSURANCE_PROVIDER', { organizationId }))).toBe(organizationId);
    expect(insurerOf(viewer('INSURANCE_PROVIDER'))).toBeNull();
    // An organization on any other role's token does not make it an insurer.
    for (const role of ['BILLING_CLERK', 'ADMIN', 'PATIENT', 'DOCTOR'] as const) expect(insurerOf(viewer(role, { organizationId })), role).toBeNull();
    expect(insurerOf(undefined)).toBeNull();
  });

  it('lets a billing clerk read every claim, a patient their own, an insurer its organization\'s, and nobody else', async () => {
    const [patientId, insurerId] = [randomUUID(), randomUUID()];
    const claim = { patientId, insurerId };
    const may = (v: Viewer | undefined) => mayReadClaim(access(v), claim);
    expect(await may(viewer('BILLING_CLERK'))).toBe(true);
    expect(await may(viewer('PATIENT', { patientId }))).toBe(true);
    expect(await may(viewer('INSURANCE_PROVIDER', { organizationId: insurerId }))).toBe(true);
    expect(await may(viewer('PATIENT', { patientId: randomUUID() }))).toBe(false);
    expect(await may(viewer('INSURANCE_PROVIDER', { organizationId: randomUUID() }))).toBe(false);
    expect(await may(viewer('INSURANCE_PROVIDER'))).toBe(false);
    // An insurer is judged by organization only: being "the patient" on the token does not open the claim.
    expect(await may(viewer('INSURANCE_PROVIDER', { patientId }))).toBe(false);
    for (const role of ['ADMIN', 'DOCTOR', 'NURSE', 'PHARMACIST', 'LAB_TECHNICIAN'] as const)
      expect(await may(viewer(role, { practitionerId: randomUUID(), organizationId: insurerId })), role).toBe(false);
    expect(await may(undefined)).toBe(false);
  });

  it('filters claim lists the same way, in the query', async () => {
    const [patientId, organizationId] = [randomUUID(), randomUUID()];
    expect(await claimScope(access(viewer('BILLING_CLERK')))).toEqual({});
    expect(await claimScope(access(viewer('PATIENT', { patientId })))).toEqual({ patientId: { in: [patientId] } });
    expect(await claimScope(access(viewer('INSURANCE_PROVIDER', { organizationId })))).toEqual({ insurerId: organizationId });
    // An insurer's user without an organization sees no claims (not every claim).
    expect(await claimScope(access(viewer('INSURANCE_PROVIDER')))).toEqual({ id: { in: [] } });
    for (const v of [viewer('ADMIN'), viewer('DOCTOR', { practitionerId: randomUUID() }), viewer('PATIENT'), undefined])
      expect(await claimScope(access(v)), v?.role ?? 'signed out').toEqual({ patientId: { in: [] } });
  });

  it('grants nothing through care teams', async () => {
    expect(await NO_CARE_TEAM.membersOf([randomUUID()])).toEqual([]);
    expect(await NO_CARE_TEAM.patientsOf(randomUUID())).toEqual([]);
    const doctor = access(viewer('DOCTOR', { practitionerId: randomUUID() }));
    expect(await doctor.can('billing:read', randomUUID())).toBe(false);
  });
});
