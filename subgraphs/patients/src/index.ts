/** The patients subgraph as its own process (services mode). */
import { runStandalone } from '@caregraph/server';
import { createPatientsService } from './subgraph';

export { createPatientsService };

if (import.meta.url === `file://${process.argv[1]}`) await runStandalone('patients', createPatientsService);
