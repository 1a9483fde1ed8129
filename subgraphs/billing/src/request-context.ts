/** What every resolver and shield rule of the billing subgraph gets for one request. */
import type { PatientAccess, PatientAccessContext } from '@caregraph/access';
import type { Viewer } from '@caregraph/auth';
import type { Loaders } from './loaders';
import type { BillingServices } from './services';

export type RequestContext = PatientAccessContext & {
  viewer?: Viewer;
  patientAccess: PatientAccess;
  billing: BillingServices;
  loaders: Loaders;
};
