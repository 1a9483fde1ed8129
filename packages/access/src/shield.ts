/**
 * A subgraph's graphql-shield: the shared operation rules plus its own type rules, deny by default, federation fields
 * explicit. Every type the subgraph serves needs a rule; wrapper types (connections, payloads) that carry no data of
 * their own may simply `allow`, since the entities inside them are protected by their own rules.
 */
import { forbidden } from '@caregraph/errors';
import type { GraphQLObjectType, GraphQLResolveInfo, GraphQLSchema } from 'graphql';
import { shield, type IRules } from 'graphql-shield';
import { operationRules } from './operations';
import { deny, isAuthenticated, isPublic } from './rules';

type RuleMap = Record<string, unknown>;

/**
 * `typeRules` protect the fields of the subgraph's types, wherever they are reached from: root fields, nested
 * fields and `_entities` alike. `_service` stays open because composition reads it; `_entities` needs a signed-in
 * viewer, and the entity types' own field rules decide what that viewer sees.
 */
export function subgraphShield(schema: GraphQLSchema, typeRules: IRules = {}) {
  const tree = typeRules as Record<string, RuleMap>;
  // Shield refuses rules for fields a schema lacks: take the operation rules of the root fields this subgraph serves.
  const served = (root: GraphQLObjectType | null | undefined, rules: RuleMap) =>
    Object.fromEntries(Object.entries(rules).filter(([field]) => field === '*' || !!root?.getFields()[field]));
  const rules = {
    ...tree,
    Query: { ...served(schema.getQueryType(), operationRules.Query), ...tree.Query, _service: isPublic, _entities: isAuthenticated },
    ...(schema.getMutationType() ? { Mutation: { ...served(schema.getMutationType(), operationRules.Mutation), ...tree.Mutation } } : {}),
    _Service: { sdl: isPublic },
  } as unknown as IRules;
  return shield(rules, {
    fallbackRule: deny,
    allowExternalErrors: true,
    fallbackError: (_thrown: unknown, _parent: unknown, _args: unknown, _ctx: unknown, info: GraphQLResolveInfo) =>
      forbidden(`You are not allowed to read or change ${info.parentType.name}.${info.fieldName}.`),
  });
}
