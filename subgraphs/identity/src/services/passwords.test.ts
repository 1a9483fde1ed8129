/** Password policy and hashing: scrypt with its parameters stored, constant-time checks, no clear-text reuse of the email. */
import { describe, expect, it } from 'vitest';
import { assertPasswordPolicy, hashPassword, MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH, verifyPassword } from './passwords';

const codeOf = (run: () => void) => {
  try {
    run();
    return 'ok';
  } catch (error) {
    return (error as { extensions?: { code?: string } }).extensions?.code;
  }
};

describe('passwords', () => {
  it('hashes with a fresh salt each time and verifies only the same password', async () => {
    const [a, b] = await Promise.all([hashPassword('correct horse battery'), hashPassword('correct horse battery')]);
    expect(a).toMatch(/^scrypt\$\d+\$\d+\$\d+\$[\w-]+\$[\w-]+$/);
    expect(a).not.toBe(b);
    expect(await verifyPassword('correct horse battery', a)).toBe(true);
    expect(await verifyPassword('correct horse batterY', a)).toBe(false);
    expect(await verifyPassword('correct horse battery', 'md5$whatever')).toBe(false);
  });

  it('asks for a long enough password that is not the email', () => {
    expect(codeOf(() => assertPasswordPolicy('x'.repeat(MIN_PASSWORD_LENGTH - 1)))).toBe('BAD_USER_INPUT');
    expect(codeOf(() => assertPasswordPolicy('x'.repeat(MAX_PASSWORD_LENGTH + 1)))).toBe('BAD_USER_INPUT');
    expect(codeOf(() => assertPasswordPolicy('Someone@Example.org', 'someone@example.org'))).toBe('BAD_USER_INPUT');
    expect(codeOf(() => assertPasswordPolicy('x'.repeat(MIN_PASSWORD_LENGTH)))).toBe('ok');
  });
});
