/**
 * Notifications through the real supergraph, in both run modes: a booking and its cancellation reach the patient's
 * and the doctor's inboxes (and nobody else's) within a second, reading and marking, unreadOnly and paging, a
 * dispense and a low stock reaching the patient and every pharmacist, and no inbox readable or markable by anyone
 * but its owner — through root fields and through `_entities` sent straight to the notifications subgraph.
 */
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { MODES, createTestAvailability, createTestPatient, createTestPractitioner, errorCodes as codes, eventually, realServicesMissing, useTestPlatform } from '@caregraph/testkit';

const servicesMissing = await realServicesMissing('notifications');

const DAY = 86_400_000;
const FIELDS = 'id type title body subjectId createdAt readAt';
const INBOX = `query ($unread: Boolean, $first: Int, $after: String) { unreadCount notifications(unreadOnly: $unread, first: $first, after: $after) { totalCount edges { cursor } nodes { ${FIELDS} } pageInfo { hasNextPage endCursor } } }`;
const MARK = `mutation ($id: ID!) { markNotificationRead(id: $id) { ${FIELDS} } }`;
const MARK_ALL = 'mutation { markAllNotificationsRead }';
const BOOK = 'mutation ($i: BookAppointmentInput!) { bookAppointment(input: $i) { id start } }';
const CANCEL = 'mutation ($id: ID!) { cancelAppointment(id: $id, reason: "Feeling better") { id status } }';
const PRESCRIBE = 'mutation ($i: PrescribeInput!) { prescribe(input: $i) { id } }';
const DISPENSE = 'mutation ($id: ID!, $q: Int!) { dispense(prescriptionId: $id, quantity: $q) { id } }';

type Notification = { id: string; type: string; title: string; body: string; subjectId: string; createdAt: string; readAt: string | null };

/** The UTC instant `hour`:00 on the next weekday at least two days ahead. */
function weekdayAt(hour: number): string {
  let day = new Date(Date.now() + 2 * DAY);
  while (day.getUTCDay() === 0 || day.getUTCDay() === 6) day = new Date(day.getTime() + DAY);
  return new Date(Date.UTC(day.getUTCFullYear(), day.getUTCMonth(), day.getUTCDate(), hour)).toISOString();
}

