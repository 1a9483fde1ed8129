/** Operation limits shared by the gateway and every subgraph, so a subgraph never relies on the gateway having checked. */
import { ApolloArmor } from '@escape.tech/graphql-armor';
import {
  getNamedType,
  getNullableType,
  GraphQLError,
  isInterfaceType,
  isListType,
  isObjectType,
  Kind,
  type ASTVisitor,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLNamedType,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
  type ValidationContext,
  type ValidationRule,
  type ValueNode,
  validate,
} from 'graphql';
import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
import type { OperationLimits } from '@caregraph/config';

/** The largest page a connection serves (docs/api.md: `first` max 100): a page size given by a variable is assumed to be it. */
export const MAX_PAGE_SIZE = 100;
/** A connection without `first` serves this many (docs/api.md). */
export const DEFAULT_PAGE_SIZE = 20;

const limitError = (message: string, node?: OperationDefinitionNode) =>
  new GraphQLError(`${message} Ask for less in one operation (see docs/security.md).`, node ? { nodes: [node] } : {});

/** graphql-armor's rules for depth (memoised through fragments), aliases and directives; each rejection reported, not thrown. */
function armorRules(limits: OperationLimits): ValidationRule[] {
  // armor prefixes its messages with "Syntax Error:", which misleads: the document parsed fine.
  const report = (context: ValidationContext | null, error: GraphQLError) => context?.reportError(limitError(error.message.replace(/^Syntax Error:\s*/, '')));
  const common = { propagateOnRejection: false, exposeLimits: true, onReject: [report] };
  const { validationRules } = new ApolloArmor({
    maxDepth: { ...common, n: limits.depth, ignoreIntrospection: true, flattenFragments: true },
    maxAliases: { ...common, n: limits.aliases },
    maxDirectives: { ...common, n: limits.directives },
    // Tokens are limited by graphql's own parser (parseOptions); cost and suggestions are handled below and by Apollo.
    maxTokens: { enabled: false },
    costLimit: { enabled: false },
    blockFieldSuggestion: { enabled: false },
  }).protect();
  return validationRules as ValidationRule[];
}

type Shape = { cost: number; depth: number };

/**
 * The list-multiplying cost, the root-field count and the introspection depth. Every field costs 1 and its selection
 * costs as many times as the list it returns holds: `first`/`last` (a variable counts as the largest page), 20 for a
 * connection without one, `assumedListSize` for a plain list. A connection's `nodes`/`edges` are its page, not another
 * multiplication. Fragments are computed once per name, so spreads nested ten wide and eight deep cost microseconds.
 */
export function operationShapeRule(limits: OperationLimits): ValidationRule {
  return (context: ValidationContext): ASTVisitor => {
    const schema = context.getSchema();
    const memo = new Map<string, Shape>();

    const pageSize = (field: FieldNode): number | undefined => {
      for (const argument of field.arguments ?? []) {
        if (argument.name.value !== 'first' && argument.name.value !== 'last') continue;
        const value: ValueNode = argument.value;
        if (value.kind === Kind.INT) return Math.max(0, Number(value.value));
        return MAX_PAGE_SIZE;
      }
      return undefined;
    };

    const shapeOfFragment = (fragment: FragmentDefinitionNode): Shape => {
      const name = fragment.name.value;
      const known = memo.get(name);
      if (known) return known;
      // A cycle is reported by graphql's own NoFragmentCycles rule; count it as empty here.
      memo.set(name, { cost: 0, depth: 0 });
      const shape = shapeOf(fragment.selectionSet, schema.getType(fragment.typeCondition.name.value), false);
      memo.set(name, shape);
      return shape;
    };

    /** Cost and depth of a selection set; `paged` when it belongs to a connection whose page size is already counted. */
    const shapeOf = (selectionSet: SelectionSetNode, parent: GraphQLNamedType | undefined, paged: boolean): Shape => {
      let cost = 0;
      let depth = 0;
      for (const selection of selectionSet.selections) {
        if (selection.kind === Kind.FRAGMENT_SPREAD) {
          const fragment = context.getFragment(selection.name.value);
          if (!fragment) continue;
          const inner = shapeOfFragment(fragment);
          cost += inner.cost;
          depth = Math.max(depth, inner.depth);
          continue;
        }
        if (selection.kind === Kind.INLINE_FRAGMENT) {
          const type = selection.typeCondition ? schema.getType(selection.typeCondition.name.value) : parent;
          const inner = shapeOf(selection.selectionSet, type, paged);
          cost += inner.cost;
          depth = Math.max(depth, inner.depth);
          continue;
        }
        const name = selection.name.value;
        if (name === '__typename') {
          depth = Math.max(depth, 1);
          continue;
        }
        const definition = isObjectType(parent) || isInterfaceType(parent) ? parent.getFields()[name] : undefined;
        const returnType = definition ? getNullableType(definition.type) : undefined;
        const named = returnType ? getNamedType(returnType) : undefined;
        const connection = !!named && named.name.endsWith('Connection');
        const size = pageSize(selection);
        const multiplier =
          size ?? (connection ? DEFAULT_PAGE_SIZE : returnType && isListType(returnType) ? (paged ? 1 : limits.assumedListSize) : 1);
        const inner = selection.selectionSet ? shapeOf(selection.selectionSet, named, connection) : { cost: 0, depth: 0 };
        // Introspection is bounded by introspectionDepth and the alias limit; its many small lists are not a data cost.
        const introspection = name === '__schema' || name === '__type';
        cost += introspection ? 1 : 1 + multiplier * inner.cost;
        depth = Math.max(depth, 1 + inner.depth);
      }
      return { cost, depth };
    };

    const rootMemo = new Map<string, number>();
    const rootFields = (selectionSet: SelectionSetNode): number =>
      selectionSet.selections.reduce((total, selection) => {
        if (selection.kind === Kind.FIELD) return total + 1;
        if (selection.kind === Kind.INLINE_FRAGMENT) return total + rootFields(selection.selectionSet);
        const fragment = context.getFragment(selection.name.value);
        if (!fragment) return total;
        const name = fragment.name.value;
        if (!rootMemo.has(name)) {
          rootMemo.set(name, 0); // cycle guard, as above
          rootMemo.set(name, rootFields(fragment.selectionSet));
        }
        return total + rootMemo.get(name)!;
      }, 0);

    const introspectionDepth = (selectionSet: SelectionSetNode, parent: GraphQLNamedType | undefined): number => {
      let deepest = 0;
      for (const selection of selectionSet.selections) {
        if (selection.kind === Kind.FIELD && (selection.name.value === '__schema' || selection.name.value === '__type') && selection.selectionSet)
          deepest = Math.max(deepest, 1 + shapeOf(selection.selectionSet, schema.getType(selection.name.value === '__schema' ? '__Schema' : '__Type'), false).depth);
        else if (selection.kind === Kind.INLINE_FRAGMENT) deepest = Math.max(deepest, introspectionDepth(selection.selectionSet, parent));
        else if (selection.kind === Kind.FRAGMENT_SPREAD) {
          const fragment = context.getFragment(selection.name.value);
          // Root fragments containing introspection are rare; their content is measured once through the memo.
          if (fragment) deepest = Math.max(deepest, introspectionDepth(fragment.selectionSet, parent));
        }
      }
      return deepest;
    };

    return {
      OperationDefinition(operation) {
        const root = schema.getRootType(operation.operation) ?? undefined;
        const roots = rootFields(operation.selectionSet);
        if (roots > limits.rootFields)
          return void context.reportError(limitError(`The operation selects ${roots} root fields; the limit is ${limits.rootFields}.`, operation));
        const introspection = introspectionDepth(operation.selectionSet, root);
        if (introspection > limits.introspectionDepth)
          return void context.reportError(limitError(`The introspection is nested ${introspection} levels deep; the limit is ${limits.introspectionDepth}.`, operation));
        const { cost } = shapeOf(operation.selectionSet, root, false);
        if (cost > limits.cost)
          context.reportError(limitError(`The operation could return about ${cost} fields; the limit is ${limits.cost}.`, operation));
      },
    };
  };
}

