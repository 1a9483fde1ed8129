/** Audit cursors: what encodeCursor makes decodes back; anything else is BAD_USER_INPUT. */
import { thrownBy } from '@caregraph/testkit';
import { describe, expect, it } from 'vitest';
import { decodeCursor, encodeCursor } from './cursors';

describe('audit cursors', () => {
  it('round-trips a sequence', () => {
    expect(decodeCursor(encodeCursor(42n))).toBe(42n);
  });

  it('refuses another list’s cursor and garbage', () => {
    for (const cursor of [Buffer.from('n:42').toString('base64url'), 'not-a-cursor', Buffer.from('a:-1').toString('base64url')])
      expect(thrownBy(() => decodeCursor(cursor))?.[0]).toBe('BAD_USER_INPUT');
  });
});
