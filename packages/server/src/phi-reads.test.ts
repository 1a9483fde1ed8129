/** The PHI-read collector on a real subgraph schema with its shield: served and refused fields noted per patient, keys and other errors not. */
import { randomUUID } from 'node:crypto';
import { execute, parse } from 'graphql';
import { describe, expect, it } from 'vitest';
import { allow, rule } from '@caregraph/access';
import type { Viewer } from '@caregraph/auth';
import { forbidden, notFound } from '@caregraph/errors';
import { clientOperationName } from './access-log';
import { attachPhiReads, PhiReadCollector } from './phi-reads';
import { buildSchema } from './subgraph';

const PATIENT = randomUUID();
const typeDefs = parse(`
  extend schema @link(url: "https://specs.apollo.dev/federation/v2.7", import: ["@key"])
  type Query { patient(id: ID!): Patient }
  type Patient @key(fields: "id") { id: ID! givenName: String diagnosis: String missing: String }
`);
const schema = buildSchema({
  name: 'test',
  typeDefs,
  resolvers: {
    Query: { patient: (_: unknown, { id }: { id: string }) => (id === PATIENT ? { id, givenName: 'Ada', diagnosis: 'I10' } : forbidden()) },
    Patient: { missing: () => notFound('thing') },
  },
  permissions: { Patient: { id: allow, givenName: allow, diagnosis: rule()(() => forbidden('not yours')), missing: allow } },
  context: () => ({}),
  phi: { Patient: (patient: { id: string }) => patient.id, 'Query.patient': (_root: unknown, args: { id: string }) => args.id },
});
const viewer: Viewer = { userId: randomUUID(), role: 'DOCTOR', tokenId: randomUUID(), sessionId: randomUUID(), expiresAt: new Date(Date.now() + 60_000) };

async function run(query: string, variables: Record<string, unknown>) {
  const collector = new PhiReadCollector();
  const contextValue = { viewer };
  attachPhiReads(contextValue, collector);
  const result = await execute({ schema, document: parse(query), variableValues: variables, contextValue });
  return { result, report: collector.report(viewer, 'req-1', new Date('2026-03-01T00:00:00Z')) };
}

describe('PHI reads', () => {
  it('notes served fields as allowed and shield refusals as denied, per patient, without the key', async () => {
    const { result, report } = await run('query ($id: ID!) { patient(id: $id) { id givenName diagnosis missing } }', { id: PATIENT });
    expect(result.data?.patient).toMatchObject({ id: PATIENT, givenName: 'Ada', diagnosis: null });
    expect(report).toEqual({
      actorId: viewer.userId,
      actorRole: 'DOCTOR',
      operation: null,
      requestId: 'req-1',
      readAt: '2026-03-01T00:00:00.000Z',
      reads: [
        { patientId: PATIENT, allowed: true, entities: [{ type: 'Query', fields: ['patient'] }, { type: 'Patient', fields: ['givenName'] }] },
        { patientId: PATIENT, allowed: false, entities: [{ type: 'Patient', fields: ['diagnosis'] }] },
      ],
    });
  });

  it('notes a refused root lookup by patient id, and nothing for a malformed id', async () => {
    const other = randomUUID();
    expect((await run('query ($id: ID!) { patient(id: $id) { givenName } }', { id: other })).report.reads).toEqual([
      { patientId: other, allowed: false, entities: [{ type: 'Query', fields: ['patient'] }] },
    ]);
    expect((await run('query ($id: ID!) { patient(id: $id) { givenName } }', { id: 'nobody' })).report.reads).toEqual([]);
  });

  it('names the client operation, not the query plan part', () => {
    expect(clientOperationName('Chart__ehr__1')).toBe('Chart');
    expect(clientOperationName('Chart__care_team__12')).toBe('Chart');
    expect(clientOperationName('My__Chart__care_team__0')).toBe('My__Chart');
    expect(clientOperationName('Chart')).toBe('Chart');
    expect(clientOperationName(undefined)).toBeNull();
  });
});
