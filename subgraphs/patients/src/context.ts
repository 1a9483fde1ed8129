/** The patients context handed to every resolver and shield rule. */
import type { PatientAccess, PatientAccessContext } from '@caregraph/access';
import type { Viewer } from '@caregraph/auth';
import type { Loaders } from './loaders';
import type { PatientService } from './services/patients';

export type Context = PatientAccessContext & {
  viewer?: Viewer;
  patientAccess: PatientAccess;
  patients: PatientService;
  loaders: Loaders;
};
