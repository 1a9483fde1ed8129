/** The bounded contexts of Caregraph and their default ports (docs/architecture.md). */
export const CONTEXT_PORTS = {
  identity: 4001,
  patients: 4002,
  'care-team': 4003,
  scheduling: 4004,
  ehr: 4005,
  billing: 4006,
  pharmacy: 4007,
  lab: 4008,
  notifications: 4009,
  audit: 4010,
} as const;

export type ContextName = keyof typeof CONTEXT_PORTS;
export const CONTEXT_NAMES = Object.keys(CONTEXT_PORTS) as ContextName[];

/** `care-team` → `CARE_TEAM`, the suffix of its per-context environment variables. */
export const envSuffix = (context: ContextName) => context.toUpperCase().replace(/-/g, '_');
