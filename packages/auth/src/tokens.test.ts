import { generateKeyPairSync } from 'node:crypto';
import jwt from 'jsonwebtoken';
import { describe, expect, it, vi } from 'vitest';
import { loadConfig } from '@caregraph/config';
import { createAuthenticator } from './authenticate';
import { createMemoryRevocationList } from './revocations';
import { createTokenSigner, createTokenVerifier } from './tokens';

const config = loadConfig({}).jwt;
const user = { id: '3f1f8f4e-52a4-4a53-9b55-0c8f3b2a9a01', role: 'PATIENT' as const, patientId: '6d0c7a55-2a3e-4bb4-8f0c-6f33b1d8e7a2' };
const session = 'a2f4c1de-3b9f-4c1e-9a5d-7e8f9a0b1c2d';

function codeOf(run: () => unknown) {
  try {
    run();
  } catch (error) {
    return (error as { extensions?: { code?: string } }).extensions?.code;
  }
  return 'no error';
}

describe('access tokens', () => {
  const signer = createTokenSigner(config);
  const verifier = createTokenVerifier(config);

  it('carry the claims docs/api.md lists and verify back to the same viewer', () => {
    const issued = signer.sign(user, session);
    const claims = jwt.decode(issued.token) as jwt.JwtPayload;
    expect(Object.keys(claims).sort()).toEqual(['aud', 'exp', 'iat', 'iss', 'jti', 'patientId', 'role', 'sid', 'sub']);
    expect(claims.exp! - claims.iat!).toBe(config.accessTtlSeconds);
    expect(verifier.verify(issued.token)).toEqual(issued.viewer);
    expect(issued.viewer).toMatchObject({ userId: user.id, role: 'PATIENT', patientId: user.patientId, sessionId: session });
  });

  it('reject tampered, re-dated, expired, foreign and alg:none tokens as UNAUTHENTICATED', () => {
    const { token } = signer.sign(user, session);
    const [header, payload, signature] = token.split('.');
    const claims = JSON.parse(Buffer.from(payload!, 'base64url').toString());
    const forge = (changes: object) => `${header}.${Buffer.from(JSON.stringify({ ...claims, ...changes })).toString('base64url')}.${signature}`;
    expect(codeOf(() => verifier.verify(forge({ role: 'ADMIN' })))).toBe('UNAUTHENTICATED');
    expect(codeOf(() => verifier.verify(forge({ exp: claims.exp + 86400 })))).toBe('UNAUTHENTICATED');
    const none = `${Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url')}.${payload}.`;
    expect(codeOf(() => verifier.verify(none))).toBe('UNAUTHENTICATED');
    const expired = createTokenSigner({ ...config }).sign(user, session, new Date(Date.now() - 2 * 3600_000)).token;
    expect(codeOf(() => verifier.verify(expired))).toBe('UNAUTHENTICATED');
    const otherSecret = createTokenSigner({ ...config, signingKey: 'another-secret-that-is-at-least-32-chars' }).sign(user, session).token;
    expect(codeOf(() => verifier.verify(otherSecret))).toBe('UNAUTHENTICATED');
    const otherAudience = createTokenSigner({ ...config, audience: 'someone-else' }).sign(user, session).token;
    expect(codeOf(() => verifier.verify(otherAudience))).toBe('UNAUTHENTICATED');
    const otherIssuer = createTokenSigner({ ...config, issuer: 'someone-else' }).sign(user, session).token;
    expect(codeOf(() => verifier.verify(otherIssuer))).toBe('UNAUTHENTICATED');
  });

  it('remember a verified token only until it expires, and never a refused one', () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    try {
      const remembering = createTokenVerifier(config);
      const { token, viewer } = signer.sign(user, session);
      expect(remembering.verify(token)).toEqual(viewer);
      const copy = remembering.verify(token);
      expect(copy).toEqual(viewer);
      // Each caller gets its own object: one request changing it cannot reach another.
      (copy as { role: string }).role = 'ADMIN';
      expect(remembering.verify(token).role).toBe('PATIENT');
      // Past expiry (and the 5 s clock tolerance) the remembered answer is gone: the token is checked and refused.
      vi.setSystemTime(viewer.expiresAt.getTime() + 6000);
      expect(codeOf(() => remembering.verify(token))).toBe('UNAUTHENTICATED');
      const [header, payload] = token.split('.');
      expect(codeOf(() => remembering.verify(`${header}.${payload}.forged`))).toBe('UNAUTHENTICATED');
    } finally {
      vi.useRealTimers();
    }
  });

  it('pin the algorithm: an HS256 token signed with an RS256 public key is refused', () => {
    const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const pem = publicKey.export({ type: 'spki', format: 'pem' }).toString();
    const rs = { ...config, algorithm: 'RS256' as const, signingKey: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(), verifyKey: pem };
    const rsVerifier = createTokenVerifier(rs);
    expect(rsVerifier.verify(createTokenSigner(rs).sign(user, session).token).userId).toBe(user.id);
    // The classic confusion attack: use the public key as an HMAC secret.
    const confused = jwt.sign({ role: 'ADMIN', sid: session }, pem, { algorithm: 'HS256', subject: user.id, jwtid: 'x', issuer: rs.issuer, audience: rs.audience, expiresIn: 60 });
    expect(codeOf(() => rsVerifier.verify(confused))).toBe('UNAUTHENTICATED');
  });

  it('ES256 key pairs work: verifiers hold only the public key', () => {
    const { publicKey, privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const es = { ...config, algorithm: 'ES256' as const, signingKey: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(), verifyKey: publicKey.export({ type: 'spki', format: 'pem' }).toString() };
    expect(createTokenVerifier({ ...es, signingKey: undefined }).verify(createTokenSigner(es).sign(user, session).token).role).toBe('PATIENT');
  });
});

describe('authenticate', () => {
  it('is anonymous without a header, and UNAUTHENTICATED once the token or its session is revoked', async () => {
    const revocations = createMemoryRevocationList();
    const authenticate = createAuthenticator(createTokenVerifier(config), revocations);
    const issued = createTokenSigner(config).sign(user, session);
    expect(await authenticate(undefined)).toBeUndefined();
    expect((await authenticate(`Bearer ${issued.token}`))?.userId).toBe(user.id);
    await expect(authenticate(`Basic abc`)).rejects.toMatchObject({ extensions: { code: 'UNAUTHENTICATED' } });
    await revocations.revoke([session], new Date(Date.now() + 60_000));
    await expect(authenticate(`Bearer ${issued.token}`)).rejects.toMatchObject({ extensions: { code: 'UNAUTHENTICATED' } });
  });

  it('forgets revocations once they have expired', async () => {
    let now = Date.now();
    const revocations = createMemoryRevocationList(() => now);
    await revocations.revoke(['a'], new Date(now + 1000));
    expect(await revocations.isAnyRevoked(['b', 'a'])).toBe(true);
    now += 1001;
    expect(await revocations.isAnyRevoked(['a'])).toBe(false);
  });
});
