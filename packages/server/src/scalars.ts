/**
 * Scalars every subgraph shares (docs/api.md conventions): DateTime (ISO 8601 with offset), Date (YYYY-MM-DD) and
 * Decimal (an exact decimal string such as "125.50", for money).
 */
import { GraphQLError, GraphQLScalarType, Kind } from 'graphql';
import { DECIMAL, parseDate } from '@caregraph/validation';

const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;

function parseDateTime(value: unknown): Date {
  if (typeof value !== 'string' || !DATE_TIME.test(value) || Number.isNaN(Date.parse(value)))
    throw new GraphQLError('DateTime must be an ISO 8601 date-time with an offset, e.g. "2026-03-01T09:30:00Z".');
  // Date.parse rolls "2026-02-30" over into March: the day written must exist.
  const [year, month, day] = value.slice(0, 10).split('-').map(Number) as [number, number, number];
  const written = new Date(Date.UTC(2000, month - 1, day));
  written.setUTCFullYear(year);
  if (written.getUTCMonth() !== month - 1 || written.getUTCDate() !== day) throw new GraphQLError(`DateTime names a day that does not exist: ${value.slice(0, 10)}.`);
  const date = new Date(value);
  // In UTC, as stored: PostgreSQL has no year 0 ("0001-01-01T00:00:00+01:00" is one), and past 9999 it prints a
  // year that no DateTime can be written with.
  const utcYear = date.getUTCFullYear();
  if (utcYear < 1 || utcYear > 9999) throw new GraphQLError('DateTime must fall between the years 0001 and 9999 (UTC).');
  return date;
}

export const DateTimeScalar = new GraphQLScalarType<Date, string>({
  name: 'DateTime',
  description: 'An ISO 8601 date-time with offset, e.g. 2026-03-01T09:30:00.000Z.',
  serialize: (value) => (value instanceof Date ? value : parseDateTime(value)).toISOString(),
  parseValue: parseDateTime,
  parseLiteral: (ast) => parseDateTime(ast.kind === Kind.STRING ? ast.value : undefined),
});

export const DateScalar = new GraphQLScalarType<string, string>({
  name: 'Date',
  description: 'A calendar date, YYYY-MM-DD.',
  serialize: (value) => (value instanceof Date ? value.toISOString().slice(0, 10) : parseDate(value)),
  parseValue: parseDate,
  parseLiteral: (ast) => parseDate(ast.kind === Kind.STRING ? ast.value : undefined),
});

/** A string, never a number: a JSON number is a binary float, and money must stay exact from client to database. */
function parseDecimal(value: unknown): string {
  if (typeof value !== 'string' || !DECIMAL.test(value))
    throw new GraphQLError('Decimal must be a string of digits with at most 4 decimal places, e.g. "125.50" (a number would lose exactness).');
  return value;
}

export const DecimalScalar = new GraphQLScalarType<string, string>({
  name: 'Decimal',
  description: 'An exact decimal number as a string, e.g. "125.50". Never a float.',
  // Prisma's Decimal (decimal.js) and plain strings both print exactly with toString.
  serialize: (value) => (typeof value === 'string' || (typeof value === 'object' && value !== null) ? String(value) : parseDecimal(value)),
  parseValue: parseDecimal,
  parseLiteral: (ast) => parseDecimal(ast.kind === Kind.STRING ? ast.value : undefined),
});

export const scalarResolvers = { DateTime: DateTimeScalar, Date: DateScalar, Decimal: DecimalScalar };
