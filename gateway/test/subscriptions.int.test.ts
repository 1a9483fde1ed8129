/**
 * Subscriptions through the real gateway with a real graphql-ws client, in both run modes: events come from real
 * mutations, through the outbox, the bus, the notifications context's live feed and the live channel (Redis pub/sub
 * in postgres mode). Payloads are read with each subscriber's own credentials, so ownership is the subgraphs' to judge.
 */
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createTokenSigner } from '@caregraph/auth';
import { DEMO_IDS } from '@caregraph/demo';
import {
  MODES,
  createTestAccount,
  createTestPatient,
  errorCodes,
  openLiveClient,
  realServicesMissing,
  startGatewayReplica,
  subscribe,
  useTestPlatform,
  type LiveClient,
} from '@caregraph/testkit';

const servicesMissing = await realServicesMissing('gateway subscriptions');

const DAY = 86_400_000;
const { patient: PATIENT, patient2: PATIENT2 } = DEMO_IDS.patients;
const { doctor: DOCTOR } = DEMO_IDS.practitioners;
const FREE = 'query ($id: ID!, $from: DateTime!, $to: DateTime!) { practitioner(id: $id) { availability(from: $from, to: $to) { start } } }';
const BOOK = 'mutation ($i: BookAppointmentInput!) { bookAppointment(input: $i) { id } }';
const CANCEL = 'mutation ($id: ID!) { cancelAppointment(id: $id, reason: "Changed plans") { id } }';
const APPOINTMENT_CHANGED =
  'subscription ($p: ID) { appointmentChanged(practitionerId: $p) { id status start patient { givenName familyName } practitioner { familyName } } }';
const NOTIFICATIONS = 'subscription ($after: String) { notificationReceived(after: $after) { id type title cursor } }';

