/** How many runs a property-based test makes and from which seed: fixed by default, so every run of the suite tries the same inputs. */

/** fast-check's `seed`, `numRuns` and `path`; FUZZ_SEED (a number, or `random`), FUZZ_RUNS and FUZZ_PATH override them. */
export function fuzzParameters(defaults: { numRuns: number; seed?: number }): { numRuns: number; seed?: number; path?: string; runsGiven: boolean } {
  const seed = process.env.FUZZ_SEED;
  const runs = Number(process.env.FUZZ_RUNS);
  const runsGiven = Number.isInteger(runs) && runs > 0;
  return {
    numRuns: runsGiven ? runs : defaults.numRuns,
    /** FUZZ_RUNS was set: the caller asked for that many runs, so a test should not cut them short. */
    runsGiven,
    // fast-check picks a fresh seed when none is given, and prints it with the failing input either way.
    ...(seed === 'random' ? {} : { seed: seed ? Number(seed) : (defaults.seed ?? 13) }),
    ...(process.env.FUZZ_PATH ? { path: process.env.FUZZ_PATH } : {}),
  };
}
