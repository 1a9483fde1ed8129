/** Patient fields and entity resolution for the patients subgraph. */
import type { PatientResolvers } from '../generated/graphql';
import { requireId } from '@caregraph/validation';
import { formatMrn } from '../services/patients';

export const Patient: PatientResolvers = {
  // Access is decided before the lookup, so an unknown id and a forbidden one get the same answer (no existence oracle).
  // The weakest grant that shows any field (the name, e.g. to a pharmacist or a lab technician): the field rules decide
  // the rest, so a lab technician reads the name and birth date of a patient with an order, and nothing else.
  __resolveReference: async (reference, ctx) => {
    const id = requireId(reference.id);
    await ctx.patientAccess.assert('demographics:name', id);
    return ctx.loaders.patient.load(id);
  },
  mrn: (patient) => formatMrn(patient.mrnNumber),
  address: (p) =>
    p.addressLine || p.addressCity || p.addressState || p.addressPostalCode || p.addressCountry
      ? { line: p.addressLine, city: p.addressCity, state: p.addressState, postalCode: p.addressPostalCode, country: p.addressCountry }
      : null,
  emergencyContacts: (patient, _args, ctx) => ctx.loaders.emergencyContacts.load(patient.id),
};
