// Generates typed resolvers for every subgraph from its schema.graphql (federation-aware), and the typed client's
// documents from the committed public schema (packages/client, docs/client.md).
// Convention (as in The Guild's Hive): each `XMapper` type exported by a subgraph's src/mappers.ts maps GraphQL type `X`.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import type { CodegenConfig } from '@graphql-codegen/cli';

const subgraphs = readdirSync('subgraphs').filter((name) => existsSync(`subgraphs/${name}/schema.graphql`));

function mappersOf(name: string): Record<string, string> {
  const file = `subgraphs/${name}/src/mappers.ts`;
  if (!existsSync(file)) return {};
  const names = [...readFileSync(file, 'utf8').matchAll(/export (?:type|interface) (\w+)Mapper\b/g)].map((m) => m[1]!);
  return Object.fromEntries(names.map((type) => [type, `../mappers#${type}Mapper`]));
}

const SCALARS = { DateTime: 'string', Date: 'string', Decimal: 'string', ID: 'string' };

const config: CodegenConfig = {
  overwrite: true,
  generates: {
    'packages/client/src/generated/': {
      schema: 'packages/client/schema.graphql',
      documents: ['packages/client/src/operations.graphql'],
      preset: 'client',
      presetConfig: { fragmentMasking: false },
      config: { useTypeImports: true, enumsAsTypes: true, scalars: SCALARS, emitLegacyCommonJSImports: false },
    },
    ...Object.fromEntries(
      subgraphs.map((name) => [
        `subgraphs/${name}/src/generated/graphql.ts`,
        {
          schema: `subgraphs/${name}/schema.graphql`,
          plugins: ['typescript', 'typescript-resolvers'],
          config: {
            federation: true,
            useIndexSignature: true,
            useTypeImports: true,
            enumsAsTypes: true,
            contextType: '../request-context#RequestContext',
            mappers: mappersOf(name),
            scalars: { DateTime: 'Date | string', Date: 'string', Decimal: 'string', ID: 'string' },
            emitLegacyCommonJSImports: false,
          },
        },
      ]),
    ),
  },
};

export default config;
