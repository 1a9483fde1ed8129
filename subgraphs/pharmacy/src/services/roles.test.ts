/** Pharmacy's role lists agree with the gateway's root rules, so a role the gateway lets through is never refused for a different reason here. */
import { describe, expect, it } from 'vitest';
import { operationRules } from '@caregraph/access';
import { ROLES, type Role } from '@caregraph/auth';
import { CATALOGUE_READERS, PHARMACY_STAFF, STOCK_READERS } from './roles';

/** The roles a root rule of operationRules lets through, asked of the rule itself. */
async function allowedBy(type: 'Query' | 'Mutation', field: string): Promise<Role[]> {
  const rule = (operationRules as unknown as Record<string, Record<string, { resolve: (...args: unknown[]) => Promise<unknown> }>>)[type]![field]!;
  const allowed: Role[] = [];
  for (const role of ROLES) {
    const ctx = { viewer: { userId: 'u1', role, tokenId: 't', sessionId: 's', expiresAt: new Date(Date.now() + 60_000) }, _shield: { cache: {} } };
    if ((await rule.resolve(undefined, {}, ctx, { fieldName: field, parentType: { name: type } }, { debug: false, allowExternalErrors: false, hashFunction: JSON.stringify })) === true) allowed.push(role);
  }
  return allowed;
}

describe('pharmacy roles', () => {
  it('read the catalogue exactly as the gateway lets medications and medication through', async () => {
    expect(await allowedBy('Query', 'medications')).toEqual([...CATALOGUE_READERS].sort((a, b) => ROLES.indexOf(a) - ROLES.indexOf(b)));
    expect(await allowedBy('Query', 'medication')).toEqual(await allowedBy('Query', 'medications'));
  });

  it('keep stock levels from patients, and dispensing, restocking and the catalogue to pharmacists', async () => {
    expect(STOCK_READERS).not.toContain('PATIENT');
    expect(STOCK_READERS.every((role) => CATALOGUE_READERS.includes(role))).toBe(true);
    for (const field of ['dispense', 'restockMedication', 'createMedication']) expect(await allowedBy('Mutation', field), field).toEqual(PHARMACY_STAFF);
  });
});
