/** `npm run compose`: composes the subgraph schemas into a static supergraph for production gateways (no rover needed). */
import { readFileSync, writeFileSync } from 'node:fs';
import { composeServices } from '@apollo/composition';
import { loadConfig } from '@caregraph/config';
import { parse } from 'graphql';
import { SUBGRAPHS } from './subgraphs';

/** Composes with each subgraph's configured URL (SUBGRAPH_URL_<CONTEXT>); throws listing every composition error. */
export function composeSupergraph(urlOf: (name: (typeof SUBGRAPHS)[number]['name']) => string): string {
  const result = composeServices(
    SUBGRAPHS.map(({ name, schemaPath }) => ({ name, url: urlOf(name), typeDefs: parse(readFileSync(schemaPath, 'utf8')) })),
  );
  if (result.errors) throw new Error(`Composition failed:\n${result.errors.map((e) => `  - ${e.message}`).join('\n')}`);
  return result.supergraphSdl;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const config = loadConfig();
  const path = config.supergraphPath ?? 'supergraph.graphql';
  writeFileSync(path, composeSupergraph((name) => config.contexts[name].subgraphUrl));
  console.log(`Wrote ${path} (${SUBGRAPHS.map((s) => s.name).join(', ')})`);
}
