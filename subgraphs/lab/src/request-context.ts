/** What every resolver and shield rule of the lab subgraph gets for one request. */
import type { PatientAccess, PatientAccessContext } from '@caregraph/access';
import type { Viewer } from '@caregraph/auth';
import type { Loaders } from './loaders';
import type { LabServices } from './services';

export type RequestContext = PatientAccessContext & {
  viewer?: Viewer;
  patientAccess: PatientAccess;
  lab: LabServices;
  loaders: Loaders;
};
