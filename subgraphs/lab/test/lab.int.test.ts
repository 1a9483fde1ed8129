/**
 * Lab through the real supergraph, in both run modes: the demo catalogue and orders, a doctor's order on the
 * technician's worklist (with the patient's name and birth date from the patients subgraph), collection, results and
 * corrections (kept by ehr as a LABORATORY observation), the lifecycle and its races, the worklist's order, who may
 * do and see what — through root fields, nested fields and `_entities` straight to the subgraph — and batched lists.
 */
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { DEMO_IDS } from '@caregraph/demo';
import { countOutboxWrites, MODES, createTestPatient, createTestPractitioner, errorCodes as codes, eventually, realServicesMissing, useTestPlatform } from '@caregraph/testkit';

const servicesMissing = await realServicesMissing('lab');

const { patient: PATIENT, patient2: PATIENT2 } = DEMO_IDS.patients;
const ORDER = 'mutation ($i: OrderLabTestInput!) { orderLabTest(input: $i) { id status priority orderedBy { id } test { code unit } } }';
const COLLECT = 'mutation ($id: ID!) { collectSpecimen(orderId: $id) { id status specimenCollectedAt } }';
const RECORD = 'mutation ($id: ID!, $v: Decimal!) { recordLabResult(orderId: $id, value: $v) { id status result { value unit interpretation performer { id } version } } }';
const CORRECT = 'mutation ($id: ID!, $v: Decimal!, $r: String!) { correctLabResult(orderId: $id, value: $v, reason: $r) { id result { value interpretation version changeReason supersedes { value current } } history { id value version current } } }';
const CANCEL = 'mutation ($id: ID!, $r: String!) { cancelLabOrder(id: $id, reason: $r) { id status cancellationReason } }';
const ONE = 'query ($id: ID!) { labOrder(id: $id) { id status result { value interpretation } } }';
const WORKLIST = 'query ($s: LabOrderStatus, $n: Int, $after: String) { labOrders(status: $s, first: $n, after: $after) { totalCount pageInfo { hasNextPage endCursor } nodes { id priority status createdAt } } }';
const ENTITIES = 'query ($r: [_Any!]!) { _entities(representations: $r) { ... on LabOrder { id status test { code } result { value } history { value } } ... on Patient { id labOrders { id result { value } } } } }';

