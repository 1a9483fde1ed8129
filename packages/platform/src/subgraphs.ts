/** The subgraphs that exist today, in start order. A new context is added here once. */
import type { ContextName } from '@caregraph/config';
import { createIdentityService } from '@caregraph/identity';
import type { SubgraphFactory } from '@caregraph/server';

export const SUBGRAPHS: { name: ContextName; create: SubgraphFactory; schemaPath: string }[] = [
  { name: 'identity', create: createIdentityService, schemaPath: new URL('../../../subgraphs/identity/schema.graphql', import.meta.url).pathname },
];
