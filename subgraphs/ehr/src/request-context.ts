/** What every resolver and shield rule of the ehr subgraph gets for one request. */
import type { PatientAccess, PatientAccessContext } from '@caregraph/access';
import type { Viewer } from '@caregraph/auth';
import type { Loaders } from './loaders';
import type { ClinicalServices } from './services';

export type RequestContext = PatientAccessContext & {
  viewer?: Viewer;
  patientAccess: PatientAccess;
  ehr: ClinicalServices;
  loaders: Loaders;
};
