/** The notifications subgraph: each user account's inbox, built from other contexts' events; only its recipient sees a notification. */
import { defineSubgraph } from '@caregraph/server';
import { consumers } from './consumers';
import { PrismaClient } from './generated/prisma/client';
import { createLoaders } from './loaders';
import { permissions } from './permissions';
import type { RequestContext } from './request-context';
import { resolvers } from './resolvers';
import { createServices } from './services';

export const subgraph = defineSubgraph({
  name: 'notifications',
  module: import.meta.url,
  prismaClient: (options) => new PrismaClient(options),
  parts: ({ prisma, deps }) => {
    const notifications = createServices(prisma);
    return {
      resolvers,
      permissions,
      consumers: consumers(notifications.inbox, deps.live),
      requestContext: (viewer): RequestContext => ({ viewer, notifications, loaders: createLoaders(prisma) }),
    };
  },
});