describe.each(MODES)('subscriptions (%s)', (mode) => {
  const skip = mode === 'postgres' && !!servicesMissing;
  const { t, tokens } = useTestPlatform(mode, {
    skip,
    signIn: ['admin', 'doctor', 'doctor2', 'nurse', 'patient', 'patient2', 'pharmacist', 'labtech'],
    env: { MAX_SUBSCRIPTIONS_PER_CONNECTION: '4', MAX_CONNECTIONS_PER_USER: '6' },
  });
  const clients: LiveClient[] = [];
  const connect = async (token?: string) => {
    const live = openLiveClient(t.url, token);
    clients.push(live);
    return live;
  };
  const connected = async (token: string) => {
    const live = await connect(token);
    await live.connected;
    return live;
  };

  /** Free slots of doctor@ in the coming weeks; each test books its own (`index`), so tests never collide. */
  let slots: string[] | undefined;
  const slot = async (index: number) => {
    slots ??= (
      await t.request(FREE, { token: tokens.patient, variables: { id: DOCTOR, from: new Date(Date.now() + 8 * DAY).toISOString(), to: new Date(Date.now() + 20 * DAY).toISOString() } })
    ).data!.practitioner.availability.map((s: { start: string }) => s.start);
    return slots![index * 3]!;
  };
  const book = async (token: string, patientId: string, index: number) => {
    const booked = await t.request(BOOK, { token, variables: { i: { practitionerId: DOCTOR, patientId, start: await slot(index), reason: 'Live test' } } });
    expect(booked.errors).toBeUndefined();
    return booked.data!.bookAppointment.id as string;
  };
  const closeAll = async () => Promise.all(clients.splice(0).map((c) => c.dispose()));

  // How fast is `npm run bench:subscriptions`'s to measure; here it is what arrives, and that it arrives at all.
  it.skipIf(skip)("delivers patient@'s booking to doctor@'s appointmentChanged, joined with patients and care-team", async () => {
    const doctor = await connected(tokens.doctor);
    const changes = subscribe(doctor, APPOINTMENT_CHANGED, { p: DOCTOR });
    const admin = await connected(tokens.admin);
    const everything = subscribe(admin, 'subscription { appointmentChanged { id status } }');
    await new Promise((resolve) => setTimeout(resolve, 100)); // the subscribe message reaches the gateway
    const id = await book(tokens.patient, PATIENT, 0);
    const event = await changes.next();
    expect(event.errors).toBeUndefined();
    expect(event.data!.appointmentChanged).toMatchObject({ id, status: 'BOOKED', patient: { givenName: 'Pat', familyName: 'Morgan' }, practitioner: { familyName: expect.any(String) } });
    expect((await everything.next()).data!.appointmentChanged).toEqual({ id, status: 'BOOKED' });

    expect((await t.request(CANCEL, { token: tokens.patient, variables: { id } })).errors).toBeUndefined();
    expect((await changes.next()).data!.appointmentChanged).toMatchObject({ id, status: 'CANCELLED' });
    await closeAll();
  });

  it.skipIf(skip)("gives patient@ the booking confirmation and patient2@ nothing, and refuses patient@ another patient's appointments", async () => {
    const patient = await connected(tokens.patient);
    const mine = subscribe(patient, NOTIFICATIONS);
    const ownChanges = subscribe(patient, 'subscription { appointmentChanged { id patient { id } } }');
    const other = await connected(tokens.patient2);
    const theirs = subscribe(other, NOTIFICATIONS);
    const theirChanges = subscribe(other, 'subscription { appointmentChanged { id } }');
    // Not even with the other patient's id, nor through a filter that looks harmless.
    const refused = subscribe(patient, 'subscription ($p: ID) { appointmentChanged(patientId: $p) { id } }', { p: PATIENT2 });
    expect(await refused.ended).toMatchObject([{ extensions: { code: 'FORBIDDEN' } }]);

    await new Promise((resolve) => setTimeout(resolve, 100));
    const id = await book(tokens.patient, PATIENT, 1);
    const notification = await mine.next();
    expect(notification.data!.notificationReceived).toMatchObject({ type: 'APPOINTMENT_BOOKED', title: 'Appointment booked', cursor: expect.any(String) });
    expect((await ownChanges.next()).data!.appointmentChanged).toEqual({ id, patient: { id: PATIENT } });
    await t.platform.settle();
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(theirs.events).toEqual([]);
    expect(theirChanges.events).toEqual([]);
    await closeAll();
  });

  it.skipIf(skip)('gives a pharmacist stockLow with pharmacy fields when a dispense falls to the reorder level, and refuses it to others', async () => {
    const created = await t.request('mutation ($i: CreateMedicationInput!) { createMedication(input: $i) { id } }', {
      token: tokens.pharmacist,
      variables: { i: { code: String(100000 + Math.floor(Math.random() * 800000)), name: `Live ${randomUUID().slice(0, 6)}`, form: 'TABLET', strength: '5 mg', ingredients: ['livetest'], reorderLevel: 5 } },
    });
    expect(created.errors).toBeUndefined();
    const medicationId = created.data!.createMedication.id as string;
    const restocked = await t.request('mutation ($id: ID!) { restockMedication(medicationId: $id, quantity: 12) { id } }', { token: tokens.pharmacist, variables: { id: medicationId } });
    expect(restocked.errors).toBeUndefined();
    await t.platform.settle();

    const pharmacist = await connected(tokens.pharmacist);
    const low = subscribe(pharmacist, 'subscription { stockLow { id name stockOnHand reorderLevel lowStock } }');
    const nurse = await connected(tokens.nurse);
    const refused = subscribe(nurse, 'subscription { stockLow { id } }');
    expect(await refused.ended).toMatchObject([{ extensions: { code: 'FORBIDDEN' } }]);
    const prescription = await t.request('mutation ($i: PrescribeInput!) { prescribe(input: $i) { id } }', {
      token: tokens.doctor,
      variables: { i: { patientId: PATIENT, medicationId, dosageInstructions: 'Once daily', quantity: 10 } },
    });
    expect(prescription.errors).toBeUndefined();
    const dispensed = await t.request('mutation ($id: ID!, $q: Int!) { dispense(prescriptionId: $id, quantity: $q) { id } }', {
      token: tokens.pharmacist,
      variables: { id: prescription.data!.prescribe.id, q: 8 },
    });
    expect(dispensed.errors).toBeUndefined();
    const event = await low.next();
    expect(event.data!.stockLow).toEqual({ id: medicationId, name: expect.stringMatching(/^Live /), stockOnHand: 4, reorderLevel: 5, lowStock: true });
    await closeAll();
  });

  it.skipIf(skip)('gives labResultReady to the ordering doctor and the patient, with the result, and nothing to another patient', async () => {
    const doctor = await connected(tokens.doctor);
    const ordered = subscribe(doctor, 'subscription { labResultReady { id status test { code } result { value interpretation } patient { givenName } } }');
    const patient = await connected(tokens.patient);
    const own = subscribe(patient, 'subscription { labResultReady { id result { value } } }');
    const other = await connected(tokens.patient2);
    const theirs = subscribe(other, 'subscription { labResultReady { id } }');
    const labtech = await connected(tokens.labtech);
    const refused = subscribe(labtech, 'subscription { labResultReady { id } }');
    expect(await refused.ended).toMatchObject([{ extensions: { code: 'FORBIDDEN' } }]);

    const order = await t.request('mutation ($i: OrderLabTestInput!) { orderLabTest(input: $i) { id } }', { token: tokens.doctor, variables: { i: { patientId: PATIENT, testCode: '2345-7' } } });
    expect(order.errors).toBeUndefined();
    const orderId = order.data!.orderLabTest.id as string;
    expect((await t.request('mutation ($id: ID!) { collectSpecimen(orderId: $id) { id } }', { token: tokens.labtech, variables: { id: orderId } })).errors).toBeUndefined();
    expect((await t.request('mutation ($id: ID!) { recordLabResult(orderId: $id, value: "131") { id } }', { token: tokens.labtech, variables: { id: orderId } })).errors).toBeUndefined();
    expect((await ordered.next()).data!.labResultReady).toEqual({ id: orderId, status: 'RESULTED', test: { code: '2345-7' }, result: { value: '131', interpretation: 'HIGH' }, patient: { givenName: 'Pat' } });
    expect((await own.next()).data!.labResultReady).toEqual({ id: orderId, result: { value: '131' } });
    await t.platform.settle();
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(theirs.events).toEqual([]);
    await closeAll();
  });

  it.skipIf(skip)('ends a live subscription at logout (4401), and an expired token cannot subscribe', async () => {
    const token = await t.login('nurse@demo.test');
    const nurse = await connected(token);
    subscribe(nurse, NOTIFICATIONS);
    await new Promise((resolve) => setTimeout(resolve, 100));
    const started = Date.now();
    const logout = await t.request('mutation { logout }', { token });
    expect(logout.errors).toBeUndefined();
    const closed = await nurse.closed;
    // The revocation notice closes it at once; without it, the periodic recheck would take up to 30 s.
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(closed.code).toBe(4401);
    expect(closed.reason).toMatch(/signed out/);

    const signer = createTokenSigner(t.config.jwt);
    const subject = { id: randomUUID(), role: 'NURSE' as const, practitionerId: DEMO_IDS.practitioners.nurse };
    const expired = signer.sign(subject, randomUUID(), new Date(Date.now() - 2 * t.config.jwt.accessTtlSeconds * 1000)).token;
    expect((await (await connect(expired)).closed)).toMatchObject({ code: 4401, reason: expect.stringMatching(/expired/) });
    // A token that expires while connected closes the connection when it does.
    const shortLived = signer.sign(subject, randomUUID(), new Date(Date.now() - (t.config.jwt.accessTtlSeconds - 1) * 1000)).token;
    const soon = await connected(shortLived);
    expect(await soon.closed).toMatchObject({ code: 4401, reason: expect.stringMatching(/expired/) });
    expect(await (await connect()).closed).toMatchObject({ code: 4401, reason: expect.stringMatching(/connection_init/) });
    await closeAll();
  });

  it.skipIf(skip)('replays exactly the notifications missed while disconnected, then goes live without duplicates', async () => {
    const patient = await createTestPatient(t, { careTeam: [{ id: DOCTOR }] });
    const first = await connected(patient.token);
    const live = subscribe(first, NOTIFICATIONS);
    await new Promise((resolve) => setTimeout(resolve, 100));
    const kept = await book(patient.token, patient.id, 2);
    const seen = (await live.next()).data!.notificationReceived;
    await first.dispose();

    // Missed while away: the cancellation of the first booking and a second booking.
    await t.request(CANCEL, { token: patient.token, variables: { id: kept } });
    const second = await book(patient.token, patient.id, 3);
    await t.platform.settle();

    const again = await connected(patient.token);
    const resumed = subscribe(again, NOTIFICATIONS, { after: seen.cursor });
    const replayed = [(await resumed.next()).data!.notificationReceived, (await resumed.next()).data!.notificationReceived];
    expect(replayed.map((n) => n.type)).toEqual(['APPOINTMENT_CANCELLED', 'APPOINTMENT_BOOKED']);
    await t.request(CANCEL, { token: patient.token, variables: { id: second } });
    expect((await resumed.next()).data!.notificationReceived.type).toBe('APPOINTMENT_CANCELLED');
    await t.platform.settle();
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(resumed.events).toHaveLength(3);
    expect(new Set(resumed.events.map((e) => e.data!.notificationReceived.id)).size).toBe(3);
    expect(resumed.events.map((e) => e.data!.notificationReceived.id)).not.toContain(seen.id);
    await closeAll();
  });

  it.skipIf(skip)('applies the query limits, the per-connection and per-account caps, and answers an HTTP subscription 400', async () => {
    const doctor = await connected(tokens.doctor2);
    const deep = 'subscription { appointmentChanged { patient { careTeam { practitioner { patients { nodes { careTeam { practitioner { patients { nodes { careTeam { practitioner { id } } } } } } } } } } } } }';
    expect(await subscribe(doctor, deep).ended).toMatchObject([{ extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } }]);
    for (let i = 0; i < 4; i++) subscribe(doctor, NOTIFICATIONS);
    const fifth = subscribe(doctor, NOTIFICATIONS);
    expect(await fifth.ended).toMatchObject([{ extensions: { code: 'RATE_LIMITED' } }]);

    const account = await createTestAccount(t, 'LAB_TECHNICIAN');
    for (let i = 0; i < 6; i++) await connected(account.token);
    expect(await (await connect(account.token)).closed).toMatchObject({ code: 4429, reason: expect.stringMatching(/Too many connections/) });

    const http = await t.request('subscription { notificationReceived { id } }', { token: tokens.doctor });
    expect(http.status).toBe(400);
    expect(errorCodes(http)).toEqual(['BAD_REQUEST']);
    await closeAll();
  });

  // Redis is what carries live messages between processes, so this one exists in postgres mode only.
  if (mode === 'postgres') it.skipIf(skip)('fans out over Redis: two gateway processes each deliver to their own clients', async () => {
    const second = await startGatewayReplica(t);
    try {
      const here = await connected(tokens.doctor);
      const there = openLiveClient(second.url, tokens.doctor);
      clients.push(there);
      await there.connected;
      const a = subscribe(here, APPOINTMENT_CHANGED, { p: DOCTOR });
      const b = subscribe(there, APPOINTMENT_CHANGED, { p: DOCTOR });
      await new Promise((resolve) => setTimeout(resolve, 200));
      const id = await book(tokens.patient, PATIENT, 4);
      expect((await a.next()).data!.appointmentChanged).toMatchObject({ id, patient: { givenName: 'Pat' } });
      expect((await b.next()).data!.appointmentChanged).toMatchObject({ id, patient: { givenName: 'Pat' } });
      await closeAll();
    } finally {
      await second.process.stop();
    }
  }, 90_000);
});
