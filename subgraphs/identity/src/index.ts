/** The identity subgraph as its own process (services mode). */
import { runStandalone } from '@caregraph/server';
import { createIdentityService } from './subgraph';

export { createIdentityService };

if (import.meta.url === `file://${process.argv[1]}`) await runStandalone('identity', createIdentityService);
