/** The identity subgraph: accounts, credentials, sessions and the access tokens every other context verifies. */
import { createTokenSigner } from '@caregraph/auth';
import { defineSubgraph } from '@caregraph/server';
import { PrismaClient } from './generated/prisma/client';
import { createLoaders } from './loaders';
import { permissions } from './permissions';
import type { RequestContext } from './request-context';
import { resolvers } from './resolvers';
import { seedDemoData } from './seed';
import { AccountService } from './services/accounts';
import { SessionService } from './services/sessions';
import { Throttle } from './services/throttle';

export const subgraph = defineSubgraph({
  name: 'identity',
  module: import.meta.url,
  prismaClient: (options) => new PrismaClient(options),
  parts: ({ prisma, events, deps }) => {
    const throttle = Throttle.create(deps.config);
    const sessions = new SessionService(prisma, createTokenSigner(deps.config.jwt), deps.revocations, deps.config.jwt, throttle);
    const accounts = new AccountService(prisma, sessions, throttle, events);
    return {
      resolvers,
      permissions,
      requestContext: (viewer, request): RequestContext => ({ viewer, clientAddress: request.clientAddress, accounts, sessions, loaders: createLoaders(prisma) }),
      seedDemoData: () => seedDemoData(accounts),
      close: () => throttle.close(),
    };
  },
});
