/** Recognising database constraint violations that a service turns into a caller-facing error. */

/**
 * True for an exclusion-constraint violation (SQLSTATE 23P01), e.g. two bookings racing for one practitioner's time.
 * Prisma has no error code of its own for it: the driver adapter's error carries the SQLSTATE, a cause or two deep.
 */
export function isExclusionViolation(error: unknown): boolean {
  let current = error as { code?: unknown; originalCode?: unknown; cause?: unknown; meta?: { driverAdapterError?: unknown } } | null | undefined;
  for (let depth = 0; current && typeof current === 'object' && depth < 5; depth++) {
    if (current.code === '23P01' || current.originalCode === '23P01') return true;
    current = (current.cause ?? current.meta?.driverAdapterError) as typeof current;
  }
  return false;
}

/** True for a unique-constraint violation (Prisma P2002), e.g. two requests racing to take the same email. */
export const isUniqueViolation = (error: unknown): boolean => (error as { code?: unknown } | null)?.code === 'P2002';
