/**
 * The patient's recorded allergies as pharmacy knows them (from ehr's `ehr.allergy.recorded`, never by asking ehr),
 * and the check a prescription must pass: does the medication contain a substance the patient is allergic to?
 */
import type { Prisma, PrismaClient } from '../generated/prisma/client';
import type { EventPayload } from '@caregraph/events';

type Tx = Prisma.TransactionClient;

/**
 * How a substance is compared: case-insensitive, trimmed, and singular ("Penicillins" matches "penicillin",
 * "Sulfonamides" matches "sulfonamide").
 */
export function substanceKey(substance: string): string {
  const key = substance.trim().toLowerCase().replace(/\s+/g, ' ');
  return key.length > 3 && key.endsWith('s') ? key.slice(0, -1) : key;
}

/** The recorded allergy substances that a medication with these ingredients matches. */
export function matchingAllergies(ingredients: readonly string[], allergies: readonly { substance: string }[]): string[] {
  const keys = new Set(ingredients.map(substanceKey));
  return [...new Set(allergies.filter((a) => keys.has(substanceKey(a.substance))).map((a) => a.substance))];
}

export class AllergyService {
  constructor(private readonly prisma: PrismaClient) {}

  /**
   * Keeps the newest version of each allergy lineage, whatever order versions arrive in: an older version never
   * overwrites a newer one (the WHERE of the upsert), and a correction replaces the substance or status. Only an
   * ACTIVE version stops a prescription, so an allergy entered in error, inactive or resolved no longer does.
   */
  async apply(tx: Tx, allergy: EventPayload<'ehr.allergy.recorded'>): Promise<void> {
    await tx.$executeRaw`
      INSERT INTO known_allergies (lineage_id, patient_id, substance, status, version)
      VALUES (${allergy.lineageId}::uuid, ${allergy.patientId}::uuid, ${allergy.substance}, ${allergy.status}, ${allergy.version})
      ON CONFLICT (lineage_id) DO UPDATE SET substance = EXCLUDED.substance, status = EXCLUDED.status, version = EXCLUDED.version
      WHERE known_allergies.version < EXCLUDED.version`;
  }

  /** The patient's ACTIVE allergies that the ingredients match. */
  async matching(patientId: string, ingredients: readonly string[]): Promise<string[]> {
    const allergies = await this.prisma.knownAllergy.findMany({ where: { patientId, status: 'ACTIVE' }, select: { substance: true } });
    return matchingAllergies(ingredients, allergies);
  }
}
