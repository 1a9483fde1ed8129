/** Scalars every subgraph shares (docs/api.md conventions): DateTime (ISO 8601 with offset) and Date (YYYY-MM-DD). */
import { GraphQLError, GraphQLScalarType, Kind } from 'graphql';
import { parseDate } from '@caregraph/validation';

const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;

function parseDateTime(value: unknown): Date {
  if (typeof value !== 'string' || !DATE_TIME.test(value) || Number.isNaN(Date.parse(value)))
    throw new GraphQLError('DateTime must be an ISO 8601 date-time with an offset, e.g. "2026-03-01T09:30:00Z".');
  return new Date(value);
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

export const scalarResolvers = { DateTime: DateTimeScalar, Date: DateScalar };
