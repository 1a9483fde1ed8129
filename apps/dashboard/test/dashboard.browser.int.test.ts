/**
 * The dashboard in real headless Chromium (Debian's `chromium`, driven by playwright-core), served by the gateway of
 * a real embedded platform, with every request that leaves the machine blocked: doctor@ signs in and sees the week's
 * schedule, an appointment booked through the API appears without a reload, and a patient's page shows
 * nothing of another patient.
 */
import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromium, type Browser, type BrowserContext } from 'playwright-core';
import { DEMO_IDS } from '@caregraph/demo';
import { DASHBOARD_DIR } from '@caregraph/platform/platform';
import { useTestPlatform } from '@caregraph/testkit';

const CHROMIUM = '/usr/bin/chromium';
const CI = process.env.CI === 'true' || process.env.CI === '1';
const missing = !existsSync(CHROMIUM)
  ? `${CHROMIUM} is not installed (apt-get install chromium; .ci/run installs it)`
  : !existsSync(DASHBOARD_DIR)
    ? 'the dashboard is not built (npm install builds it: npm run build -w @caregraph/dashboard)'
    : undefined;
if (missing && CI) throw new Error(`CI requires the browser tests: ${missing}`);
if (missing) console.warn(`Skipping the dashboard browser tests: ${missing}`);

const DAY = 86_400_000;
const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);

describe.skipIf(!!missing)('the dashboard in Chromium', () => {
  const { t, tokens } = useTestPlatform('embedded', { signIn: ['patient'] });
  let browser: Browser;
  const outside: string[] = [];
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
  });

  /** A fresh browser session (its own storage), offline but for this machine, signed in as `email`. */
  const signedIn = async (email: string, viewport = { width: 1280, height: 800 }) => {
    const context = await browser.newContext({ viewport });
    contexts.push(context);
    await context.route('**/*', (route) => {
      const url = new URL(route.request().url());
      if (LOOPBACK.has(url.hostname)) return route.continue();
      outside.push(url.href);
      return route.abort();
    });
    const page = await context.newPage();
    await page.goto(t.url.replace('/graphql', '/dashboard'));
    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Password').fill('demo-password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByTestId('signed-in').waitFor();
    return page;
  };

  it('shows doctor@ the schedule, and an appointment booked through the API appears without a reload', async () => {
    const page = await signedIn('doctor@demo.test');
    const schedule = page.getByRole('region', { name: 'Schedule: today and the next six days' });
    await schedule.waitFor();
    // Give the page a moment to open its subscription, as a person would take to look at it.
    await new Promise((resolve) => setTimeout(resolve, 500));
    const free = await t.request('query ($id: ID!, $from: DateTime!, $to: DateTime!) { practitioner(id: $id) { availability(from: $from, to: $to) { start } } }', {
      token: tokens.patient,
      variables: { id: DEMO_IDS.practitioners.doctor, from: new Date().toISOString(), to: new Date(Date.now() + 6 * DAY).toISOString() },
    });
    const start = free.data!.practitioner.availability.at(-1).start as string;
    const booked = await t.request('mutation ($i: BookAppointmentInput!) { bookAppointment(input: $i) { id } }', {
      token: tokens.patient,
      variables: { i: { patientId: DEMO_IDS.patients.patient, practitionerId: DEMO_IDS.practitioners.doctor, start, reason: 'Seen live' } },
    });
    expect(booked.errors).toBeUndefined();
    // It appears without a reload, pushed over the subscription (how fast is the subscriptions benchmark's to say).
    const row = page.locator(`[data-appointment-id="${booked.data!.bookAppointment.id}"]`);
    await row.waitFor({ timeout: 10_000 });
    expect(await row.innerText()).toMatch(/Pat Morgan BOOKED/);
    await page.screenshot({ path: `${t.config.dataDir}/dashboard-doctor.png`, fullPage: true });
    expect(outside).toEqual([]);
  }, 60_000);

  it("shows patient@ their own appointments, results and invoices and nothing of another patient, also at phone width", async () => {
    const page = await signedIn('patient@demo.test', { width: 390, height: 844 });
    await page.getByRole('region', { name: 'Invoices' }).waitFor();
    await expect.poll(() => page.locator('main').innerText()).toContain('Hello, Pat Morgan.');
    const text = await page.locator('body').innerText();
    expect(text).toContain('Lab results');
    // patient2@ is Jamie Chen: not a word of them on patient@'s page.
    expect(text).not.toMatch(/Jamie|Chen/);
    // Nothing wider than the phone's screen.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await page.getByTestId('bell').click();
    await page.getByRole('list', { name: 'Latest notifications' }).waitFor();
    expect(outside).toEqual([]);
  }, 60_000);
});
