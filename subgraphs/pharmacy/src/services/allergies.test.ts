/** The allergy projection and the matching rule: newest version per lineage whatever the order, case-insensitive substances. */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPharmacyTestDatabase } from '../../test/service-kit';
import { matchingAllergies, substanceKey } from './allergies';

let t: Awaited<ReturnType<typeof openPharmacyTestDatabase>>;
beforeAll(async () => {
  t = await openPharmacyTestDatabase();
});
afterAll(() => t?.db.close());

const version = (lineageId: string, patientId: string, v: number, substance: string, status = 'ACTIVE') => ({
  allergyId: randomUUID(),
  patientId,
  substance,
  severity: 'MODERATE',
  status,
  version: v,
  supersedes: v > 1 ? randomUUID() : null,
  lineageId,
});

describe('allergy matching', () => {
  it('compares substances case-insensitively and singular', () => {
    expect(substanceKey('  Penicillins ')).toBe('penicillin');
    expect(matchingAllergies(['amoxicillin', 'penicillin'], [{ substance: 'PENICILLIN' }, { substance: 'Latex' }])).toEqual(['PENICILLIN']);
    expect(matchingAllergies(['sulfamethoxazole', 'sulfonamide'], [{ substance: 'Sulfonamides' }])).toEqual(['Sulfonamides']);
    expect(matchingAllergies(['lisinopril'], [{ substance: 'Penicillin' }])).toEqual([]);
  });
});

describe('AllergyService projection', () => {
  it('keeps the newest version of a lineage: a correction replaces it, entered in error or inactive stops matching, a late older version changes nothing', async () => {
    const patientId = randomUUID();
    const lineage = randomUUID();
    const apply = (payload: ReturnType<typeof version>) => t.db.events.transaction((tx) => t.pharmacy.allergies.apply(tx, payload));
    await apply(version(lineage, patientId, 1, 'Penicillin'));
    expect(await t.pharmacy.allergies.matching(patientId, ['penicillin'])).toEqual(['Penicillin']);
    await apply(version(lineage, patientId, 2, 'Latex'));
    expect(await t.pharmacy.allergies.matching(patientId, ['penicillin'])).toEqual([]);
    expect(await t.pharmacy.allergies.matching(patientId, ['latex'])).toEqual(['Latex']);
    await apply(version(lineage, patientId, 4, 'Latex', 'ENTERED_IN_ERROR'));
    await apply(version(lineage, patientId, 3, 'Penicillin'));
    expect(await t.pharmacy.allergies.matching(patientId, ['latex', 'penicillin'])).toEqual([]);
    const other = randomUUID();
    await apply(version(other, patientId, 1, 'Sulfonamides', 'INACTIVE'));
    expect(await t.pharmacy.allergies.matching(patientId, ['sulfonamide'])).toEqual([]);
    expect(await t.db.prisma.knownAllergy.count({ where: { patientId } })).toBe(2);
  });
});
