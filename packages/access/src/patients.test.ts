/** PatientAccess against the grant table: own, care team, everyone, and the facts that relate a patient to a role. */
import { describe, expect, it } from 'vitest';
import type { Role, Viewer } from '@caregraph/auth';
import { PatientAccess, type PatientAccessSource, type PatientRelation } from './patients';

const PATIENT = '00000000-0000-4000-8000-000000000001';
const OTHER = '00000000-0000-4000-8000-000000000002';
const ACME = '00000000-0000-4000-8000-000000000405';
const RIVAL = '00000000-0000-4000-8000-000000000406';

const viewer = (role: Role, extra: Partial<Viewer> = {}): Viewer => ({
  userId: 'u',
  role,
  tokenId: 't',
  sessionId: 's',
  expiresAt: new Date(Date.now() + 60_000),
  ...extra,
});

function source(relations: PatientRelation[]): PatientAccessSource & { calls: number } {
  const counted = {
    calls: 0,
    membersOf: async () => [{ patientId: PATIENT, practitionerId: 'doc' }],
    patientsOf: async () => [PATIENT],
    relationsOf: async (ids: readonly string[]) => {
      counted.calls++;
      return relations.filter((fact) => ids.includes(fact.patientId));
    },
  };
  return counted;
}

const FACTS: PatientRelation[] = [
  { patientId: PATIENT, kind: 'prescription', partyId: null },
  { patientId: PATIENT, kind: 'claim', partyId: ACME },
];

describe('PatientAccess with patient relations', () => {
  it('gives a pharmacist the name, birth date and allergies of a patient with a prescription, and nothing else', async () => {
    const access = new PatientAccess(viewer('PHARMACIST', { practitionerId: 'ph' }), source(FACTS));
    for (const capability of ['demographics:name', 'demographics:identify', 'allergies:read'] as const) expect(await access.can(capability, PATIENT)).toBe(true);
    for (const capability of ['demographics:read', 'clinical:read', 'careTeam:read'] as const) expect(await access.can(capability, PATIENT)).toBe(false);
    expect(await access.can('demographics:name', OTHER), 'no prescription, no name').toBe(false);
  });

  it('gives an insurer the name only, and only for its own organization’s claims', async () => {
    const acme = new PatientAccess(viewer('INSURANCE_PROVIDER', { organizationId: ACME }), source(FACTS));
    expect(await acme.can('demographics:name', PATIENT)).toBe(true);
    expect(await acme.can('demographics:identify', PATIENT)).toBe(false);
    expect(await new PatientAccess(viewer('INSURANCE_PROVIDER', { organizationId: RIVAL }), source(FACTS)).can('demographics:name', PATIENT)).toBe(false);
    expect(await new PatientAccess(viewer('INSURANCE_PROVIDER'), source(FACTS)).can('demographics:name', PATIENT), 'an insurer without an organization').toBe(false);
  });

  it('opens nothing through a fact of another kind', async () => {
    const labtech = new PatientAccess(viewer('LAB_TECHNICIAN', { practitionerId: 'lt' }), source(FACTS));
    expect(await labtech.can('demographics:identify', PATIENT), 'a prescription is not a lab order').toBe(false);
  });

  it('grants nothing through relations when the context keeps none (deny by default)', async () => {
    const { relationsOf: _dropped, ...careTeamOnly } = source(FACTS);
    expect(await new PatientAccess(viewer('PHARMACIST'), careTeamOnly).can('demographics:name', PATIENT)).toBe(false);
  });

  it('asks for the facts of many patients in one query', async () => {
    const counted = source(FACTS);
    const access = new PatientAccess(viewer('PHARMACIST'), counted);
    await Promise.all([PATIENT, OTHER, PATIENT].map((id) => access.can('demographics:name', id)));
    expect(counted.calls).toBe(1);
  });
});
