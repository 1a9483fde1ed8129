/** What every resolver and shield rule of the patients subgraph gets for one request. */
import type { PatientAccess, PatientAccessContext } from '@caregraph/access';
import type { Viewer } from '@caregraph/auth';
import type { Loaders } from './loaders';
import type { PatientService } from './services/patients';

export type RequestContext = PatientAccessContext & {
  viewer?: Viewer;
  patientAccess: PatientAccess;
  patients: PatientService;
  loaders: Loaders;
};
