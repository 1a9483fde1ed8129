/**
 * The security review's findings for the care-team context (issue 6: 4 and 12), in both run modes: operation limits in
 * the subgraph itself, and control characters refused in every care-team text input.
 */
import { describe, expect, it } from 'vitest';
import { MODES, realServicesMissing, useTestPlatform, errorCodes as codes } from '@caregraph/testkit';

const servicesMissing = await realServicesMissing('care-team security');
/** practitioners → patients → careTeam → practitioner, `levels` times round. */
const careTeamCycle = (levels: number) => `{ practitioners { nodes { ${'patients { careTeam { practitioner { '.repeat(levels)}id${' } } }'.repeat(levels)} } } }`;

describe.each(MODES)('care-team security (%s)', (mode) => {
  const skip = mode === 'postgres' && !!servicesMissing;
  const { t, tokens } = useTestPlatform(mode, { skip, signIn: ['admin'] });

  it.skipIf(skip)('finding 4: the subgraph refuses the 26- and 40-level care-team cycle sent straight to it, running no SQL', async () => {
    const url = t.platform.subgraphs['care-team']!.url;
    for (const levels of [26, 40]) {
      t.queries.reset();
      const result = await t.request(careTeamCycle(levels), { url, token: tokens.admin });
      expect(result.status).toBe(400);
      expect(codes(result)).toEqual(['GRAPHQL_VALIDATION_FAILED']);
      expect(result.errors?.[0]?.message).toMatch(/depth limit of 12/);
      expect(t.queries.count('care-team')).toBe(0);
    }
    // Within the limits the same subgraph still answers.
    const legitimate = await t.request('{ practitioners(first: 5) { nodes { patients { careTeam { practitioner { patients { id } } } } } } }', { url, token: tokens.admin });
    expect(legitimate.errors).toBeUndefined();
  });

  it.skipIf(skip)('finding 12: control characters in care-team text are BAD_USER_INPUT, never an internal error', async () => {
    const CREATE = 'mutation ($input: CreatePractitionerInput!) { createPractitioner(input: $input) { id } }';
    const base = { givenName: 'Ada', familyName: 'Nul', role: 'DOCTOR', licenseNumber: 'MD-900001' };
    for (const [override, field] of [
      [{ givenName: 'A\u0000da' }, 'givenName'],
      [{ familyName: 'N\u0000ul' }, 'familyName'],
      [{ specialties: ['Cardio\u0000logy'] }, 'specialties[0]'],
      [{ licenseNumber: 'MD-\u00009' }, 'licenseNumber'],
    ] as const) {
      const result = await t.request(CREATE, { token: tokens.admin, variables: { input: { ...base, ...override } } });
      expect(codes(result), field).toEqual(['BAD_USER_INPUT']);
      expect(result.errors?.[0]?.extensions?.field).toBe(field);
    }
    const organization = await t.request('mutation ($input: CreateOrganizationInput!) { createOrganization(input: $input) { id } }', {
      token: tokens.admin,
      variables: { input: { name: 'Clinic\u0000', type: 'CLINIC' } },
    });
    expect(codes(organization)).toEqual(['BAD_USER_INPUT']);
    const specialty = await t.request('query ($s: String) { practitioners(specialty: $s) { totalCount } }', { token: tokens.admin, variables: { s: 'Family\u0000' } });
    expect(codes(specialty)).toEqual(['BAD_USER_INPUT']);
    expect(specialty.errors?.[0]?.extensions?.field).toBe('specialty');
  });
});