/** Every limit as validation rules: what `operationLimits` runs for HTTP, and the gateway's graphql-ws server for subscriptions. */
export const limitRules = (limits: OperationLimits): ValidationRule[] => [...armorRules(limits), operationShapeRule(limits)];

/** An operation over a limit: answered 400 GRAPHQL_VALIDATION_FAILED before the rest of the request pipeline runs. */
class LimitRefusal extends GraphQLError {
  constructor(message: string, code = 'GRAPHQL_VALIDATION_FAILED') {
    super(message, { extensions: { code, http: { status: 400 } } });
  }
}

/** How many refused documents a server remembers; the oldest is forgotten first. */
const REMEMBERED_REFUSALS = 1_000;

/**
 * Everything an ApolloServer needs to enforce the limits. The limit rules run on their own before GraphQL's standard
 * validation, and a refusal ends the request there: the standard rules (overlapping fields, among others) are the
 * expensive part of validating an abusive document, so an attack never reaches them, nor planning, nor a subgraph.
 *
 * A refusal depends on the document alone (a page size from a variable counts as the largest page), so a server
 * remembers the documents it refused, by parser or by limit, by Apollo's hash of their text: an attacker repeating one refuses in well under a
 * millisecond, before parsing, and cannot starve the event loop (and `/health`) with the same payload. Distinct
 * documents each pay the full check; per-client rate limits are what bound those.
 */
export function operationLimits(limits: OperationLimits): { plugins: ApolloServerPlugin<BaseContext>[]; parseOptions: { maxTokens: number } } {
  const rules = limitRules(limits);
  const refused = new Map<string, { message: string; code: string }>();
  const remember = (queryHash: string, message: string, code = 'GRAPHQL_VALIDATION_FAILED') => {
    if (refused.size >= REMEMBERED_REFUSALS) refused.delete(refused.keys().next().value!);
    refused.set(queryHash, { message, code });
  };
  const plugin: ApolloServerPlugin<BaseContext> = {
    // Apollo masks anything thrown by a hook as a 500 but lets this hook rethrow (graphql-armor's token limit does the
    // same): the refusal then goes out as an ordinary error response with its own status, 400.
    async unexpectedErrorProcessingRequest({ error }) {
      if (error instanceof LimitRefusal) throw error;
    },
    async requestDidStart() {
      return {
        async didResolveSource({ queryHash }) {
          const refusal = refused.get(queryHash);
          if (refusal) throw new LimitRefusal(refusal.message, refusal.code);
        },
        // A document the parser refuses (over the token limit, or not GraphQL) is refused the same way next time:
        // parsing up to the limit and Apollo's error with its stack cost more than any other part of such a request.
        async parsingDidStart({ queryHash }) {
          return async (error) => {
            if (error) remember(queryHash, error.message, 'GRAPHQL_PARSE_FAILED');
          };
        },
        async validationDidStart({ schema, document, queryHash }) {
          const errors = validate(schema, document, rules);
          if (errors.length === 0) return;
          const message = errors.map((e) => e.message).join(' ');
          remember(queryHash, message);
          throw new LimitRefusal(message);
        },
      };
    },
  };
  return { plugins: [plugin], parseOptions: { maxTokens: limits.tokens } };
}
