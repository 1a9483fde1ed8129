/** The hash chain: one canonical form per content, and each kind of break named. */
import { describe, expect, it } from 'vitest';
import { canonicalForm, entryHash, GENESIS_HASH, linkProblem, type ChainedFields } from './chain';

const entry = (sequence: bigint, previousHash: string, detail: unknown = { payload: { b: 1, a: [2, 'x'] } }): ChainedFields & { hash: string } => {
  const fields: ChainedFields = {
    sequence,
    kind: 'DOMAIN_EVENT',
    sourceId: '00000000-0000-4000-8000-000000000001',
    type: 'ehr.condition.recorded',
    occurredAt: new Date('2026-03-01T09:30:00.123Z'),
    actorId: null,
    actorRole: null,
    patientId: '00000000-0000-4000-8000-000000000002',
    operation: null,
    requestId: null,
    allowed: null,
    detail,
    previousHash,
    recordedAt: new Date('2026-03-01T09:30:01.000Z'),
  };
  return { ...fields, hash: entryHash(fields) };
};

describe('canonical form', () => {
  it('does not depend on the key order of the detail', () => {
    const first = entry(1n, GENESIS_HASH, { payload: { a: 1, b: { c: 2, d: 3 } } });
    const second = entry(1n, GENESIS_HASH, { payload: { b: { d: 3, c: 2 }, a: 1 } });
    expect(canonicalForm(first)).toBe(canonicalForm(second));
    expect(first.hash).toBe(second.hash);
  });

  it('covers every column: changing any one changes the hash', () => {
    const base = entry(1n, GENESIS_HASH);
    const variants: Partial<ChainedFields>[] = [
      { sequence: 2n },
      { kind: 'PHI_READ' },
      { type: 'ehr.allergy.recorded' },
      { occurredAt: new Date('2026-03-01T09:30:00.124Z') },
      { actorRole: 'DOCTOR' },
      { patientId: null },
      { allowed: false },
      { detail: { payload: { b: 2, a: [2, 'x'] } } },
      { previousHash: 'f'.repeat(64) },
      { recordedAt: new Date('2026-03-01T09:30:02.000Z') },
    ];
    for (const change of variants) expect(entryHash({ ...base, ...change }), JSON.stringify(Object.keys(change))).not.toBe(base.hash);
  });
});

describe('links', () => {
  const first = entry(1n, GENESIS_HASH);
  const second = entry(2n, first.hash);

  it('holds for an untouched chain', () => {
    expect(linkProblem(first, null)).toBeNull();
    expect(linkProblem(second, first)).toBeNull();
  });

  it('names a changed entry, a missing one and a wrong link', () => {
    expect(linkProblem({ ...second, actorId: '00000000-0000-4000-8000-000000000003' }, first)).toMatch(/entry 2 was changed/);
    expect(linkProblem(entry(3n, second.hash), first)).toMatch(/entry 2 is missing/);
    expect(linkProblem(entry(2n, 'e'.repeat(64)), first)).toMatch(/entry 2 does not carry the hash of entry 1/);
    expect(linkProblem(entry(2n, first.hash), null)).toMatch(/entry 1 is missing/);
  });
});