describe.each(MODES)('lab (%s)', (mode) => {
  const skip = mode === 'postgres' && !!servicesMissing;
  const { t, tokens } = useTestPlatform(mode, { skip, signIn: ['admin', 'doctor', 'doctor2', 'nurse', 'patient', 'patient2', 'pharmacist', 'labtech'] });
  const labPrisma = () => t.platform.services.lab!.prisma as any;
  const request = (query: string, token: string | undefined, variables: Record<string, unknown> = {}) => t.request(query, { token, variables });

  it.skipIf(skip)('serves the demo catalogue and orders: patient@ sees their RESULTED glucose, the technician the open ones by priority', async () => {
    const tests = await request('{ labTests { code unit referenceLow referenceHigh criticalLow criticalHigh } }', tokens.patient);
    expect(tests.data?.labTests).toEqual(
      expect.arrayContaining([
        { code: '2345-7', unit: 'mg/dL', referenceLow: '70', referenceHigh: '99', criticalLow: '40', criticalHigh: '400' },
        { code: '2823-3', unit: 'mmol/L', referenceLow: '3.5', referenceHigh: '5.1', criticalLow: '2.8', criticalHigh: '6.2' },
        { code: '4548-4', unit: '%', referenceLow: '4', referenceHigh: '5.6', criticalLow: null, criticalHigh: '14' },
      ]),
    );
    const own = await request('{ me { patient { labOrders { status test { code } orderedBy { familyName } result { value unit interpretation performer { familyName } } } } } }', tokens.patient);
    expect(own.data?.me.patient.labOrders).toEqual([{ status: 'RESULTED', test: { code: '2345-7' }, orderedBy: { familyName: 'Reyes' }, result: { value: '104', unit: 'mg/dL', interpretation: 'HIGH', performer: { familyName: 'Tanaka' } } }]);
    const worklist = await request('{ labOrders(first: 100) { nodes { priority patient { id givenName } test { code } } } }', tokens.labtech);
    const demo = worklist.data?.labOrders.nodes.filter((o: { patient: { id: string } }) => [PATIENT, PATIENT2].includes(o.patient.id));
    expect(demo).toEqual([
      { priority: 'URGENT', patient: { id: PATIENT2, givenName: expect.any(String) }, test: { code: '718-7' } },
      { priority: 'ROUTINE', patient: { id: PATIENT, givenName: expect.any(String) }, test: { code: '2823-3' } },
    ]);
  });

  it.skipIf(skip)("takes doctor@'s order for patient@ through the worklist to a HIGH result the patient sees only then; doctor2@ sees nothing; ehr keeps it and its correction", async () => {
    const ordered = await request(ORDER, tokens.doctor, { i: { patientId: PATIENT, testCode: '2345-7', priority: 'STAT' } });
    expect(ordered.errors).toBeUndefined();
    expect(ordered.data?.orderLabTest).toMatchObject({ status: 'ORDERED', priority: 'STAT', orderedBy: { id: DEMO_IDS.practitioners.doctor }, test: { code: '2345-7', unit: 'mg/dL' } });
    const id = ordered.data!.orderLabTest.id as string;

    // The patients subgraph opens name and birth date to lab technicians once it hears lab.order.placed.
    const IDENTIFY = 'query ($id: ID!) { labOrder(id: $id) { id status patient { givenName familyName birthDate } } }';
    const seen = await eventually(async () => {
      const result = await request(IDENTIFY, tokens.labtech, { id });
      expect(result.errors).toBeUndefined();
      return result.data!.labOrder;
    }, 5_000);
    expect(seen).toEqual({ id, status: 'ORDERED', patient: { givenName: expect.any(String), familyName: expect.any(String), birthDate: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/) } });
    const onWorklist = await request('{ labOrders(status: ORDERED, first: 100) { nodes { id patient { givenName birthDate } } } }', tokens.labtech);
    expect(onWorklist.data?.labOrders.nodes).toContainEqual({ id, patient: seen.patient && { givenName: seen.patient.givenName, birthDate: seen.patient.birthDate } });
    const address = await request('query ($id: ID!) { labOrder(id: $id) { id patient { givenName address { city } } } }', tokens.labtech, { id });
    expect(codes(address)).toContain('FORBIDDEN');
    expect(JSON.stringify(address.data)).not.toMatch(/"city"/);

    // Not resulted yet: invisible to the patient.
    expect(codes(await request(ONE, tokens.patient, { id }))).toEqual(['FORBIDDEN']);
    const mine = async () => (await request('{ me { patient { labOrders { id result { value } } } } }', tokens.patient)).data?.me.patient.labOrders.map((o: { id: string }) => o.id);
    expect(await mine()).not.toContain(id);

    expect((await request(COLLECT, tokens.labtech, { id })).data?.collectSpecimen).toMatchObject({ status: 'COLLECTED', specimenCollectedAt: expect.any(String) });
    expect(codes(await request(ONE, tokens.patient, { id }))).toEqual(['FORBIDDEN']);
    const recorded = await request(RECORD, tokens.labtech, { id, v: '182' });
    expect(recorded.errors).toBeUndefined();
    expect(recorded.data?.recordLabResult).toEqual({ id, status: 'RESULTED', result: { value: '182', unit: 'mg/dL', interpretation: 'HIGH', performer: { id: DEMO_IDS.practitioners.labtech }, version: 1 } });

    expect((await request(ONE, tokens.patient, { id })).data?.labOrder).toEqual({ id, status: 'RESULTED', result: { value: '182', interpretation: 'HIGH' } });
    expect(await mine()).toContain(id);
    expect((await request(ONE, tokens.nurse, { id })).data?.labOrder.result).toEqual({ value: '182', interpretation: 'HIGH' });

    // doctor2@ is not on patient@'s care team.
    const other = await request(ONE, tokens.doctor2, { id });
    expect([codes(other), other.data?.labOrder ?? null]).toEqual([['FORBIDDEN'], null]);
    const list = await request('{ labOrders(status: RESULTED, first: 100) { nodes { id } } }', tokens.doctor2);
    expect(list.data?.labOrders.nodes.map((o: { id: string }) => o.id)).not.toContain(id);
    expect(codes(await request('query ($p: ID!) { patient(id: $p) { labOrders { id } } }', tokens.doctor2, { p: PATIENT }))).toContain('FORBIDDEN');

    const corrected = await request(CORRECT, tokens.labtech, { id, v: '82', r: 'Transcription error' });
    expect(corrected.errors).toBeUndefined();
    expect(corrected.data?.correctLabResult).toMatchObject({
      result: { value: '82', interpretation: 'NORMAL', version: 2, changeReason: 'Transcription error', supersedes: { value: '182', current: false } },
      history: [{ value: '182', version: 1, current: false }, { value: '82', version: 2, current: true }],
    });
    const [v1, v2] = corrected.data!.correctLabResult.history as { id: string }[];

    // ehr: a LABORATORY observation whose versions are the result's.
    const OBSERVATION = 'query ($id: ID!) { observation(id: $id) { id code value unit category recorder { id } version current history { id value version } } }';
    const observation = await eventually(async () => {
      const result = await request(OBSERVATION, tokens.doctor, { id: v2!.id });
      expect(result.data?.observation).toBeTruthy();
      return result.data!.observation;
    }, 5_000);
    expect(observation).toEqual({
      id: v2!.id,
      code: '2345-7',
      value: '82',
      unit: 'mg/dL',
      category: 'LABORATORY',
      recorder: { id: DEMO_IDS.practitioners.labtech },
      version: 2,
      current: true,
      history: [{ id: v1!.id, value: '182', version: 1 }, { id: v2!.id, value: '82', version: 2 }],
    });
  }, 60_000);

  it.skipIf(skip)('refuses moves outside the lifecycle with CONFLICT, and of racing results records exactly one version 1', async () => {
    const ordered = await request(ORDER, tokens.doctor, { i: { patientId: PATIENT, testCode: '2823-3' } });
    const id = ordered.data!.orderLabTest.id as string;
    expect(codes(await request(RECORD, tokens.labtech, { id, v: '4.1' }))).toEqual(['CONFLICT']);
    expect((await request(COLLECT, tokens.labtech, { id })).errors).toBeUndefined();
    expect(codes(await request(COLLECT, tokens.labtech, { id }))).toEqual(['CONFLICT']);
    const raced = await Promise.all(['4.1', '4.2', '4.3', '4.4', '4.5', '4.6', '4.7', '4.8'].map((v) => request(RECORD, tokens.labtech, { id, v })));
    expect(raced.map((r) => codes(r)?.[0] ?? 'ok').sort()).toEqual(['CONFLICT', 'CONFLICT', 'CONFLICT', 'CONFLICT', 'CONFLICT', 'CONFLICT', 'CONFLICT', 'ok']);
    expect(await labPrisma().labResult.findMany({ where: { orderId: id }, select: { version: true } })).toEqual([{ version: 1 }]);
    expect(await labPrisma().outboxEvent.count({ where: { type: 'lab.result.recorded', payload: { path: ['orderId'], equals: id } } })).toBe(1);
    expect(codes(await request(CANCEL, tokens.labtech, { id, r: 'Too late' }))).toEqual(['CONFLICT']);
    expect(codes(await request(CANCEL, tokens.doctor, { id, r: 'Too late' }))).toEqual(['CONFLICT']);
    // Concurrent corrections: each that succeeds supersedes the version current when it ran (one that read a version
    // another had already superseded is CONFLICT), so history stays one line whatever the interleaving.
    const raceCorrections = await Promise.all(['3.6', '3.7', '3.8'].map((v) => request(CORRECT, tokens.labtech, { id, v, r: 'Recalibrated' })));
    const outcomes = raceCorrections.map((r) => codes(r)?.[0] ?? 'ok');
    expect(outcomes.every((o) => o === 'ok' || o === 'CONFLICT')).toBe(true);
    const line = await labPrisma().labResult.findMany({ where: { orderId: id }, orderBy: { version: 'asc' }, select: { id: true, version: true, supersedesId: true } });
    expect(line.map((r: { version: number }) => r.version)).toEqual(Array.from({ length: 1 + outcomes.filter((o) => o === 'ok').length }, (_v, i) => i + 1));
    line.slice(1).forEach((r: { supersedesId: string }, i: number) => expect(r.supersedesId).toBe(line[i]!.id));
  });

  it.skipIf(skip)('shows the worklist STAT before URGENT before ROUTINE, oldest first within a priority, page by page', async () => {
    const doctor = await createTestPractitioner(t);
    const patient = await createTestPatient(t, { careTeam: [doctor] });
    const placed: { id: string; priority: string }[] = [];
    for (const priority of ['ROUTINE', 'STAT', 'URGENT', 'ROUTINE', 'STAT', 'URGENT']) {
      const result = await request(ORDER, doctor.token, { i: { patientId: patient.id, testCode: '718-7', priority } });
      placed.push({ id: result.data!.orderLabTest.id, priority });
    }
    const rank: Record<string, number> = { STAT: 0, URGENT: 1, ROUTINE: 2 };
    const expected = placed.map((o, i) => ({ ...o, i })).sort((a, b) => rank[a.priority]! - rank[b.priority]! || a.i - b.i).map((o) => o.id);
    const mine = (nodes: { id: string }[]) => nodes.map((o) => o.id).filter((id) => placed.some((p) => p.id === id));
    expect(mine((await request(WORKLIST, tokens.labtech, { s: 'ORDERED', n: 100 })).data!.labOrders.nodes)).toEqual(expected);
    // The doctor's own view of the same worklist holds only their patient's orders, paged with stable cursors.
    const first = await request(WORKLIST, doctor.token, { n: 4 });
    const rest = await request(WORKLIST, doctor.token, { n: 4, after: first.data!.labOrders.pageInfo.endCursor });
    expect(first.data!.labOrders).toMatchObject({ totalCount: 6, pageInfo: { hasNextPage: true } });
    expect([...first.data!.labOrders.nodes, ...rest.data!.labOrders.nodes].map((o: { id: string }) => o.id)).toEqual(expected);
  });

  it.skipIf(skip)('lets only a care-team doctor order; nurse, patient, pharmacist, lab technician, outsiders and anonymous get nothing, and a rejected mutation changes nothing', async () => {
    const collected = (await request(ORDER, tokens.doctor, { i: { patientId: PATIENT, testCode: '2160-0' } })).data!.orderLabTest;
    expect((await request(COLLECT, tokens.labtech, { id: collected.id })).errors).toBeUndefined();
    await t.platform.settle();
    const before = { orders: await labPrisma().labOrder.count(), results: await labPrisma().labResult.count(), events: await countOutboxWrites(labPrisma()) };
    const order = { i: { patientId: PATIENT, testCode: '2345-7' } };
    for (const who of ['nurse', 'patient', 'pharmacist', 'labtech', 'doctor2', 'admin'] as const) expect(codes(await request(ORDER, tokens[who], order)), who).toEqual(['FORBIDDEN']);
    expect(codes(await request(ORDER, undefined, order))).toEqual(['UNAUTHENTICATED']);
    expect(codes(await request(ORDER, tokens.doctor, { i: { patientId: PATIENT, testCode: '2345-8' } }))).toEqual(['BAD_USER_INPUT']);
    expect(codes(await request(ORDER, tokens.doctor, { i: { patientId: randomUUID(), testCode: '2345-7' } }))).toEqual(['FORBIDDEN']);
    const open = await labPrisma().labOrder.findFirst({ where: { patientId: PATIENT, status: 'ORDERED' } });
    for (const who of ['doctor', 'nurse', 'patient', 'pharmacist'] as const) expect(codes(await request(COLLECT, tokens[who], { id: open.id })), who).toEqual(['FORBIDDEN']);
    expect(codes(await request(CANCEL, tokens.doctor2, { id: open.id, r: 'Not mine' }))).toEqual(['FORBIDDEN']);
    expect(codes(await request(CANCEL, tokens.nurse, { id: open.id, r: 'Not mine' }))).toEqual(['FORBIDDEN']);
    expect(codes(await request(COLLECT, tokens.labtech, { id: randomUUID() }))).toEqual(['NOT_FOUND']);
    for (const v of ['high', '1e3', '4.12345', '', 5.5]) expect(codes(await request(RECORD, tokens.labtech, { id: collected.id, v })), String(v)).toEqual(['BAD_USER_INPUT']);
    for (const who of ['doctor', 'nurse', 'patient'] as const) expect(codes(await request(RECORD, tokens[who], { id: collected.id, v: '1.0' })), who).toEqual(['FORBIDDEN']);
    expect(codes(await request('mutation ($id: ID!) { recordLabResult(orderId: $id, value: 5.5) { id } }', tokens.labtech, { id: open.id }))?.[0]).toMatch(/BAD_USER_INPUT|GRAPHQL_VALIDATION_FAILED/);
    expect({ orders: await labPrisma().labOrder.count(), results: await labPrisma().labResult.count(), events: await countOutboxWrites(labPrisma()) }).toEqual(before);
  });

  it.skipIf(skip)("gives doctor2@, patient2@, the pharmacist and ADMIN nothing of patient@'s lab orders through root fields or _entities on the subgraph; anonymous not even that", async () => {
    const resulted = await labPrisma().labOrder.findUnique({ where: { id: '00000000-0000-4000-8000-000000000701' } });
    expect(resulted.status).toBe('RESULTED');
    const representations = [{ __typename: 'LabOrder', id: resulted.id }, { __typename: 'Patient', id: PATIENT }];
    const url = t.platform.subgraphs.lab!.url;
    // The same query finds it for the patient, so the checks below would see a leak.
    const own = await t.request(ENTITIES, { url, token: tokens.patient, variables: { r: representations } });
    expect(JSON.stringify(own.data)).toMatch(/"104"/);
    for (const who of ['doctor2', 'patient2', 'pharmacist', 'admin'] as const) {
      const direct = await t.request(ENTITIES, { url, token: tokens[who], variables: { r: representations } });
      expect(codes(direct), who).toContain('FORBIDDEN');
      expect(JSON.stringify(direct.data ?? null), who).not.toMatch(/104|2345-7/);
      expect(codes(await request(ONE, tokens[who], { id: resulted.id })), who).toEqual(['FORBIDDEN']);
    }
    expect(codes(await t.request(ENTITIES, { url, variables: { r: representations } }))).toEqual(['UNAUTHENTICATED']);
    expect(codes(await request('{ labTests { code } }', undefined))).toEqual(['UNAUTHENTICATED']);
    expect(codes(await request(WORKLIST, tokens.admin))).toEqual(['FORBIDDEN']);
  });

  it.skipIf(skip)('batches: the SQL count of patients with their lab orders does not grow from 5 to 50', async () => {
    const doctor = await createTestPractitioner(t);
    const family = `Lab${randomUUID().slice(0, 6)}`;
    const ids: string[] = [];
    for (let i = 0; i < 50; i += 10)
      ids.push(
        ...(await Promise.all(
          Array.from({ length: 10 }, async () => (await request('mutation ($i: CreatePatientInput!) { createPatient(input: $i) { id } }', tokens.admin, { i: { givenName: 'Batch', familyName: family, birthDate: '1970-01-01' } })).data!.createPatient.id as string),
        )),
      );
    await t.platform.settle();
    for (const id of ids) expect((await request('mutation ($p: ID!, $d: ID!) { assignCareTeamMember(patientId: $p, practitionerId: $d) { id } }', tokens.admin, { p: id, d: doctor.id })).errors).toBeUndefined();
    await t.platform.settle();
    for (let i = 0; i < ids.length; i += 10)
      await Promise.all(
        ids.slice(i, i + 10).map(async (patientId) => {
          const ordered = await request(ORDER, doctor.token, { i: { patientId, testCode: '2345-7' } });
          const id = ordered.data!.orderLabTest.id;
          expect((await request(COLLECT, tokens.labtech, { id })).errors).toBeUndefined();
          expect((await request(RECORD, tokens.labtech, { id, v: '90' })).errors).toBeUndefined();
        }),
      );
    // Other contexts are still applying the orders' events (patients learns the lab relation): let them finish first.
    await t.platform.settle();
    const LIST = 'query ($s: String, $n: Int) { patients(search: $s, first: $n) { nodes { givenName labOrders { status priority test { code unit } orderedBy { id } result { value interpretation performer { id } supersedes { id } } history { version } } } } }';
    const sqlFor = async (first: number) => {
      await request(LIST, doctor.token, { s: family, n: first }); // warm-up: plans are cached after this
      t.queries.reset();
      const result = await request(LIST, doctor.token, { s: family, n: first });
      expect(result.errors).toBeUndefined();
      expect(result.data?.patients.nodes).toHaveLength(first);
      expect(result.data?.patients.nodes[0].labOrders).toEqual([{ status: 'RESULTED', priority: 'ROUTINE', test: { code: '2345-7', unit: 'mg/dL' }, orderedBy: { id: doctor.id }, result: { value: '90', interpretation: 'NORMAL', performer: { id: DEMO_IDS.practitioners.labtech }, supersedes: null }, history: [{ version: 1 }] }]);
      return { lab: t.queries.count('lab'), patients: t.queries.count('patients') };
    };
    const five = await sqlFor(5);
    const fifty = await sqlFor(50);
    console.info(`SQL statements for 5 / 50 patients with their lab orders (${mode}):`, JSON.stringify(five), JSON.stringify(fifty));
    expect(fifty).toEqual(five);
  }, 180_000);
});
