// The Caregraph IDE page: GraphiQL with a sign-in helper, example tabs per role, and subscriptions over graphql-ws.
// Plain browser JavaScript on the globals the page loads (React, ReactDOM, GraphiQL, graphqlWs): nothing is built.
(function () {
  'use strict';
  const h = React.createElement;
  const api = `${location.origin}/graphql`;
  const socketUrl = api.replace(/^http/, 'ws');
  const SESSION_KEY = 'caregraph.ide.session';

  const day = (offset) => {
    const d = new Date();
    d.setHours(0, 0, 0, 0);
    d.setDate(d.getDate() + offset);
    return d.toISOString();
  };
  const tab = (query) => ({ query: query.trim() + '\n' });

  /** Example operations for each role; anonymous gets the sign-in mutation. */
  const EXAMPLES = {
    DOCTOR: [
      // Today's window is written into the text (GraphiQL 3 does not carry a default tab's variables).
      tab(`# A doctor's day: today's appointments and the patients on them.
query DoctorsDay {
  me { practitioner { familyName appointments(from: "${day(0)}", to: "${day(1)}") { start status reason patient { givenName familyName } } } }
}`),
      tab(`# Live: bookings, cancellations and check-ins of your own appointments, with the patient's name.
subscription MyAppointments {
  appointmentChanged { status start patient { givenName familyName } }
}`),
      tab(`# Results of the lab tests you ordered, the moment they are recorded.
subscription MyLabResults {
  labResultReady { status test { name } result { value unit interpretation } patient { givenName familyName } }
}`),
    ],
    NURSE: [tab(`query MyPatients { patients(first: 20) { nodes { givenName familyName birthDate allergies { substance severity } } } }`)],
    PATIENT: [
      tab(`# A patient's record: appointments, lab results and invoices.
query MyRecord {
  me { patient { givenName familyName appointments { start status practitioner { familyName } } labOrders { status test { name } result { value unit interpretation } } invoices { number status total { amount currency } } } }
}`),
      tab(`# Live: your notifications (give the last cursor as "after" to replay what you missed).
subscription MyNotifications {
  notificationReceived { type title body createdAt cursor }
}`),
      tab(`# Who read your record: every read of your health information, refused attempts too.
query WhoReadMyRecord {
  me { patient { accessLog(first: 20) { totalCount nodes { at actorRole context operation allowed entities { type fields } } } } }
}`),
    ],
    PHARMACIST: [
      tab(`# A pharmacist's worklist: prescriptions to dispense, with what you may see of each patient.
query Worklist {
  pendingPrescriptions { nodes { id quantity dosageInstructions medication { name strength stockOnHand } patient { givenName familyName birthDate allergies { substance } } } }
}`),
      tab(`subscription StockAlerts { stockLow { name stockOnHand reorderLevel } }`),
    ],
    LAB_TECHNICIAN: [tab(`query Worklist { labOrders { nodes { id status priority test { code name } patient { givenName birthDate } } } }`)],
    BILLING_CLERK: [tab(`query OpenInvoices { invoices(status: ISSUED) { nodes { number total { amount currency } balance { amount } patient { givenName familyName } } } }`)],
    INSURANCE_PROVIDER: [tab(`query MyClaims { claims { nodes { id status amount { amount currency } patient { givenName familyName } } } }`)],
    ADMIN: [
      tab(`query Accounts { me { email role } users(first: 20) { totalCount nodes { email role displayName } } }`),
      tab(`# The audit trail, newest first, and whether its hash chain still holds.
query AuditTrail {
  verifyAuditChain { ok checked headHash firstBrokenSequence reason }
  auditEvents(first: 20) { totalCount nodes { id kind type occurredAt actorRole patientId operation allowed entities { type fields } } }
}`),
    ],
    ANONYMOUS: [
      tab(`# Sign in with the bar above, or run this and send the token as "Authorization: Bearer …" in Headers.
mutation SignIn {
  login(email: "doctor@demo.test", password: "demo-password") { accessToken expiresAt user { role displayName } }
}`),
    ],
  };

  const post = async (query, variables, token) => {
    const response = await fetch(api, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify({ query, variables }),
    });
    return response.json();
  };

  let session = JSON.parse(sessionStorage.getItem(SESSION_KEY) || 'null');
  let refreshTimer;
  let socket;
  let config = { demoAccounts: [] };

  const save = (next) => {
    session = next;
    if (next) sessionStorage.setItem(SESSION_KEY, JSON.stringify(next));
    else sessionStorage.removeItem(SESSION_KEY);
    scheduleRefresh();
    render();
  };

  const signIn = async (email, password) => {
    const result = await post(
      'mutation IdeSignIn($email: String!, $password: String!) { login(email: $email, password: $password) { accessToken refreshToken expiresAt user { email role displayName } } }',
      { email, password },
    );
    if (!result.data) return (result.errors || [{ message: 'Sign-in failed.' }])[0].message;
    const { accessToken, refreshToken, expiresAt, user } = result.data.login;
    save({ accessToken, refreshToken, expiresAt, email: user.email, role: user.role, displayName: user.displayName });
    return undefined;
  };

  const signOut = async () => {
    if (session) await post('mutation IdeSignOut { logout }', {}, session.accessToken).catch(() => undefined);
    save(null);
  };

  // The access token is short-lived: it is exchanged a minute before it expires, and the socket reconnects with the new one.
  function scheduleRefresh() {
    clearTimeout(refreshTimer);
    if (!session) return;
    const wait = Math.max(0, Date.parse(session.expiresAt) - Date.now() - 60_000);
    refreshTimer = setTimeout(async () => {
      const result = await post('mutation IdeRefresh($t: String!) { refreshSession(refreshToken: $t) { accessToken refreshToken expiresAt } }', { t: session.refreshToken }).catch(() => ({}));
      if (!result.data) return save(null);
      save({ ...session, ...result.data.refreshSession });
    }, wait);
  }

  function fetcherFor(current) {
    if (socket) socket.dispose();
    socket = graphqlWs.createClient({ url: socketUrl, lazy: true, connectionParams: () => (current ? { authorization: `Bearer ${current.accessToken}` } : {}) });
    const base = GraphiQL.createFetcher({ url: api, wsClient: socket });
    // The signed-in token goes with every request unless the Headers tab sets one itself.
    return (params, options) => base(params, { ...options, headers: { ...(current ? { authorization: `Bearer ${current.accessToken}` } : {}), ...(options && options.headers) } });
  }

  /** GraphiQL keeps its tabs per role, so each account's examples and edits stay apart. */
  const storageFor = (role) => ({
    getItem: (key) => localStorage.getItem(`caregraph.ide.${role}.${key}`),
    setItem: (key, value) => localStorage.setItem(`caregraph.ide.${role}.${key}`, value),
    removeItem: (key) => localStorage.removeItem(`caregraph.ide.${role}.${key}`),
    clear: () => undefined,
    get length() {
      return 0;
    },
  });

  function SessionBar() {
    const [error, setError] = React.useState();
    const [busy, setBusy] = React.useState(false);
    const attempt = async (email, password) => {
      setBusy(true);
      setError(await signIn(email, password));
      setBusy(false);
    };
    if (session)
      return h('div', { className: 'session' }, [
        h('span', { key: 'who', 'data-testid': 'signed-in' }, `Signed in as ${session.displayName} (${session.email}, ${session.role})`),
        h('button', { key: 'out', type: 'button', onClick: signOut }, 'Sign out'),
      ]);
    const demo = config.demoAccounts.length > 0;
    const onSubmit = (event) => {
      event.preventDefault();
      const form = new FormData(event.currentTarget);
      void attempt(String(form.get('email')), demo ? config.demoPassword : String(form.get('password')));
    };
    return h('form', { className: 'session', onSubmit, 'aria-label': 'Sign in' }, [
      h('span', { key: 'title' }, 'Not signed in.'),
      demo
        ? h('label', { key: 'demo' }, [
            'Demo account ',
            h('select', { key: 's', name: 'email', 'aria-label': 'Demo account' }, config.demoAccounts.map((a) => h('option', { key: a.email, value: a.email }, `${a.email} (${a.role})`))),
          ])
        : [
            h('label', { key: 'e' }, ['Email ', h('input', { key: 'i', name: 'email', type: 'email', required: true, autoComplete: 'username' })]),
            h('label', { key: 'p' }, ['Password ', h('input', { key: 'i', name: 'password', type: 'password', required: true, autoComplete: 'current-password' })]),
          ],
      h('button', { key: 'go', type: 'submit', disabled: busy }, busy ? 'Signing in…' : 'Sign in'),
      error ? h('span', { key: 'err', role: 'alert', className: 'error' }, error) : null,
    ]);
  }

  const sessionRoot = ReactDOM.createRoot(document.getElementById('session'));
  const ideRoot = ReactDOM.createRoot(document.getElementById('graphiql'));
  function render() {
    const role = session ? session.role : 'ANONYMOUS';
    sessionRoot.render(h(SessionBar));
    ideRoot.render(h(GraphiQL, { key: `${role}:${session ? session.accessToken : ''}`, fetcher: fetcherFor(session), defaultTabs: EXAMPLES[role] || EXAMPLES.ANONYMOUS, storage: storageFor(role), shouldPersistHeaders: false }));
  }

  fetch('/ide/config.json')
    .then((r) => r.json())
    .then((c) => (config = c))
    .catch(() => undefined)
    .finally(() => {
      scheduleRefresh();
      render();
    });
})();
