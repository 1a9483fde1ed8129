/** Weekly hours as the API shows them: calendar days as YYYY-MM-DD, the practitioner as a federation reference. */
import type { AvailabilityResolvers } from '../generated/graphql';

const day = (date: Date) => date.toISOString().slice(0, 10);

export const Availability: AvailabilityResolvers = {
  practitioner: (hours) => ({ id: hours.practitionerId }),
  validFrom: (hours) => day(hours.validFrom),
  validTo: (hours) => (hours.validTo ? day(hours.validTo) : null),
};
