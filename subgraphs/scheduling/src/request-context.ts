/** What every resolver and shield rule of the scheduling subgraph gets for one request. */
import type { PatientAccess, PatientAccessContext } from '@caregraph/access';
import type { Viewer } from '@caregraph/auth';
import type { Loaders } from './loaders';
import type { AppointmentService } from './services/appointments';
import type { AvailabilityService } from './services/availability';

export type RequestContext = PatientAccessContext & {
  viewer?: Viewer;
  patientAccess: PatientAccess;
  availability: AvailabilityService;
  appointments: AppointmentService;
  loaders: Loaders;
};
