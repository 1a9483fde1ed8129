/**
 * The typed client against the real supergraph (embedded: the documents' validity and types do not depend on the run
 * mode): the committed public schema is the one composition produces now, and every core-flow document runs, typed,
 * as the role it is written for.
 */
import { readFileSync } from 'node:fs';
import { print } from 'graphql';
import { describe, expect, it } from 'vitest';
import { DEMO_IDS } from '@caregraph/demo';
import { PUBLIC_SCHEMA_PATH, publicApiSchema } from '@caregraph/platform/compose-supergraph';
import { openLiveClient, subscribe, useTestPlatform } from '@caregraph/testkit';
import {
  AppointmentChangedDocument,
  BookAppointmentDocument,
  FreeSlotsDocument,
  InboxDocument,
  LoginDocument,
  PatientOverviewDocument,
  PharmacyWorklistDocument,
  PractitionerScheduleDocument,
  request,
  type AppointmentStatus,
} from '../src';

const DAY = 86_400_000;

describe('the public schema', () => {
  it('is committed as composition produces it now (run `npm run compose` after changing a subgraph schema)', () => {
    expect(readFileSync(PUBLIC_SCHEMA_PATH, 'utf8')).toBe(publicApiSchema());
  });
});

describe('the typed client (embedded)', () => {
  const { t } = useTestPlatform('embedded');
  const login = async (email: string) => {
    const result = await request(t.url, LoginDocument, { email, password: 'demo-password' });
    expect(result.errors).toBeUndefined();
    return result.data!.login;
  };

  it("runs a doctor's day, a patient's overview and a pharmacist's worklist, typed end to end", async () => {
    const doctor = await login('doctor@demo.test');
    expect(doctor.user.role).toBe('DOCTOR');
    const from = new Date(Date.now() - 15 * DAY).toISOString();
    const to = new Date(Date.now() + 15 * DAY).toISOString();
    const schedule = await request(t.url, PractitionerScheduleDocument, { from, to }, { token: doctor.accessToken });
    expect(schedule.errors).toBeUndefined();
    const appointments = schedule.data!.me!.practitioner!.appointments!;
    const statuses: AppointmentStatus[] = appointments.map((a) => a.status);
    expect(statuses.length).toBeGreaterThan(0);
    expect(appointments.map((a) => a.patient.givenName)).toContain('Pat');

    const patient = await login('patient@demo.test');
    const overview = await request(t.url, PatientOverviewDocument, {}, { token: patient.accessToken });
    expect(overview.errors).toBeUndefined();
    expect(overview.data!.me!.patient).toMatchObject({ id: DEMO_IDS.patients.patient, givenName: 'Pat' });
    expect(overview.data!.me!.patient!.invoices!.every((i) => typeof i.total.amount === 'string')).toBe(true);

    const pharmacist = await login('pharmacist@demo.test');
    const worklist = await request(t.url, PharmacyWorklistDocument, {}, { token: pharmacist.accessToken });
    expect(worklist.errors).toBeUndefined();
    expect(worklist.data!.pendingPrescriptions.nodes.length).toBeGreaterThan(0);

    const inbox = await request(t.url, InboxDocument, {}, { token: patient.accessToken });
    expect(inbox.errors).toBeUndefined();
    expect(typeof inbox.data!.unreadCount).toBe('number');
  });

  it('books through the typed mutation and receives it on the typed subscription', async () => {
    const doctor = await login('doctor@demo.test');
    const patient = await login('patient@demo.test');
    const live = openLiveClient(t.url, doctor.accessToken);
    await live.connected;
    const changes = subscribe(live, print(AppointmentChangedDocument), { practitionerId: doctor.user.practitioner!.id });
    await new Promise((resolve) => setTimeout(resolve, 100));
    const free = await request(t.url, FreeSlotsDocument, { practitionerId: DEMO_IDS.practitioners.doctor, from: new Date(Date.now() + 9 * DAY).toISOString(), to: new Date(Date.now() + 16 * DAY).toISOString() }, { token: patient.accessToken });
    const start = free.data!.practitioner!.availability![2]!.start;
    const booked = await request(t.url, BookAppointmentDocument, { input: { patientId: patient.user.patient!.id, practitionerId: DEMO_IDS.practitioners.doctor, start } }, { token: patient.accessToken });
    expect(booked.errors).toBeUndefined();
    expect((await changes.next()).data!.appointmentChanged).toMatchObject({ id: booked.data!.bookAppointment.id, status: 'BOOKED', patient: { givenName: 'Pat' } });
    await live.dispose();
  });
});
