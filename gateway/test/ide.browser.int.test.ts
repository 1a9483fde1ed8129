/**
 * The GraphQL IDE in real headless Chromium (Debian's `chromium`, driven by playwright-core), with every request that
 * leaves the machine blocked: GraphiQL loads from the gateway alone, the demo sign-in sets the token, a query returns
 * data, and a subscription started in the IDE receives a booking made through the API.
 */
import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromium, type Browser, type Page } from 'playwright-core';
import { DEMO_IDS } from '@caregraph/demo';
import { useTestPlatform } from '@caregraph/testkit';

const CHROMIUM = '/usr/bin/chromium';
const CI = process.env.CI === 'true' || process.env.CI === '1';
const missing = existsSync(CHROMIUM) ? undefined : `${CHROMIUM} is not installed (apt-get install chromium; .ci/run installs it)`;
if (missing && CI) throw new Error(`CI requires the browser tests: ${missing}`);
if (missing) console.warn(`Skipping the browser tests: ${missing}`);

const DAY = 86_400_000;
const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);

describe.skipIf(!!missing)('the GraphQL IDE in Chromium, offline', () => {
  const { t, tokens } = useTestPlatform('embedded', { signIn: ['patient'] });
  let browser: Browser;
  let page: Page;
  const outside: string[] = [];

  beforeAll(async () => {
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    // Nothing but this machine: a request for any other host is recorded and refused.
    await context.route('**/*', (route) => {
      const url = new URL(route.request().url());
      if (LOOPBACK.has(url.hostname)) return route.continue();
      outside.push(url.href);
      return route.abort();
    });
    page = await context.newPage();
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
  });

  /** The text of GraphiQL's result pane. */
  const result = () => page.locator('.result-window').innerText();

  it('loads GraphiQL from the gateway only, signs in as doctor@demo.test and runs the example query', async () => {
    await page.goto(t.url);
    await page.locator('.graphiql-container').waitFor();
    await page.getByLabel('Demo account').selectOption('doctor@demo.test');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect.poll(() => page.getByTestId('signed-in').innerText()).toContain('doctor@demo.test');
    await page.locator('.graphiql-execute-button').click();
    await expect.poll(result, { timeout: 10_000 }).toContain('"familyName": "Reyes"');
    expect(await result()).not.toContain('"errors"');
    expect(outside).toEqual([]);
    await page.screenshot({ path: `${t.config.dataDir}/ide-doctor.png` });
  }, 60_000);

  it("receives a booking made through the API on a subscription started in the IDE, with the patient's name", async () => {
    await page.locator('.graphiql-tab', { hasText: 'MyAppointments' }).click();
    await expect.poll(() => page.locator('.graphiql-query-editor').innerText()).toContain('subscription MyAppointments');
    // GraphiQL settles the tab's operation name just after its text: executing at once would still name the last tab's.
    await new Promise((resolve) => setTimeout(resolve, 750));
    await page.locator('.graphiql-execute-button').click();
    await new Promise((resolve) => setTimeout(resolve, 500)); // the subscription reaches the gateway
    const free = await t.request('query ($id: ID!, $from: DateTime!, $to: DateTime!) { practitioner(id: $id) { availability(from: $from, to: $to) { start } } }', {
      token: tokens.patient,
      variables: { id: DEMO_IDS.practitioners.doctor, from: new Date(Date.now() + 9 * DAY).toISOString(), to: new Date(Date.now() + 16 * DAY).toISOString() },
    });
    const start = free.data!.practitioner.availability[4].start as string;
    const booked = await t.request('mutation ($i: BookAppointmentInput!) { bookAppointment(input: $i) { id } }', {
      token: tokens.patient,
      variables: { i: { patientId: DEMO_IDS.patients.patient, practitionerId: DEMO_IDS.practitioners.doctor, start } },
    });
    expect(booked.errors).toBeUndefined();
    await expect.poll(result, { timeout: 5_000 }).toContain('"givenName": "Pat"');
    expect(await result()).toContain('"status": "BOOKED"');
    expect(outside).toEqual([]);
  }, 60_000);
});
