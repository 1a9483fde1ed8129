/** GraphQL types backed by storage rows (see codegen.ts: `XMapper` maps type `X`). */
import type { Connection } from '@caregraph/db';
import type { Patient } from './generated/prisma/client';

export type PatientMapper = Patient;
export type PatientConnectionMapper = Connection<Patient>;
