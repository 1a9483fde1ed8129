/**
 * Versioning shared by every clinical record: rows are only inserted; a correction is a new row superseding the
 * current one (the database refuses updates and a second successor, see the ehr init migration).
 */
import type { PatientAccess, PatientCapability } from '@caregraph/access';
import { badUserInput, conflict, forbidden, notFound } from '@caregraph/errors';
import { optionalId, requireId } from '@caregraph/validation';
import type { PrismaClient } from '../generated/prisma/client';

// The identity columns of versions and the race of two corrections are shared with lab (packages/db/src/versions.ts).
export { firstVersion, nextVersion, supersede } from '@caregraph/db';

/** Loaded with every version row, so `current` needs no further query. */
export const WITH_SUCCESSOR = { supersededBy: { select: { id: true } } } as const;
/** Default lists: current versions that were not entered in error. */
export const CURRENT = { supersededBy: { is: null }, verificationStatus: 'CONFIRMED' } as const;

export type VersionRow = { id: string; lineageId: string; version: number; patientId: string; verificationStatus: string; supersededBy: { id: string } | null };

/**
 * The authorization line of every correction: finds version `id`, asserts `capability` for its patient, and makes
 * sure it is the current version and not entered in error.
 */
export async function currentVersionFor<Row extends VersionRow>(
  access: PatientAccess,
  what: string,
  id: string,
  find: (id: string) => Promise<Row | null>,
  capability: PatientCapability | ((row: Row) => PatientCapability),
): Promise<Row> {
  const row = await find(requireId(id));
  if (!row) throw notFound(what, id);
  await access.assert(typeof capability === 'function' ? capability(row) : capability, row.patientId);
  if (row.supersededBy) throw conflict(`This version of the ${what} was superseded by ${row.supersededBy.id}: correct the current version.`);
  if (row.verificationStatus === 'ENTERED_IN_ERROR') throw conflict(`This ${what} was entered in error and cannot change any more: record a new one instead.`);
  return row;
}

/** One record of the viewer's: null when there is none, FORBIDDEN when it is someone else's. */
export async function readable<Row extends { patientId: string }>(access: PatientAccess, capability: PatientCapability, row: Row | null): Promise<Row | null> {
  if (!row) return null;
  await access.assert(capability, row.patientId);
  return row;
}

/** An optional encounter a record belongs to: it must be one of the same patient's. */
export async function encounterOf(prisma: Pick<PrismaClient, 'encounter'>, patientId: string, encounterId: string | null | undefined): Promise<string | null> {
  const id = optionalId(encounterId, 'encounterId');
  if (!id) return null;
  const encounter = await prisma.encounter.findUnique({ where: { id }, select: { patientId: true } });
  if (!encounter || encounter.patientId !== patientId) throw badUserInput(`encounterId ${id} is not an encounter of this patient.`, 'encounterId');
  return id;
}

/** The practitioner writing: every clinical write is granted through a care team, so there always is one. */
export function writerOf(access: PatientAccess): string {
  const practitionerId = access.viewer?.practitionerId;
  if (!practitionerId) throw forbidden('Only a practitioner may write to the clinical record.');
  return practitionerId;
}
