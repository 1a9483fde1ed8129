/** Inbox cursors: a sequence goes in and comes out unchanged; anything that is not one of ours is BAD_USER_INPUT naming the argument. */
import { describe, expect, it } from 'vitest';
import { decodeCursor, encodeCursor } from './cursors';

const codeOf = (run: () => unknown) => {
  try {
    run();
    return 'ok';
  } catch (error) {
    return (error as { extensions?: { code?: string; field?: string } }).extensions;
  }
};

describe('inbox cursors', () => {
  it('round-trip every sequence, up to the largest BIGSERIAL', () => {
    for (const sequence of [1n, 42n, 9_223_372_036_854_775_807n]) expect(decodeCursor(encodeCursor(sequence))).toBe(sequence);
    // Opaque to clients: no digits of the sequence in plain sight.
    expect(encodeCursor(12345n)).not.toContain('12345');
  });

  it('refuse what another list, a client or an attacker made, naming the argument', () => {
    const foreign = [
      '',
      'not-a-cursor',
      Buffer.from('n:').toString('base64url'),
      Buffer.from('n:-1').toString('base64url'),
      Buffer.from('n:1e3').toString('base64url'),
      Buffer.from(`n:${'9'.repeat(20)}`).toString('base64url'),
      Buffer.from('00000000-0000-4000-8000-000000000201').toString('base64url'),
    ];
    for (const cursor of foreign) expect(codeOf(() => decodeCursor(cursor)), cursor).toMatchObject({ code: 'BAD_USER_INPUT' });
    expect(codeOf(() => decodeCursor('nonsense', 'cursor'))).toMatchObject({ code: 'BAD_USER_INPUT', field: 'cursor' });
  });
});
