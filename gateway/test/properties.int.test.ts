/**
 * Property-based checks (fast-check) through the real supergraph: whatever text or page arguments a caller sends, the
 * answer is a caller's error or data, never INTERNAL_SERVER_ERROR (issue 6, finding 12 generalised).
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_IDS } from '@caregraph/demo';
import { startTestPlatform, type TestPlatform } from '@caregraph/testkit';

/** Any string, with control characters, wildcards, quotes and astral or lone-surrogate code units well represented. */
const nasty = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.string({ unit: fc.constantFrom('\u0000', '\u0007', '\u001b', '\u007f', '\u0085', '%', '_', '\\', "'", '"', ' ', 'a', '\ud800', '\udc00', '😀'), maxLength: 20 }),
);
const pageSize = fc.oneof(fc.integer({ min: -5, max: 205 }), fc.constantFrom(0, 1, 100, 101, 2 ** 31 - 1, -(2 ** 31)));
const cursor = fc.option(fc.oneof(nasty, fc.base64String({ maxLength: 40 })), { nil: undefined });
const RUNS = { numRuns: 40 };
// A fresh source address per run, so the sign-in throttles let the input reach validation.
let sent = 0;
const address = () => `127.3.${Math.floor(++sent / 250)}.${(sent % 250) + 1}`;

describe('no input yields INTERNAL_SERVER_ERROR', () => {
  let t: TestPlatform;
  let admin: string;
  beforeAll(async () => {
    t = await startTestPlatform('embedded');
    admin = await t.login('admin@demo.test');
  });
  afterAll(async () => {
    await t?.stop();
  });

  const noInternalError = (result: { status: number; errors?: { extensions?: { code?: string } }[] }) => {
    expect(result.errors?.map((e) => e.extensions?.code) ?? []).not.toContain('INTERNAL_SERVER_ERROR');
    expect(result.status).toBeLessThan(500);
  };

  it('text inputs: searches, sign-in, registration, patient and care-team records', async () => {
    await fc.assert(
      fc.asyncProperty(nasty, async (text) => {
        const requests = [
          t.request('query ($s: String) { patients(search: $s) { totalCount } }', { token: admin, variables: { s: text } }),
          t.request('query ($s: String) { practitioners(specialty: $s) { totalCount } }', { token: admin, variables: { s: text } }),
          t.request('mutation ($e: String!, $p: String!) { login(email: $e, password: $p) { accessToken } }', { variables: { e: text, p: text }, from: address() }),
          t.request('mutation ($i: RegisterInput!) { register(input: $i) { accessToken } }', {
            variables: { i: { email: `${text}@example.org`, password: `${text}-long-enough-password`, givenName: text, familyName: text, birthDate: '1990-01-01', phone: text } },
            from: address(),
          }),
          t.request('mutation ($i: CreatePatientInput!) { createPatient(input: $i) { id } }', {
            token: admin,
            variables: { i: { givenName: text, familyName: text, birthDate: '1990-01-01', email: text, address: { line: text, city: text, country: text } } },
          }),
          t.request('mutation ($id: ID!, $i: UpdatePatientInput!) { updatePatient(id: $id, input: $i) { id } }', {
            token: admin,
            variables: { id: DEMO_IDS.patients.patient2, i: { emergencyContacts: [{ name: text, relationship: text, phone: '+1 555 0100' }] } },
          }),
          t.request('mutation ($i: CreateOrganizationInput!) { createOrganization(input: $i) { id } }', { token: admin, variables: { i: { name: text, type: 'CLINIC' } } }),
          t.request('query ($id: ID!) { patient(id: $id) { id } }', { token: admin, variables: { id: text } }),
        ];
        for (const result of await Promise.all(requests)) noInternalError(result);
      }),
      RUNS,
    );
  }, 300_000);

  it('pagination arguments on every connection', async () => {
    await fc.assert(
      fc.asyncProperty(pageSize, cursor, async (first, after) => {
        const variables = { first, after };
        const requests = [
          t.request('query ($first: Int, $after: String) { patients(first: $first, after: $after) { totalCount pageInfo { endCursor } } }', { token: admin, variables }),
          t.request('query ($first: Int, $after: String) { practitioners(first: $first, after: $after) { totalCount } }', { token: admin, variables }),
          t.request('query ($first: Int, $after: String) { organizations(first: $first, after: $after) { totalCount } }', { token: admin, variables }),
          t.request('query ($first: Int, $after: String) { users(first: $first, after: $after) { totalCount } }', { token: admin, variables }),
        ];
        for (const result of await Promise.all(requests)) noInternalError(result);
      }),
      RUNS,
    );
  }, 300_000);
});
