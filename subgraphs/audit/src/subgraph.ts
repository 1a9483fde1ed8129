/** The audit subgraph: the append-only, hash-chained trail of every domain event and every read of protected health information. */
import { defineSubgraph } from '@caregraph/server';
import { consumers } from './consumers';
import { PrismaClient } from './generated/prisma/client';
import { createLoaders } from './loaders';
import { permissions } from './permissions';
import type { RequestContext } from './request-context';
import { resolvers } from './resolvers';
import { createServices } from './services';

export const subgraph = defineSubgraph({
  name: 'audit',
  module: import.meta.url,
  prismaClient: (options) => new PrismaClient(options),
  parts: ({ prisma }) => {
    const audit = createServices(prisma);
    return {
      resolvers,
      permissions,
      consumers: consumers(audit.trail),
      requestContext: (viewer): RequestContext => ({ viewer, audit, loaders: createLoaders(audit.trail) }),
    };
  },
});
