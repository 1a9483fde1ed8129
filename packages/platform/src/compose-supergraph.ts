/**
 * `npm run compose`: composes the subgraph schemas into a static supergraph for production gateways (no rover needed),
 * and writes the public API schema that clients generate their types from (`packages/client/schema.graphql`).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { composeServices } from '@apollo/composition';
import { loadConfig } from '@caregraph/config';
import { parse, printSchema } from 'graphql';
import { SUBGRAPHS } from './subgraphs';

/** Where the public API schema is committed (a test checks that it is current). */
export const PUBLIC_SCHEMA_PATH = new URL('../../client/schema.graphql', import.meta.url);

function compose(urlOf: (name: (typeof SUBGRAPHS)[number]['name']) => string) {
  const result = composeServices(
    SUBGRAPHS.map(({ name, schemaPath }) => ({ name, url: urlOf(name), typeDefs: parse(readFileSync(schemaPath, 'utf8')) })),
  );
  if (result.errors) throw new Error(`Composition failed:\n${result.errors.map((e) => `  - ${e.message}`).join('\n')}`);
  return result;
}

/** Composes with each subgraph's configured URL (SUBGRAPH_URL_<CONTEXT>); throws listing every composition error. */
export function composeSupergraph(urlOf: (name: (typeof SUBGRAPHS)[number]['name']) => string): string {
  return compose(urlOf).supergraphSdl;
}

/** The schema clients see through the gateway: every subgraph's types merged, no federation machinery. */
export function publicApiSchema(): string {
  const api = compose((name) => `http://${name}/graphql`).schema.toAPISchema().toGraphQLJSSchema();
  return `# The public API schema of the Caregraph supergraph, written by \`npm run compose\`: do not edit (docs/client.md).\n\n${printSchema(api)}\n`;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const config = loadConfig();
  const path = config.supergraphPath ?? 'supergraph.graphql';
  writeFileSync(path, composeSupergraph((name) => config.contexts[name].subgraphUrl));
  writeFileSync(PUBLIC_SCHEMA_PATH, publicApiSchema());
  console.log(`Wrote ${path} (${SUBGRAPHS.map((s) => s.name).join(', ')}) and packages/client/schema.graphql`);
}
