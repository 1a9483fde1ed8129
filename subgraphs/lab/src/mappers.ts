/** GraphQL types backed by storage rows (see codegen.ts: `XMapper` maps type `X`). */
import type { Connection } from '@caregraph/db';
import type { LabOrder, LabTest } from './generated/prisma/client';
import type { LabResultRow } from './services/orders';

export type LabTestMapper = LabTest;
export type LabOrderMapper = LabOrder;
export type LabResultMapper = LabResultRow;
export type LabOrderConnectionMapper = Connection<LabOrder>;
/** This context knows patients and practitioners only by id. */
export type PatientMapper = { id: string };
export type PractitionerMapper = { id: string };
