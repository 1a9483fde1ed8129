/**
 * The four workloads of `npm run bench:gateway`. Every request draws its own caller, one of that caller's access tokens
 * and its variables, so neither gateway can serve two requests with one subgraph call (in-flight deduplication) or
 * from a response cache; the bench prints the subgraph calls per request, which shows it.
 */
import type { Account, Seeded } from './seed';

export type Request = { token: string; variables: Record<string, unknown> };
export type Workload = { id: string; title: string; query: string; next(): Request };

const pick = <T>(items: T[]): T => items[Math.floor(Math.random() * items.length)]!;
const between = (low: number, high: number) => low + Math.floor(Math.random() * (high - low + 1));
/** One of the account's access tokens. */
const tokenOf = (account: Account) => pick(account.tokens);
const nextDay = (day: string) => new Date(Date.parse(`${day}T00:00:00.000Z`) + 86_400_000).toISOString();

export function workloads(seeded: Seeded): Workload[] {
  const everyone = [...seeded.patients, ...seeded.doctors];
  return [
    {
      id: 'W1',
      title: 'ADMIN patient list with care teams and organizations',
      query: `query AdminPatientList($first: Int!, $after: String) {
  patients(first: $first, after: $after) {
    totalCount
    nodes { id mrn givenName familyName birthDate careTeam { role practitioner { givenName familyName organization { name type } } } }
  }
}`,
      next: () => ({ token: pick(seeded.adminTokens), variables: { first: between(10, 20), after: pick(seeded.patientCursors) } }),
    },
    {
      id: 'W2',
      title: "a patient's dashboard (identity, patients, care-team, scheduling, pharmacy, billing)",
      query: `query PatientDashboard {
  me {
    email
    patient {
      givenName familyName
      careTeam { role practitioner { givenName familyName } }
      appointments { start status practitioner { familyName } }
      prescriptions { status quantity medication { name strength } }
      invoices { status total { amount currency } }
    }
  }
}`,
      next: () => ({ token: tokenOf(pick(seeded.patients)), variables: {} }),
    },
    {
      id: 'W3',
      title: "a clinician's day (their appointments with each patient)",
      query: `query ClinicianDay($from: DateTime!, $to: DateTime!) {
  me {
    practitioner {
      familyName
      appointments(from: $from, to: $to) { start end status reason patient { givenName familyName birthDate } }
    }
  }
}`,
      next: () => {
        const day = pick(seeded.days);
        return { token: tokenOf(pick(seeded.doctors)), variables: { from: `${day}T00:00:00.000Z`, to: nextDay(day) } };
      },
    },
    {
      id: 'W4',
      title: 'the cheapest signed-in read: me { email }',
      query: 'query Me { me { email } }',
      next: () => ({ token: tokenOf(pick(everyone)), variables: {} }),
    },
  ];
}
