/**
 * Turns a subscription into the query that reads one event's payload through the gateway's own query planning:
 *
 *   subscription ($x: Boolean!) { changed: appointmentChanged(practitionerId: "…") { status patient { givenName @include(if: $x) } } }
 *   → query LivePayload($liveId: ID!, $x: Boolean!) { changed: appointment(id: $liveId) { status patient { givenName @include(if: $x) } } }
 *
 * The response key, selection, fragments and variables are the subscriber's, so the query's `data` is exactly the
 * subscription's event. Its text is the same for every subscriber with the same selection: parsed, validated and
 * planned once (Apollo's document store and the gateway's plan cache), then executed per event.
 */
import { Kind, print, visit, type ASTNode, type DocumentNode, type FieldNode, type FragmentDefinitionNode, type OperationDefinitionNode, type SelectionSetNode } from 'graphql';

/** The id variable of the payload query (a name the subscriber's own document cannot use: `$live…` is reserved here). */
export const LIVE_ID = 'liveId';
export const LIVE_CURSOR = 'liveCursor';
/** The alias the replay query reads each node's id under, removed before delivery. */
export const REPLAY_ID_ALIAS = 'liveReplayId';

/** The one root field of a subscription (GraphQL allows exactly one), selected directly or through fragments. */
export function rootFieldOf(operation: OperationDefinitionNode, fragments: Map<string, FragmentDefinitionNode>): FieldNode | undefined {
  const find = (selectionSet: SelectionSetNode): FieldNode | undefined => {
    for (const selection of selectionSet.selections) {
      if (selection.kind === Kind.FIELD) return selection;
      const inner = selection.kind === Kind.INLINE_FRAGMENT ? selection.selectionSet : fragments.get(selection.name.value)?.selectionSet;
      const found = inner && find(inner);
      if (found) return found;
    }
    return undefined;
  };
  return find(operation.selectionSet);
}

export const fragmentsOf = (document: DocumentNode) =>
  new Map(document.definitions.filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION).map((f) => [f.name.value, f]));

/** The fragments and variables a field's selection (and directives) use, transitively through fragments. */
function usedBy(field: FieldNode, fragments: Map<string, FragmentDefinitionNode>) {
  const fragmentNames = new Set<string>();
  const variables = new Set<string>();
  const walk = (node: ASTNode) =>
    visit(node, {
      Variable(variable) {
        variables.add(variable.name.value);
      },
      FragmentSpread(spread) {
        const name = spread.name.value;
        const fragment = fragments.get(name);
        if (fragmentNames.has(name) || !fragment) return;
        fragmentNames.add(name);
        walk(fragment);
      },
    });
  // The root field's own arguments are replaced by the id; only what its selection and directives use is kept.
  for (const directive of field.directives ?? []) walk(directive);
  if (field.selectionSet) walk(field.selectionSet);
  return { fragments: [...fragmentNames].map((name) => fragments.get(name)!), variables };
}

/** A derived query: its text, and the subscriber's variables it uses (their values go with every read). */
export type DerivedQuery = { text: string; variables: string[] };

/** The operation's text: the subscriber's variable definitions and fragments that the selection uses, and `root`. */
function queryText(name: string, operation: OperationDefinitionNode, field: FieldNode, fragments: Map<string, FragmentDefinitionNode>, ownVariable: string, root: string): DerivedQuery {
  const used = usedBy(field, fragments);
  const definitions = (operation.variableDefinitions ?? []).filter((d) => used.variables.has(d.variable.name.value));
  const text = [`query ${name}(${[ownVariable, ...definitions.map((d) => print(d))].join(', ')}) { ${root} }`, ...used.fragments.map((f) => print(f))].join('\n');
  return { text, variables: definitions.map((d) => d.variable.name.value) };
}

/** The response key of the subscription's field: its alias, else its name. */
export const responseKeyOf = (field: FieldNode) => field.alias?.value ?? field.name.value;
const directivesOf = (field: FieldNode) => (field.directives ?? []).map((d) => print(d)).join(' ');

/** `query LivePayload($liveId: ID!, …) { <key>: <read>(id: $liveId) <selection> }` */
export function payloadQuery(operation: OperationDefinitionNode, field: FieldNode, fragments: Map<string, FragmentDefinitionNode>, read: string): DerivedQuery {
  const root = `${responseKeyOf(field)}: ${read}(id: $${LIVE_ID}) ${directivesOf(field)} ${field.selectionSet ? print(field.selectionSet) : ''}`;
  return queryText('LivePayload', operation, field, fragments, `$${LIVE_ID}: ID!`, root);
}

/**
 * `query LiveReplay($liveCursor: String, …) { <key>: <read>(cursor: $liveCursor, first: 100) { pageInfo { hasNextPage endCursor } nodes { liveReplayId: id <selection> } } }`
 * One page of what a reconnecting subscriber missed, each node with the subscriber's own selection.
 */
export function replayQuery(operation: OperationDefinitionNode, field: FieldNode, fragments: Map<string, FragmentDefinitionNode>, read: string): DerivedQuery {
  const selections = (field.selectionSet?.selections ?? []).map((s) => print(s)).join(' ');
  const root = `${responseKeyOf(field)}: ${read}(cursor: $${LIVE_CURSOR}, first: 100) ${directivesOf(field)} { pageInfo { hasNextPage endCursor } nodes { ${REPLAY_ID_ALIAS}: id ${selections} } }`;
  return queryText('LiveReplay', operation, field, fragments, `$${LIVE_CURSOR}: String`, root);
}