describe.each(MODES)('notifications (%s)', (mode) => {
  const skip = mode === 'postgres' && !!servicesMissing;
  const { t, tokens } = useTestPlatform(mode, { skip, signIn: ['patient2', 'pharmacist'] });
  const ok = (result: { data?: unknown; errors?: unknown }): any => {
    expect(result.errors).toBeUndefined();
    return result.data;
  };
  const inbox = async (token: string, variables: Record<string, unknown> = {}) => ok(await t.request(INBOX, { token, variables: { first: 100, ...variables } }));
  const nodes = async (token: string): Promise<Notification[]> => (await inbox(token)).notifications.nodes;
  /** Waits (up to a second, as the events promise) until `token`'s inbox has a `type` notification about `subjectId`. */
  const arrival = (token: string, type: string, subjectId: string) =>
    eventually(async () => {
      const found = (await nodes(token)).find((n) => n.type === type && n.subjectId === subjectId);
      expect(found).toBeDefined();
      return found!;
    }, 1000);

  it.skipIf(skip)('a booking and its cancellation reach the patient and the doctor within a second; reading, marking, unreadOnly and paging', async () => {
    const doctor = await createTestPractitioner(t);
    const patient = await createTestPatient(t, { careTeam: [doctor] });
    await createTestAvailability(t, doctor);
    const start = weekdayAt(10);
    const booked = ok(await t.request(BOOK, { token: patient.token, variables: { i: { patientId: patient.id, practitionerId: doctor.id, start, reason: 'Check-up' } } })).bookAppointment;
    const startedAt = Date.now();
    const [mine, doctors] = await Promise.all([arrival(patient.token, 'APPOINTMENT_BOOKED', booked.id), arrival(doctor.token, 'APPOINTMENT_BOOKED', booked.id)]);
    console.info(`bookAppointment → both notifications in ${Date.now() - startedAt} ms (${mode})`);
    expect(mine).toMatchObject({ title: 'Appointment booked', body: expect.stringContaining(' UTC'), readAt: null });
    expect(doctors).toMatchObject({ title: 'New appointment', readAt: null });
    // Someone else's inbox has nothing of it.
    expect((await nodes(tokens.patient2)).some((n) => n.subjectId === booked.id)).toBe(false);

    ok(await t.request(CANCEL, { token: patient.token, variables: { id: booked.id } }));
    await arrival(patient.token, 'APPOINTMENT_CANCELLED', booked.id);
    await arrival(doctor.token, 'APPOINTMENT_CANCELLED', booked.id);

    // Newest first: the cancellation, then the booking; both unread.
    const before = await inbox(patient.token);
    expect(before.notifications.nodes.map((n: Notification) => n.type)).toEqual(['APPOINTMENT_CANCELLED', 'APPOINTMENT_BOOKED']);
    expect(before).toMatchObject({ unreadCount: 2, notifications: { totalCount: 2 } });

    // Paging with `after`: one at a time, the cursors carry on where the last page ended.
    const page1 = (await inbox(patient.token, { first: 1 })).notifications;
    expect(page1).toMatchObject({ nodes: [{ type: 'APPOINTMENT_CANCELLED' }], pageInfo: { hasNextPage: true } });
    const page2 = (await inbox(patient.token, { first: 1, after: page1.pageInfo.endCursor })).notifications;
    expect(page2).toMatchObject({ nodes: [{ id: mine.id }], pageInfo: { hasNextPage: false } });
    expect(codes(await t.request(INBOX, { token: patient.token, variables: { after: 'not-a-cursor' } }))).toEqual(['BAD_USER_INPUT']);

    // Marking one: unreadCount falls, unreadOnly leaves it out, marking again keeps the first readAt.
    const marked = ok(await t.request(MARK, { token: patient.token, variables: { id: mine.id } })).markNotificationRead;
    expect(marked.readAt).not.toBeNull();
    const unread = await inbox(patient.token, { unread: true });
    expect(unread.unreadCount).toBe(1);
    expect(unread.notifications).toMatchObject({ totalCount: 1, nodes: [{ type: 'APPOINTMENT_CANCELLED' }] });
    expect(ok(await t.request(MARK, { token: patient.token, variables: { id: mine.id } })).markNotificationRead.readAt).toBe(marked.readAt);
    // Marking all: the count says how many, then nothing is unread; the doctor's inbox is untouched.
    expect(ok(await t.request(MARK_ALL, { token: patient.token })).markAllNotificationsRead).toBe(1);
    expect(ok(await t.request(MARK_ALL, { token: patient.token })).markAllNotificationsRead).toBe(0);
    expect((await inbox(patient.token, { unread: true })).unreadCount).toBe(0);
    expect((await inbox(doctor.token)).unreadCount).toBe(2);
    // Racing mark-alls: the conditional UPDATE counts each notification once, whoever wins it.
    const counts = await Promise.all(Array.from({ length: 8 }, () => t.request(MARK_ALL, { token: doctor.token })));
    expect(counts.reduce((sum, answer) => sum + (ok(answer).markAllNotificationsRead as number), 0)).toBe(2);
    expect((await inbox(doctor.token)).unreadCount).toBe(0);
  }, 40_000);

  it.skipIf(skip)('a dispense reaches the patient; the stock falling to its reorder level reaches every pharmacist, the demo pharmacist@ included', async () => {
    const doctor = await createTestPractitioner(t);
    const patient = await createTestPatient(t, { careTeam: [doctor] });
    const newPharmacist = await createTestPractitioner(t, { role: 'PHARMACIST' });
    const medication = ok(
      await t.request('mutation ($i: CreateMedicationInput!) { createMedication(input: $i) { id name } }', {
        token: tokens.pharmacist,
        variables: { i: { code: String(10_000_000 + Math.floor(Math.random() * 89_999_999)), name: `Notifamine ${randomUUID().slice(0, 6)}`, form: 'TABLET', strength: '5 mg', reorderLevel: 5 } },
      }),
    ).createMedication;
    ok(await t.request('mutation ($id: ID!) { restockMedication(medicationId: $id, quantity: 6) { stockOnHand } }', { token: tokens.pharmacist, variables: { id: medication.id } }));
    const prescription = ok(await t.request(PRESCRIBE, { token: doctor.token, variables: { i: { patientId: patient.id, medicationId: medication.id, quantity: 1, refills: 3, dosageInstructions: 'As directed' } } })).prescribe;
    ok(await t.request(DISPENSE, { token: tokens.pharmacist, variables: { id: prescription.id, q: 1 } })); // 6 → 5: low

    const ready = await arrival(patient.token, 'PRESCRIPTION_DISPENSED', prescription.id);
    expect(ready).toMatchObject({ title: 'Prescription ready', body: expect.stringContaining(medication.name) });
    for (const token of [tokens.pharmacist, newPharmacist.token]) expect(await arrival(token, 'STOCK_LOW', medication.id)).toMatchObject({ title: `Stock low: ${medication.name}` });
    // Neither the patient nor the prescriber hears of the stock, nor the pharmacists of the patient's prescription.
    expect((await nodes(patient.token)).map((n) => n.type)).toEqual(['PRESCRIPTION_DISPENSED']);
    expect((await nodes(doctor.token)).some((n) => n.subjectId === medication.id)).toBe(false);
    expect((await nodes(newPharmacist.token)).map((n) => n.type)).toEqual(['STOCK_LOW']);
  }, 40_000);

  it.skipIf(skip)("nobody reads or marks another's notification: root fields, _entities straight to the subgraph, anonymous", async () => {
    const doctor = await createTestPractitioner(t);
    const patient = await createTestPatient(t, { careTeam: [doctor] });
    await createTestAvailability(t, doctor);
    const booked = ok(await t.request(BOOK, { token: patient.token, variables: { i: { patientId: patient.id, practitionerId: doctor.id, start: weekdayAt(11), reason: 'Check-up' } } })).bookAppointment;
    const theirs = await arrival(patient.token, 'APPOINTMENT_BOOKED', booked.id);

    // Marking someone else's notification answers exactly as an unknown id does, and changes nothing.
    for (const token of [tokens.patient2, doctor.token]) {
      const foreign = await t.request(MARK, { token, variables: { id: theirs.id } });
      const unknown = await t.request(MARK, { token, variables: { id: randomUUID() } });
      expect(codes(foreign)).toEqual(['NOT_FOUND']);
      expect(foreign.errors![0]!.message.replace(theirs.id, 'ID')).toBe(unknown.errors![0]!.message.replace(/[0-9a-f-]{36}/, 'ID'));
    }
    expect((await inbox(patient.token)).unreadCount).toBe(1);
    expect((await nodes(tokens.patient2)).some((n) => n.id === theirs.id)).toBe(false);

    // notification(id) is null for anyone but the recipient, exactly like an unknown id; notificationsSince shows only one's own.
    const ONE = `query ($id: ID!) { notification(id: $id) { ${FIELDS} cursor } }`;
    for (const token of [tokens.patient2, doctor.token, tokens.pharmacist]) {
      expect(ok(await t.request(ONE, { token, variables: { id: theirs.id } })).notification).toBeNull();
      expect(ok(await t.request(ONE, { token, variables: { id: randomUUID() } })).notification).toBeNull();
      const since = ok(await t.request('{ notificationsSince { nodes { id } } }', { token })).notificationsSince;
      expect(since.nodes.map((n: { id: string }) => n.id)).not.toContain(theirs.id);
    }
    const own = ok(await t.request(ONE, { token: patient.token, variables: { id: theirs.id } })).notification;
    expect(own).toMatchObject({ id: theirs.id, type: 'APPOINTMENT_BOOKED', cursor: expect.any(String) });
    // The recipient pages through what came after a cursor, oldest first; the notification's cursor is its edge's.
    const SINCE = 'query ($c: String, $f: Int) { notificationsSince(cursor: $c, first: $f) { totalCount edges { cursor node { id } } pageInfo { hasNextPage endCursor } } }';
    const all = ok(await t.request(SINCE, { token: patient.token })).notificationsSince;
    expect(all.edges.map((e: { node: { id: string } }) => e.node.id)).toContain(theirs.id);
    expect(all.edges.find((e: { node: { id: string } }) => e.node.id === theirs.id).cursor).toBe(own.cursor);
    expect(ok(await t.request(SINCE, { token: patient.token, variables: { c: all.pageInfo.endCursor } })).notificationsSince).toMatchObject({ totalCount: 0, edges: [], pageInfo: { hasNextPage: false } });
    expect(codes(await t.request(SINCE, { token: patient.token, variables: { c: 'not-a-cursor' } }))).toEqual(['BAD_USER_INPUT']);
    expect(codes(await t.request(SINCE, { token: patient.token, variables: { f: 500 } }))).toEqual(['BAD_USER_INPUT']);

    // _entities straight to the subgraph: FORBIDDEN and nothing of it for anyone else, the recipient reads it.
    const url = t.platform.subgraphs.notifications!.url;
    const entities = (token: string | undefined) =>
      t.request(`query ($r: [_Any!]!) { _entities(representations: $r) { ... on Notification { ${FIELDS} } } }`, { url, token, variables: { r: [{ __typename: 'Notification', id: theirs.id }] } });
    for (const token of [tokens.patient2, doctor.token, tokens.pharmacist]) {
      const answer = await entities(token);
      expect(codes(answer)).toContain('FORBIDDEN');
      expect(JSON.stringify(answer.data)).not.toMatch(/Appointment|UTC|APPOINTMENT/);
    }
    expect(codes(await entities(undefined))).toContain('UNAUTHENTICATED');
    expect(ok(await entities(patient.token))._entities).toEqual([expect.objectContaining({ id: theirs.id, subjectId: booked.id })]);

    // Anonymous: every operation refused at the gateway.
    for (const query of ['{ unreadCount }', '{ notifications { totalCount } }', '{ notificationsSince { totalCount } }', MARK_ALL]) expect(codes(await t.request(query))).toEqual(['UNAUTHENTICATED']);
    expect(codes(await t.request(MARK, { variables: { id: theirs.id } }))).toEqual(['UNAUTHENTICATED']);
  }, 40_000);

  it.skipIf(skip)('batches: the SQL count of an inbox page does not grow from 5 to 50 notifications', async () => {
    // A new pharmacist, so the inbox holds just these: 50 low-stock announcements as pharmacy's relay publishes them,
    // without 50 restock-and-dispense crossings.
    const pharmacist = await createTestPractitioner(t, { role: 'PHARMACIST' });
    await t.platform.settle();
    for (let i = 0; i < 50; i++) {
      const medicationId = randomUUID();
      await t.platform.bus.publish({
        id: randomUUID(),
        type: 'pharmacy.stock.low',
        aggregateId: medicationId,
        occurredAt: new Date().toISOString(),
        payload: { medicationId, code: String(300_000 + i), name: `Batchamine ${i}`, stockOnHand: 1, reorderLevel: 5 },
      });
    }
    await t.platform.settle();
    const SINCE = `query ($first: Int) { notificationsSince(first: $first) { totalCount edges { cursor node { ${FIELDS} cursor } } pageInfo { hasNextPage endCursor } } }`;
    const sqlFor = async (query: string, field: 'notifications' | 'notificationsSince', first: number) => {
      await t.request(query, { token: pharmacist.token, variables: { first } }); // warm-up
      t.queries.reset();
      const data = ok(await t.request(query, { token: pharmacist.token, variables: { first } }));
      const page = field === 'notifications' ? data.notifications.nodes : data.notificationsSince.edges.map((e: { node: Notification }) => e.node);
      expect(page).toHaveLength(first);
      expect(page.every((n: Notification) => n.type === 'STOCK_LOW')).toBe(true);
      return t.queries.count('notifications');
    };
    const list = [await sqlFor(INBOX, 'notifications', 5), await sqlFor(INBOX, 'notifications', 50)];
    const since = [await sqlFor(SINCE, 'notificationsSince', 5), await sqlFor(SINCE, 'notificationsSince', 50)];
    // One notification(id) costs what one lookup costs, whichever it is.
    const ONE = `query ($id: ID!) { notification(id: $id) { ${FIELDS} cursor } }`;
    const newest = (await nodes(pharmacist.token))[0]!;
    t.queries.reset();
    expect(ok(await t.request(ONE, { token: pharmacist.token, variables: { id: newest.id } })).notification).toMatchObject({ id: newest.id });
    const one = t.queries.count('notifications');
    console.info(`notifications SQL statements for 5 / 50 (${mode}): notifications ${list.join(' / ')}, notificationsSince ${since.join(' / ')}; notification(id) ${one}`);
    expect(list[1]).toBe(list[0]);
    expect(since[1]).toBe(since[0]);
    expect(list[0]).toBeLessThanOrEqual(5);
    expect(since[0]).toBeLessThanOrEqual(5);
    expect(one).toBe(1);
  }, 40_000);
});
