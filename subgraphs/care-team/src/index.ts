/** The care-team subgraph as its own process (services mode). */
import { runStandalone } from '@caregraph/server';
import { createCareTeamService } from './subgraph';

export { createCareTeamService };

if (import.meta.url === `file://${process.argv[1]}`) await runStandalone('care-team', createCareTeamService);
