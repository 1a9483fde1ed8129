/**
 * The dashboard: sign in, then the page of the signed-in role. A clinician sees the week's schedule and new lab
 * results, a patient their appointments, results and invoices, a pharmacist the worklist and low-stock alerts; every
 * one has a notification bell. Live events (graphql-ws) refresh what they concern, without a reload.
 */
import { useState, type FormEvent, type ReactNode } from 'react';
import {
  AppointmentChangedDocument,
  InboxDocument,
  LabResultReadyDocument,
  LogoutDocument,
  NotificationReceivedDocument,
  PatientOverviewDocument,
  PharmacyWorklistDocument,
  PractitionerScheduleDocument,
  StockLowDocument,
  type LabResultReadySubscription,
  type StockLowSubscription,
} from '@caregraph/client';
import { loadSession, run, saveSession, signIn, useQuery, useSubscription, type Session } from './api';

const DAY = 86_400_000;
const startOfToday = () => new Date(new Date().setHours(0, 0, 0, 0));
const dateTime = (iso: string) => new Intl.DateTimeFormat(undefined, { weekday: 'short', day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit' }).format(new Date(iso));

export function App() {
  const [session, setSession] = useState(loadSession);
  const change = (next: Session | null) => {
    saveSession(next);
    setSession(next);
  };
  if (!session) return <SignIn onSignedIn={change} />;
  const signOut = async () => {
    await run(LogoutDocument, {}, session.accessToken).catch(() => undefined);
    change(null);
  };
  return (
    <div className="shell">
      <header className="top">
        <h1>Caregraph</h1>
        <span className="who" data-testid="signed-in">
          {session.user.displayName} · {session.user.role}
        </span>
        <Bell session={session} />
        <button type="button" onClick={signOut}>
          Sign out
        </button>
      </header>
      <main>{page(session)}</main>
    </div>
  );
}

function page(session: Session): ReactNode {
  switch (session.user.role) {
    case 'DOCTOR':
    case 'NURSE':
      return <ClinicianPage session={session} />;
    case 'PATIENT':
      return <PatientPage session={session} />;
    case 'PHARMACIST':
      return <PharmacistPage session={session} />;
    default:
      return <p>This dashboard has pages for clinicians, patients and pharmacists; use the GraphQL IDE at /graphql for the rest.</p>;
  }
}

function SignIn({ onSignedIn }: { onSignedIn(session: Session): void }) {
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setBusy(true);
    const outcome = await signIn(String(form.get('email')), String(form.get('password')));
    setBusy(false);
    if (typeof outcome === 'string') setError(outcome);
    else onSignedIn(outcome);
  };
  return (
    <main className="sign-in">
      <h1>Caregraph dashboard</h1>
      <form onSubmit={submit} aria-label="Sign in">
        <label>
          Email
          <input name="email" type="email" autoComplete="username" required />
        </label>
        <label>
          Password
          <input name="password" type="password" autoComplete="current-password" required />
        </label>
        <button type="submit" disabled={busy}>
          {busy ? 'Signing in…' : 'Sign in'}
        </button>
        {error && (
          <p role="alert" className="error">
            {error}
          </p>
        )}
      </form>
      <p className="hint">With `npm start`, every demo account (e.g. doctor@demo.test) has the password demo-password.</p>
    </main>
  );
}

/** The unread count, live: a new notification raises it at once; opening the list shows the latest ones. */
function Bell({ session }: { session: Session }) {
  const [version, setVersion] = useState(0);
  const [open, setOpen] = useState(false);
  const inbox = useQuery(session, InboxDocument, { first: 5 }, version);
  useSubscription(session, NotificationReceivedDocument, {}, () => setVersion((v) => v + 1));
  const unread = inbox.data?.unreadCount ?? 0;
  return (
    <div className="bell">
      <button type="button" aria-expanded={open} aria-label={`Notifications: ${unread} unread`} onClick={() => setOpen(!open)} data-testid="bell">
        <svg aria-hidden="true" viewBox="0 0 24 24" width="16" height="16" className="icon">
          <path d="M12 22a2.5 2.5 0 0 0 2.45-2h-4.9A2.5 2.5 0 0 0 12 22Zm7-6V11a7 7 0 0 0-5.5-6.84V3a1.5 1.5 0 0 0-3 0v1.16A7 7 0 0 0 5 11v5l-2 2v1h18v-1Z" fill="currentColor" />
        </svg>{' '}
        <span className="count">{unread}</span>
      </button>
      {open && (
        <ul className="menu" aria-label="Latest notifications">
          {inbox.data?.notifications.nodes.map((n) => (
            <li key={n.id} className={n.readAt ? '' : 'unread'}>
              <strong>{n.title}</strong> {n.body}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

function Section({ title, children }: { title: string; children: ReactNode }) {
  return (
    <section aria-label={title}>
      <h2>{title}</h2>
      {children}
    </section>
  );
}

function ClinicianPage({ session }: { session: Session }) {
  const [version, setVersion] = useState(0);
  const [results, setResults] = useState<LabResultReadySubscription['labResultReady'][]>([]);
  const from = startOfToday();
  const variables = { from: from.toISOString(), to: new Date(from.getTime() + 7 * DAY).toISOString() };
  const schedule = useQuery(session, PractitionerScheduleDocument, variables, version);
  const practitionerId = session.user.practitioner?.id ?? null;
  useSubscription(session, AppointmentChangedDocument, { practitionerId }, () => setVersion((v) => v + 1));
  useSubscription(session, LabResultReadyDocument, {}, (data) => setResults((list) => [data.labResultReady, ...list].slice(0, 10)));
  const appointments = schedule.data?.me?.practitioner?.appointments ?? [];
  return (
    <>
      <Section title="Schedule: today and the next six days">
        {schedule.error && <p role="alert">{schedule.error}</p>}
        {appointments.length === 0 ? (
          <p>No appointments.</p>
        ) : (
          <ul className="list" data-testid="schedule">
            {appointments.map((a) => (
              <li key={a.id} data-appointment-id={a.id} className={a.status === 'CANCELLED' ? 'muted' : ''}>
                <time dateTime={a.start}>{dateTime(a.start)}</time> {a.patient.givenName} {a.patient.familyName} <span className="status">{a.status}</span>
                {a.reason ? <span className="reason"> · {a.reason}</span> : null}
              </li>
            ))}
          </ul>
        )}
      </Section>
      <Section title="New lab results">
        {results.length === 0 ? (
          <p>None since you opened the page.</p>
        ) : (
          <ul className="list">
            {results.map((r) => (
              <li key={r.id}>
                {r.patient.givenName} {r.patient.familyName}: {r.test.name} {r.result ? `${r.result.value} ${r.result.unit} (${r.result.interpretation})` : r.status}
              </li>
            ))}
          </ul>
        )}
      </Section>
    </>
  );
}

/** What an empty list says: nothing there, or (null) its context could not answer. */
function Emptiness({ list }: { list: readonly unknown[] | null | undefined }) {
  if (!list) return <li role="status">Unavailable right now.</li>;
  return list.length === 0 ? <li>None.</li> : null;
}

function PatientPage({ session }: { session: Session }) {
  const [version, setVersion] = useState(0);
  const overview = useQuery(session, PatientOverviewDocument, {}, version);
  useSubscription(session, NotificationReceivedDocument, {}, () => setVersion((v) => v + 1));
  const patient = overview.data?.me?.patient;
  if (!patient) return overview.error ? <p role="alert">{overview.error}</p> : <p>Loading…</p>;
  // A list is null when its context is unavailable (SERVICE_UNAVAILABLE): the rest of the page still shows.
  const upcoming = patient.appointments?.filter((a) => Date.parse(a.start) >= startOfToday().getTime() && a.status !== 'CANCELLED');
  return (
    <>
      <p className="greeting">
        Hello, {patient.givenName} {patient.familyName}.
      </p>
      <Section title="Upcoming appointments">
        <ul className="list">
          {upcoming?.map((a) => (
            <li key={a.id}>
              <time dateTime={a.start}>{dateTime(a.start)}</time> with {a.practitioner.familyName} <span className="status">{a.status}</span>
            </li>
          ))}
          <Emptiness list={upcoming} />
        </ul>
      </Section>
      <Section title="Lab results">
        <ul className="list">
          {patient.labOrders?.map((o) => (
            <li key={o.id}>
              {o.test.name}: {o.result ? `${o.result.value} ${o.result.unit} (${o.result.interpretation})` : o.status}
            </li>
          ))}
          <Emptiness list={patient.labOrders} />
        </ul>
      </Section>
      <Section title="Invoices">
        <ul className="list">
          {patient.invoices?.map((i) => (
            <li key={i.id}>
              {i.number}: {i.total.amount} {i.total.currency} <span className="status">{i.status}</span>
            </li>
          ))}
          <Emptiness list={patient.invoices} />
        </ul>
      </Section>
    </>
  );
}

function PharmacistPage({ session }: { session: Session }) {
  const [version, setVersion] = useState(0);
  const [alerts, setAlerts] = useState<StockLowSubscription['stockLow'][]>([]);
  const worklist = useQuery(session, PharmacyWorklistDocument, {}, version);
  useSubscription(session, StockLowDocument, {}, (data) => {
    setAlerts((list) => [data.stockLow, ...list].slice(0, 10));
    setVersion((v) => v + 1);
  });
  return (
    <>
      <Section title="Low-stock alerts">
        <ul className="list" aria-live="polite">
          {alerts.map((m, i) => (
            <li key={`${m.id}-${i}`} className="alert">
              {m.name}: {m.stockOnHand} left (reorder at {m.reorderLevel})
            </li>
          ))}
          {(worklist.data?.medications.nodes ?? []).map((m) => (
            <li key={m.id}>
              {m.name}: {m.stockOnHand} left (reorder at {m.reorderLevel})
            </li>
          ))}
          {alerts.length === 0 && worklist.data?.medications.nodes.length === 0 && <li>No medication is at or below its reorder level.</li>}
        </ul>
      </Section>
      <Section title="Prescriptions to dispense">
        <ul className="list">
          {(worklist.data?.pendingPrescriptions.nodes ?? []).map((p) => (
            <li key={p.id}>
              {p.patient.givenName} {p.patient.familyName} ({p.patient.birthDate}): {p.medication.name} {p.medication.strength} × {p.quantity}
            </li>
          ))}
        </ul>
      </Section>
    </>
  );
}
