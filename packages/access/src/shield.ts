/**
 * A subgraph's graphql-shield: the shared operation rules plus its own type rules, deny by default, federation fields
 * explicit. Every type the subgraph serves needs a rule; wrapper types (connections, payloads) that carry no data of
 * their own may simply `allow`, since the entities inside them are protected by their own rules.
 */
import { forbidden } from '@caregraph/errors';
import { defaultFieldResolver, isObjectType, type GraphQLFieldResolver, type GraphQLObjectType, type GraphQLResolveInfo, type GraphQLSchema } from 'graphql';
import { shield, type IRules } from 'graphql-shield';
import { operationRules } from './operations';
import { allow, deny, isAuthenticated, isPublic, isRoleOnly, quickGrantOf, ruleFor, type AuthContext, type ShieldRule } from './rules';

type RuleMap = Record<string, unknown>;

const SHIELD_OPTIONS = {
  fallbackRule: deny,
  allowExternalErrors: true,
  fallbackError: (_thrown: unknown, _parent: unknown, _args: unknown, _ctx: unknown, info: GraphQLResolveInfo) =>
    forbidden(`You are not allowed to read or change ${info.parentType.name}.${info.fieldName}.`),
};

/** Shield's guard of one field: decides the field's rule, then resolves it or answers the refusal. */
type FieldMiddleware = (resolve: GraphQLFieldResolver<unknown, unknown>, ...rest: Parameters<GraphQLFieldResolver<unknown, unknown>>) => Promise<unknown>;
/** Shield hands out logic rules' guards (`and`, `or`, `allow`, `deny`) with the fragments they need, as objects. */
type GeneratedGuard = FieldMiddleware | { resolve: FieldMiddleware };

/**
 * `typeRules` protect the fields of the subgraph's types, wherever they are reached from: root fields, nested
 * fields and `_entities` alike. `_service` stays open because composition reads it; `_entities` needs a signed-in
 * viewer, and the entity types' own field rules decide what that viewer sees.
 */
export function subgraphRules(schema: GraphQLSchema, typeRules: IRules = {}): IRules {
  const tree = typeRules as Record<string, RuleMap>;
  // Shield refuses rules for fields a schema lacks: take the operation rules of the root fields this subgraph serves.
  const served = (root: GraphQLObjectType | null | undefined, rules: RuleMap) =>
    Object.fromEntries(Object.entries(rules).filter(([field]) => field === '*' || !!root?.getFields()[field]));
  return {
    ...tree,
    Query: { ...served(schema.getQueryType(), operationRules.Query), ...tree.Query, _service: isPublic, _entities: isAuthenticated },
    ...(schema.getMutationType() ? { Mutation: { ...served(schema.getMutationType(), operationRules.Mutation), ...tree.Mutation } } : {}),
    _Service: { sdl: isPublic },
  } as unknown as IRules;
}

const ANONYMOUS = '(anonymous)';

/**
 * Puts the subgraph's rules on its schema's resolvers, in place, and returns the schema. Every field is decided by
 * graphql-shield, as its `shield()` would decide it. Applied through graphql-middleware, though, shield makes every
 * field asynchronous, a promise and an `await` per field even where the rule is `allow`: a sixth of care-team's CPU
 * on W1's call (docs/performance.md). So each field gets only the guard its rule needs:
 * - `allow`: none; the field resolves as it would without a shield.
 * - a role-only rule (rules.ts): once shield has let a role through it, the process remembers that for the rule, and
 *   later fields under it resolve directly for that role. Its verdict cannot differ for another viewer of that role.
 * - a rule with a quick grant (rules.ts, e.g. the patient rules): resolves directly where the quick grant says yes.
 * - any other rule, and everything the above do not let through: shield's own field middleware, unchanged.
 */
export function applySubgraphShield(schema: GraphQLSchema, typeRules: IRules = {}): GraphQLSchema {
  const rules = subgraphRules(schema, typeRules);
  // shield() validates the rule tree, generate() that every rule names a type and field the schema has.
  const guards = shield(rules, SHIELD_OPTIONS).generate(schema) as Record<string, Record<string, GeneratedGuard>>;
  const rolesLetThrough = new Map<ShieldRule, Set<string>>();
  for (const [typeName, fields] of Object.entries(guards)) {
    const type = schema.getType(typeName);
    if (!isObjectType(type)) continue;
    for (const [fieldName, generated] of Object.entries(fields)) {
      const guard = typeof generated === 'function' ? generated : generated.resolve;
      const field = type.getFields()[fieldName]!;
      const rule = ruleFor(rules, typeName, fieldName, deny as unknown as ShieldRule);
      if (rule === (allow as unknown as ShieldRule)) continue;
      const resolve = field.resolve ?? defaultFieldResolver;
      const guarded: GraphQLFieldResolver<unknown, AuthContext> = (parent, args, ctx, info) => guard(resolve, parent, args, ctx, info);
      const quick = quickGrantOf(rule);
      if (quick) {
        field.resolve = (parent, args, ctx: AuthContext, info) => (quick(parent, ctx) ? resolve(parent, args, ctx, info) : guarded(parent, args, ctx, info));
        continue;
      }
      if (!isRoleOnly(rule)) {
        field.resolve = guarded;
        continue;
      }
      let roles = rolesLetThrough.get(rule);
      if (!roles) rolesLetThrough.set(rule, (roles = new Set()));
      const letThrough = roles;
      field.resolve = (parent, args, ctx: AuthContext, info) => {
        const role = ctx.viewer?.role ?? ANONYMOUS;
        if (letThrough.has(role)) return resolve(parent, args, ctx, info);
        return learn(rule, role, letThrough, ctx, info).then(() => guarded(parent, args, ctx, info));
      };
    }
  }
  return schema;
}

/** Asks shield once for a role-only rule's verdict on `role`, and remembers a `true`; the field's guard still answers. */
async function learn(rule: ShieldRule, role: string, letThrough: Set<string>, ctx: AuthContext, info: GraphQLResolveInfo): Promise<void> {
  const shieldContext = ctx as AuthContext & { _shield?: { cache: object } };
  shieldContext._shield ??= { cache: {} };
  const verdict = await rule.resolve(undefined, {}, shieldContext, info, { ...SHIELD_OPTIONS, debug: false, hashFunction: JSON.stringify }).catch(() => false);
  if (verdict === true && role !== ANONYMOUS) letThrough.add(role);
}
