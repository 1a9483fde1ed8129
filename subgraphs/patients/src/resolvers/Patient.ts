import type { PatientResolvers } from '../generated/graphql';
import { formatMrn } from '../services/patients';

export const Patient: PatientResolvers = {
  __resolveReference: (reference, ctx) => ctx.loaders.patient.load(reference.id),
  mrn: (patient) => formatMrn(patient.mrnNumber),
  address: (p) =>
    p.addressLine || p.addressCity || p.addressState || p.addressPostalCode || p.addressCountry
      ? { line: p.addressLine, city: p.addressCity, state: p.addressState, postalCode: p.addressPostalCode, country: p.addressCountry }
      : null,
  emergencyContacts: (patient, _args, ctx) => ctx.loaders.emergencyContacts.load(patient.id),
};
