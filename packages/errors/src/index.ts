/** Errors every Caregraph service throws: a GraphQL error whose `extensions.code` is public (docs/api.md, "Errors"). */
import { GraphQLError } from 'graphql';

export const ErrorCode = {
  UNAUTHENTICATED: 'UNAUTHENTICATED',
  FORBIDDEN: 'FORBIDDEN',
  BAD_USER_INPUT: 'BAD_USER_INPUT',
  NOT_FOUND: 'NOT_FOUND',
  CONFLICT: 'CONFLICT',
  RATE_LIMITED: 'RATE_LIMITED',
  /** A context (subgraph) is down, too slow or its circuit is open: `extensions.service` names it. */
  SERVICE_UNAVAILABLE: 'SERVICE_UNAVAILABLE',
  INTERNAL_SERVER_ERROR: 'INTERNAL_SERVER_ERROR',
} as const;
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

/** Codes whose messages are written for the caller and may pass through error masking. */
export const PUBLIC_ERROR_CODES: ReadonlySet<string> = new Set(
  Object.values(ErrorCode).filter((code) => code !== ErrorCode.INTERNAL_SERVER_ERROR),
);

const HTTP_STATUS: Partial<Record<ErrorCode, number>> = {
  UNAUTHENTICATED: 401,
  RATE_LIMITED: 429,
};

/** Response headers HTTP asks for with a status: how to authenticate, when to retry. */
function httpHeaders(code: ErrorCode, details?: Record<string, unknown>): Map<string, string> {
  if (code === 'UNAUTHENTICATED') return new Map([['www-authenticate', 'Bearer']]);
  if (code === 'RATE_LIMITED' && typeof details?.retryAfterSeconds === 'number') return new Map([['retry-after', String(details.retryAfterSeconds)]]);
  return new Map();
}

/**
 * A caller-facing error: a message a person can act on and a stable code. It is an answer, not a fault, so it carries
 * no stack trace: none is ever sent or logged, and capturing one was most of its cost. A role rule that fails inside
 * `or` builds one although the next rule lets the viewer through (docs/performance.md).
 */
export class CaregraphError extends GraphQLError {
  constructor(code: ErrorCode, message: string, details?: Record<string, unknown>) {
    const status = HTTP_STATUS[code];
    const stackTraceLimit = Error.stackTraceLimit;
    Error.stackTraceLimit = 0;
    try {
      // Apollo Server turns `extensions.http` into the response's status and headers and removes it from the body.
      super(message, { extensions: { code, ...details, ...(status ? { http: { status, headers: httpHeaders(code, details) } } : {}) } });
    } finally {
      Error.stackTraceLimit = stackTraceLimit;
    }
  }
}

/** The HTTP status an answer without data should carry for an error code (GraphQL over HTTP; partial results stay 200). */
export const HTTP_STATUS_FOR_CODE: Readonly<Record<string, number>> = { UNAUTHENTICATED: 401, FORBIDDEN: 403, RATE_LIMITED: 429, SERVICE_UNAVAILABLE: 503 };

export const unauthenticated = (message = 'Sign in to do this: the access token is missing, invalid, expired or revoked.') =>
  new CaregraphError(ErrorCode.UNAUTHENTICATED, message);
export const forbidden = (message = 'You are not allowed to do this.') => new CaregraphError(ErrorCode.FORBIDDEN, message);
/** `field` names the input that is wrong, so a form can show the message next to it. */
export const badUserInput = (message: string, field?: string) =>
  new CaregraphError(ErrorCode.BAD_USER_INPUT, message, field ? { field } : undefined);
export const notFound = (what: string, id?: string) =>
  new CaregraphError(ErrorCode.NOT_FOUND, id ? `${what} ${id} was not found.` : `${what} was not found.`);
export const conflict = (message: string) => new CaregraphError(ErrorCode.CONFLICT, message);
export const rateLimited = (message: string, retryAfterSeconds?: number) =>
  new CaregraphError(ErrorCode.RATE_LIMITED, message, retryAfterSeconds ? { retryAfterSeconds: Math.max(1, Math.ceil(retryAfterSeconds)) } : undefined);

/** The code of an error if it carries one of ours. */
export function errorCode(error: unknown): string | undefined {
  const code = (error as GraphQLError | undefined)?.extensions?.code;
  return typeof code === 'string' ? code : undefined;
}
