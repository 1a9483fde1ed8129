/** The care-team context handed to every resolver and shield rule. */
import type { PatientAccess, PatientAccessContext } from '@caregraph/access';
import type { Viewer } from '@caregraph/auth';
import type { Loaders } from './loaders';
import type { CareTeamService } from './services/care-team';

export type Context = PatientAccessContext & {
  viewer?: Viewer;
  patientAccess: PatientAccess;
  careTeam: CareTeamService;
  loaders: Loaders;
};
