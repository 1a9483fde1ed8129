/**
 * Evaluates a graphql-shield rule tree against an operation before it runs. The gateway needs this because it executes
 * query plans, not resolvers, so shield applied to its schema would never fire (docs/architecture.md, "Stack, and the
 * traps it holds"). A denied field rejects the whole operation, which then costs no subgraph call.
 */
import {
  getNamedType,
  isIntrospectionType,
  Kind,
  TypeInfo,
  visit,
  visitWithTypeInfo,
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLCompositeType,
  type GraphQLField,
  type GraphQLSchema,
  type OperationDefinitionNode,
} from 'graphql';
import { getArgumentValues } from 'graphql/execution/values.js';
import type { IRules } from 'graphql-shield';
import { ErrorCode, errorCode, forbidden } from '@caregraph/errors';
import { GraphQLError } from 'graphql';
import { isRoleOnly, ruleFor, type AuthContext, type ShieldRule } from './rules';

const SHIELD_OPTIONS = { debug: false, allowExternalErrors: false, hashFunction: JSON.stringify };

export type AuthorizeOperationInput = {
  schema: GraphQLSchema;
  document: DocumentNode;
  operation: OperationDefinitionNode;
  variables: Record<string, unknown>;
  rules: IRules;
  fallbackRule: ShieldRule;
  context: object;
};

type SelectedField = { node: FieldNode; parentType: GraphQLCompositeType; fieldDef: GraphQLField<unknown, unknown> };

/** Calls `each` for every field the operation and its fragments select, meta-fields and introspection left out. */
function forEachField(schema: GraphQLSchema, document: DocumentNode, operation: OperationDefinitionNode, each: (field: SelectedField) => void) {
  const fragments = document.definitions.filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION);
  const typeInfo = new TypeInfo(schema);
  for (const definition of [operation, ...fragments])
    visit(
      definition,
      visitWithTypeInfo(typeInfo, {
        Field(node) {
          const parentType = typeInfo.getParentType();
          const fieldDef = typeInfo.getFieldDef();
          if (!parentType || !fieldDef || node.name.value.startsWith('__') || isIntrospectionType(getNamedType(parentType))) return;
          each({ node, parentType, fieldDef });
        },
      }),
    );
}

/** Resolves to nothing when every selected field is allowed, otherwise to the one error that rejects the operation. */
export async function authorizeOperation(input: AuthorizeOperationInput): Promise<GraphQLError | undefined> {
  const { schema, document, operation, variables, rules, fallbackRule } = input;
  // graphql-shield keeps its per-request rule cache on the context.
  const context = Object.assign(input.context, { _shield: { cache: {} } });
  const checks: Promise<{ coordinate: string; result: boolean | string | Error }>[] = [];
  forEachField(schema, document, operation, ({ node, parentType, fieldDef }) => {
    const coordinate = `${parentType.name}.${fieldDef.name}`;
    const rule = ruleFor(rules, parentType.name, fieldDef.name, fallbackRule);
    const args = getArgumentValues(fieldDef, node, variables);
    const info = { fieldName: fieldDef.name, parentType, returnType: fieldDef.type, schema, operation, variableValues: variables };
    checks.push(rule.resolve(undefined, args, context, info, SHIELD_OPTIONS).then((result) => ({ coordinate, result })));
  });
  const denied = (await Promise.all(checks)).filter((check) => check.result !== true);
  if (denied.length === 0) return undefined;
  const errors = denied.map((d) => (typeof d.result === "string" ? new Error(d.result) : d.result)).filter((r): r is Error => r instanceof Error);
  const unauthenticated = errors.find((e) => errorCode(e) === ErrorCode.UNAUTHENTICATED);
  if (unauthenticated) return unauthenticated as GraphQLError;
  const fields = [...new Set(denied.map((d) => d.coordinate))].join(', ');
  const reason = errors[0]?.message ?? 'You are not allowed to do this.';
  return forbidden(`${reason} (denied: ${fields})`);
}

/** Every rule the walk would apply to `operation` (and its fragments); arguments are not read. */
function rulesOf(schema: GraphQLSchema, document: DocumentNode, operation: OperationDefinitionNode, rules: IRules, fallbackRule: ShieldRule): ShieldRule[] {
  const found = new Set<ShieldRule>();
  forEachField(schema, document, operation, ({ parentType, fieldDef }) => found.add(ruleFor(rules, parentType.name, fieldDef.name, fallbackRule)));
  return [...found];
}

type Remembered = { roleOnly: boolean; verdicts: Map<string, GraphQLError | undefined> };

/** A verdict handed out again is a fresh error: responses must not share (and mutate) one object. */
const copyOf = (error: GraphQLError | undefined) => error && new GraphQLError(error.message, { extensions: error.extensions });

/**
 * authorizeOperation with a memory, for the gateway's hot path. When every rule an operation meets is role-only (the
 * rule library's isAuthenticated, hasRole, allow, deny), its verdict is the same for every caller of one role, so it
 * is remembered per role on the operation's node: Apollo's document cache hands out the same parsed document for the
 * same text, so a repeated operation costs a map lookup instead of a walk of the document. Under any other rule, every
 * request of that operation takes the full walk, with its arguments.
 */
export function createOperationAuthorizer({ rules, fallbackRule }: Pick<AuthorizeOperationInput, 'rules' | 'fallbackRule'>) {
  // Per schema, so a new supergraph starts afresh; both maps let go of what nothing else holds.
  const memory = new WeakMap<GraphQLSchema, WeakMap<OperationDefinitionNode, Remembered>>();
  return async (input: Omit<AuthorizeOperationInput, 'rules' | 'fallbackRule'> & { context: AuthContext }): Promise<GraphQLError | undefined> => {
    let operations = memory.get(input.schema);
    if (!operations) memory.set(input.schema, (operations = new WeakMap()));
    let remembered = operations.get(input.operation);
    if (!remembered) {
      const roleOnly = rulesOf(input.schema, input.document, input.operation, rules, fallbackRule).every((rule) => isRoleOnly(rule));
      operations.set(input.operation, (remembered = { roleOnly, verdicts: new Map() }));
    }
    if (!remembered.roleOnly) return authorizeOperation({ ...input, rules, fallbackRule });
    const role = input.context.viewer?.role ?? '(anonymous)';
    if (!remembered.verdicts.has(role)) remembered.verdicts.set(role, await authorizeOperation({ ...input, rules, fallbackRule }));
    return copyOf(remembered.verdicts.get(role));
  };
}
