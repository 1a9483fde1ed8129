/**
 * The care-team context through the real supergraph, in both run modes: assignments right after registration, access
 * that follows care-team changes into the patients context, the open directory, and _entities sent straight to it.
 */
import { describe, expect, it } from 'vitest';
import { DEMO_IDS } from '@caregraph/demo';
import { MODES, createTestPatient, createTestPractitioner, eventually, realServicesMissing, useTestPlatform, errorCodes as codes } from '@caregraph/testkit';

const servicesMissing = await realServicesMissing('care-team');

const ASSIGN = 'mutation ($p: ID!, $d: ID!) { assignCareTeamMember(patientId: $p, practitionerId: $d) { id careTeam { practitioner { id } } } }';
const REMOVE = 'mutation ($p: ID!, $d: ID!) { removeCareTeamMember(patientId: $p, practitionerId: $d) { id } }';
const REGISTER = 'mutation ($i: RegisterInput!) { register(input: $i) { user { patient { id } } } }';
const PATIENT = 'query ($id: ID!) { patient(id: $id) { givenName careTeam { practitioner { id } } } }';

describe.each(MODES)('care team (%s)', (mode) => {
  const skip = mode === 'postgres' && !!servicesMissing;
  const { t, tokens } = useTestPlatform(mode, { skip, signIn: ['admin'] });

  it.skipIf(skip)('assigns a care-team member right after a patient registers, every time', async () => {
    const doctor = await createTestPractitioner(t);
    for (let i = 0; i < 5; i++) {
      const registered = await t.request(REGISTER, { variables: { i: { email: `fresh-${i}-${doctor.id.slice(0, 6)}@example.org`, password: 'registered just now', givenName: 'Fresh', familyName: `Reg${i}`, birthDate: '1999-09-09' } } });
      const patientId = registered.data!.register.user.patient.id as string;
      const assigned = await t.request(ASSIGN, { token: tokens.admin, variables: { p: patientId, d: doctor.id } });
      expect(assigned.errors).toBeUndefined();
      expect(assigned.data?.assignCareTeamMember.careTeam).toEqual([{ practitioner: { id: doctor.id } }]);
    }
  });

  it.skipIf(skip)('gives a nurse the patient record while on the care team, and takes it away on removal', async () => {
    const nurse = await createTestPractitioner(t, { role: 'NURSE' });
    const patient = await createTestPatient(t, { careTeam: [nurse], givenName: 'Robin' });
    expect((await t.request(PATIENT, { token: nurse.token, variables: { id: patient.id } })).data?.patient).toEqual({ givenName: 'Robin', careTeam: [{ practitioner: { id: nurse.id } }] });
    expect(codes(await t.request(REMOVE, { token: nurse.token, variables: { p: patient.id, d: nurse.id } }))).toEqual(['FORBIDDEN']);
    expect((await t.request(REMOVE, { token: tokens.admin, variables: { p: patient.id, d: nurse.id } })).errors).toBeUndefined();
    await eventually(async () => expect(codes(await t.request(PATIENT, { token: nurse.token, variables: { id: patient.id } }))).toEqual(['FORBIDDEN']));
  });

  it.skipIf(skip)('refuses new members for a deactivated patient once care-team has heard of the deactivation', async () => {
    const doctor = await createTestPractitioner(t);
    const patient = await createTestPatient(t);
    expect((await t.request('mutation ($id: ID!) { deactivatePatient(id: $id) { active } }', { token: tokens.admin, variables: { id: patient.id } })).errors).toBeUndefined();
    await eventually(async () => expect(codes(await t.request(ASSIGN, { token: tokens.admin, variables: { p: patient.id, d: doctor.id } }))).toEqual(['CONFLICT']));
  });

  it.skipIf(skip)('opens the directory to every role, searchable by specialty', async () => {
    const specialty = `Dermatology ${Date.now()}`;
    const derm = await createTestPractitioner(t, { specialties: [specialty] });
    for (const who of ['patient', 'pharmacist', 'billing', 'insurer'] as const) {
      const result = await t.request('query ($s: String) { practitioners(specialty: $s) { totalCount nodes { id specialties } } }', { token: await t.login(`${who}@demo.test`), variables: { s: specialty.toLowerCase() } });
      expect(result.data?.practitioners).toEqual({ totalCount: 1, nodes: [{ id: derm.id, specialties: [specialty] }] });
    }
    expect(codes(await t.request('{ practitioners { totalCount } }'))).toEqual(['UNAUTHENTICATED']);
  });

  it.skipIf(skip)('defends _entities sent straight to the subgraph: no care team and no panel of someone else', async () => {
    const url = t.platform.subgraphs['care-team']!.url;
    const patient2 = await t.login('patient2@demo.test');
    const careTeam = await t.request('query ($r: [_Any!]!) { _entities(representations: $r) { ... on Patient { careTeam { practitioner { id } } } } }', {
      url,
      token: patient2,
      variables: { r: [{ __typename: 'Patient', id: DEMO_IDS.patients.patient }] },
    });
    expect(codes(careTeam)).toContain('FORBIDDEN');
    expect(JSON.stringify(careTeam.data)).not.toContain(DEMO_IDS.practitioners.doctor);
    const panel = await t.request('query ($r: [_Any!]!) { _entities(representations: $r) { ... on Practitioner { familyName patients { id } } } }', {
      url,
      token: await t.login('doctor2@demo.test'),
      variables: { r: [{ __typename: 'Practitioner', id: DEMO_IDS.practitioners.doctor }] },
    });
    expect(codes(panel)).toContain('FORBIDDEN');
    expect(JSON.stringify(panel.data)).not.toContain(DEMO_IDS.patients.patient);
  });
});
