/** What every resolver and shield rule of the care-team subgraph gets for one request. */
import type { PatientAccess, PatientAccessContext } from '@caregraph/access';
import type { Viewer } from '@caregraph/auth';
import type { Loaders } from './loaders';
import type { CareTeamService } from './services/care-team';

export type RequestContext = PatientAccessContext & {
  viewer?: Viewer;
  patientAccess: PatientAccess;
  careTeam: CareTeamService;
  loaders: Loaders;
};
