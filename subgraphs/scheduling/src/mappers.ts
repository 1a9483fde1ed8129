/** GraphQL types backed by storage rows (see codegen.ts: `XMapper` maps type `X`). */
import type { Connection } from '@caregraph/db';
import type { Appointment, Availability } from './generated/prisma/client';

export type AppointmentMapper = Appointment;
export type AvailabilityMapper = Availability;
export type AppointmentConnectionMapper = Connection<Appointment>;
/** This context knows patients and practitioners only by id. */
export type PatientMapper = { id: string };
export type PractitionerMapper = { id: string };
