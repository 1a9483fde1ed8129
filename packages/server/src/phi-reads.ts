/**
 * Who read which patient's protected health information (docs/audit.md): a field wrapper notes, per request, every
 * field of a PHI type that resolved (allowed) or that a shield refused (denied), and the subgraph reports them all as
 * one event once the response has been sent, so the read path only adds a note to a map.
 */
import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
import { defaultFieldResolver, isObjectType, type GraphQLFieldResolver, type GraphQLSchema } from 'graphql';
import type { Viewer } from '@caregraph/auth';
import type { PhiReadReport } from '@caregraph/events';
import { clientOperationName } from './access-log';

/** Finds the patient whose information a field discloses, from the field's parent value or its arguments. */
export type PatientOf = (parent: never, args: never) => string | null | undefined;
/**
 * The PHI of a subgraph: `Type` (every field of the type but its key) or `Type.field` (one field, e.g. a root lookup
 * by patient id, `Query.patient`) → how to find its patient.
 */
export type PhiTypes = Record<string, PatientOf>;

/** Refusals that mean "you may not read this": recorded as denied reads. Other errors read nothing. */
const DENIED_CODES = new Set(['FORBIDDEN', 'UNAUTHENTICATED']);
/** Fields that identify rather than disclose: the gateway resolves keys to join contexts. */
const KEY_FIELDS = new Set(['id', '__typename']);
/** A lookup by a malformed id reads no one's record (and the trail keeps patient ids as UUIDs). */
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The reads of one request, keyed by patient and outcome. */
export class PhiReadCollector {
  private readonly reads = new Map<string, { patientId: string; allowed: boolean; entities: Map<string, Set<string>> }>();
  operation: string | null = null;

  note(patientId: string, allowed: boolean, type: string, field: string): void {
    if (!UUID.test(patientId)) return;
    const key = `${patientId}:${allowed}`;
    let read = this.reads.get(key);
    if (!read) this.reads.set(key, (read = { patientId, allowed, entities: new Map() }));
    let fields = read.entities.get(type);
    if (!fields) read.entities.set(type, (fields = new Set()));
    fields.add(field);
  }

  get empty(): boolean {
    return this.reads.size === 0;
  }

  report(viewer: Viewer | undefined, requestId: string | null, readAt: Date): PhiReadReport {
    return {
      actorId: viewer?.userId ?? null,
      actorRole: viewer?.role ?? null,
      operation: this.operation,
      requestId,
      readAt: readAt.toISOString(),
      reads: [...this.reads.values()].map(({ patientId, allowed, entities }) => ({
        patientId,
        allowed,
        entities: [...entities].map(([type, fields]) => ({ type, fields: [...fields].sort() })),
      })),
    };
  }
}

// On the request context under a symbol, like the access record: Apollo hands plugins a shallow copy of it.
const COLLECTOR = Symbol('caregraph.phiReads');
type WithCollector = { [COLLECTOR]?: PhiReadCollector };

export const attachPhiReads = (context: object, collector: PhiReadCollector) => void ((context as WithCollector)[COLLECTOR] = collector);
export const phiReadsOf = (context: unknown): PhiReadCollector | undefined => (context as WithCollector | undefined)?.[COLLECTOR];

const deniedCode = (value: unknown): boolean => {
  const code = (value as { extensions?: { code?: unknown } } | null)?.extensions?.code;
  return value instanceof Error && typeof code === 'string' && DENIED_CODES.has(code);
};

const isPromise = (value: unknown): value is Promise<unknown> => typeof (value as { then?: unknown } | null)?.then === 'function';

/**
 * Notes the reads of the PHI fields, wrapping their resolvers in place; applied over the shield so it sees the
 * shield's refusals (graphql-shield returns them as values rather than throwing) as well as those thrown by the
 * resolvers. A field that resolves synchronously stays synchronous.
 */
export function recordPhiReads(schema: GraphQLSchema, types: PhiTypes): void {
  for (const [key, patientOf] of Object.entries(types)) {
    const [typeName, fieldName] = key.split('.') as [string, string | undefined];
    const type = schema.getType(typeName);
    if (!isObjectType(type)) throw new Error(`PHI type ${typeName} is not an object type of the schema`);
    const fields = type.getFields();
    if (fieldName && !fields[fieldName]) throw new Error(`PHI field ${key} is not in the schema`);
    for (const field of fieldName ? [fields[fieldName]!] : Object.values(fields))
      if (!KEY_FIELDS.has(field.name)) field.resolve = noting(field.resolve ?? defaultFieldResolver, patientOf);
  }
}

function noting(resolve: GraphQLFieldResolver<unknown, unknown>, patientOf: PatientOf): GraphQLFieldResolver<unknown, unknown> {
  return (parent, args, context, info) => {
    const collector = phiReadsOf(context);
    if (!collector) return resolve(parent, args, context, info);
    const patientId = patientOf(parent as never, args as never);
    const served = (value: unknown) => {
      if (patientId && !(value instanceof Error)) collector.note(patientId, true, info.parentType.name, info.fieldName);
      else if (patientId && deniedCode(value)) collector.note(patientId, false, info.parentType.name, info.fieldName);
      return value;
    };
    const refused = (error: unknown) => {
      if (patientId && deniedCode(error)) collector.note(patientId, false, info.parentType.name, info.fieldName);
      throw error;
    };
    let value: unknown;
    try {
      value = resolve(parent, args, context, info);
    } catch (error) {
      return refused(error);
    }
    return isPromise(value) ? value.then(served, refused) : served(value);
  };
}

/**
 * Gives one request's context its collector and sends the collector's report once the response is finished: one event
 * per request that read PHI, after the client has its answer. A failure to report is logged, never the client's.
 */
export function trackPhiReads(
  context: { viewer?: Viewer },
  res: { once(event: 'finish', listener: () => void): unknown },
  requestId: string | undefined,
  send: (report: PhiReadReport) => Promise<void>,
  onError: (error: Error) => void,
): void {
  const collector = new PhiReadCollector();
  attachPhiReads(context, collector);
  res.once('finish', () => {
    if (!collector.empty) send(collector.report(context.viewer, requestId ?? null, new Date())).catch(onError);
  });
}

/** Apollo plugin: the operation's name as Apollo resolved it (from the body or the document) for the report. */
export const phiReadsPlugin: ApolloServerPlugin<BaseContext> = {
  async requestDidStart({ contextValue }) {
    const collector = phiReadsOf(contextValue);
    if (!collector) return;
    return {
      async didResolveOperation({ operationName }) {
        collector.operation = clientOperationName(operationName);
      },
    };
  },
};
