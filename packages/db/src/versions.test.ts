/** Version rows (ehr's clinical record, lab's results): a correction continues its line, and a lost race for the same version is CONFLICT. */
import { describe, expect, it } from 'vitest';
import { firstVersion, nextVersion, supersede } from './versions';

describe('record versions', () => {
  it('starts a line at version 1 and continues it from the current version with a reason', () => {
    const first = firstVersion();
    expect(first).toEqual({ id: first.id, lineageId: first.id, version: 1, supersedesId: null });
    const current = { id: first.id, lineageId: first.lineageId, version: 1 };
    const next = nextVersion(current, '  wrong code  ');
    expect(next).toMatchObject({ lineageId: first.id, version: 2, supersedesId: first.id, changeReason: 'wrong code' });
    expect(next.id).not.toBe(first.id);
    expect(() => nextVersion(current, ' ')).toThrow(/reason must not be empty/);
  });

  it('turns the unique violation of a second successor into CONFLICT and passes other errors on', async () => {
    await expect(supersede('condition', () => Promise.reject(Object.assign(new Error('unique'), { code: 'P2002' })))).rejects.toMatchObject({ extensions: { code: 'CONFLICT' } });
    await expect(supersede('condition', () => Promise.reject(new Error('disk full')))).rejects.toThrow('disk full');
    expect(await supersede('condition', async () => 'written')).toBe('written');
  });
});
