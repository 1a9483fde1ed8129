/** Access tokens: signing (identity only) and verification (gateway and every subgraph), with the algorithm pinned. */
import { createPrivateKey, createPublicKey, createSecretKey, randomUUID, type KeyObject } from 'node:crypto';
import jwt from 'jsonwebtoken';
import type { JwtConfig } from '@caregraph/config';
import { unauthenticated } from '@caregraph/errors';
import { isRole, type Role } from './roles';

/**
 * Keys are parsed once: given a string, jsonwebtoken first tries it as a PEM public key (which throws for a secret)
 * on every call — about a tenth of the gateway's CPU before this.
 */
const keyOf = (config: JwtConfig, pem: string, use: 'sign' | 'verify'): KeyObject =>
  config.algorithm === 'HS256' ? createSecretKey(Buffer.from(pem)) : use === 'sign' ? createPrivateKey(pem) : createPublicKey(pem);

/** Who is calling, as proven by a verified access token. */
export type Viewer = {
  userId: string;
  role: Role;
  patientId?: string;
  practitionerId?: string;
  /** The insurer organization an INSURANCE_PROVIDER account acts for (the token's `organizationId` claim). */
  organizationId?: string;
  /** The token's `jti`. */
  tokenId: string;
  /** The refresh-token family the token belongs to: logout revokes the whole session. */
  sessionId: string;
  expiresAt: Date;
};

export type TokenSubject = { id: string; role: Role; patientId?: string | null; practitionerId?: string | null; organizationId?: string | null };

/** A signed token and the viewer it proves, so the issuing request can act as that viewer at once. */
export type IssuedAccessToken = { token: string; tokenId: string; expiresAt: Date; viewer: Viewer };

export function createTokenSigner(config: JwtConfig) {
  if (!config.signingKey) throw new Error(`No signing key for ${config.algorithm}: set JWT_PRIVATE_KEY on the identity service`);
  const key = keyOf(config, config.signingKey, 'sign');
  return {
    /** Signs a short-lived access token for a user within a session. */
    sign(subject: TokenSubject, sessionId: string, now = new Date()): IssuedAccessToken {
      const tokenId = randomUUID();
      const issuedAt = Math.floor(now.getTime() / 1000);
      const exp = issuedAt + config.accessTtlSeconds;
      const claims = {
        role: subject.role,
        sid: sessionId,
        ...(subject.patientId ? { patientId: subject.patientId } : {}),
        ...(subject.practitionerId ? { practitionerId: subject.practitionerId } : {}),
        ...(subject.organizationId ? { organizationId: subject.organizationId } : {}),
        iat: issuedAt,
        exp,
      };
      const token = jwt.sign(claims, key, {
        algorithm: config.algorithm,
        subject: subject.id,
        jwtid: tokenId,
        issuer: config.issuer,
        audience: config.audience,
      });
      const expiresAt = new Date(exp * 1000);
      const viewer: Viewer = {
        userId: subject.id,
        role: subject.role,
        tokenId,
        sessionId,
        expiresAt,
        ...(subject.patientId ? { patientId: subject.patientId } : {}),
        ...(subject.practitionerId ? { practitionerId: subject.practitionerId } : {}),
        ...(subject.organizationId ? { organizationId: subject.organizationId } : {}),
      };
      return { token, tokenId, expiresAt, viewer };
    },
  };
}
export type TokenSigner = ReturnType<typeof createTokenSigner>;

/** How many verified tokens a verifier remembers (a few hundred bytes each); the oldest is forgotten first. */
const REMEMBERED_TOKENS = 10_000;
/** The clock tolerance of verification, in seconds: a remembered token is good until its expiry plus this. */
const CLOCK_TOLERANCE_SECONDS = 5;

export function createTokenVerifier(config: JwtConfig) {
  const key = keyOf(config, config.verifyKey, 'verify');
  // A token's claims never change and its signature was checked once: until it expires, the same string is the same
  // viewer. Every request carries one and every subgraph it reaches verifies it again, so each process remembers
  // the tokens it has verified instead of checking the signature on every request. Revocation is not remembered
  // here: callers check it on every request (createAuthenticator).
  const verified = new Map<string, Viewer>();
  const checkSignature = (token: string): Viewer => {
    let claims: jwt.JwtPayload;
    try {
      const decoded = jwt.verify(token, key, {
        algorithms: [config.algorithm],
        issuer: config.issuer,
        audience: config.audience,
        clockTolerance: CLOCK_TOLERANCE_SECONDS,
      });
      if (typeof decoded === 'string') throw new Error('not a JSON payload');
      claims = decoded;
    } catch (error) {
      const expired = error instanceof jwt.TokenExpiredError;
      throw unauthenticated(expired ? 'The access token has expired: refresh the session or sign in again.' : 'The access token is invalid.');
    }
    const { sub, role, jti, sid, exp, patientId, practitionerId, organizationId } = claims;
    if (!sub || !jti || typeof sid !== 'string' || !exp || !isRole(role)) throw unauthenticated('The access token is missing required claims.');
    return {
      userId: sub,
      role,
      tokenId: jti,
      sessionId: sid,
      expiresAt: new Date(exp * 1000),
      ...(typeof patientId === 'string' ? { patientId } : {}),
      ...(typeof practitionerId === 'string' ? { practitionerId } : {}),
      ...(typeof organizationId === 'string' ? { organizationId } : {}),
    };
  };
  return {
    /** Verifies signature, algorithm, issuer, audience and expiry; throws UNAUTHENTICATED otherwise. */
    verify(token: string): Viewer {
      const known = verified.get(token);
      if (known && Date.now() < known.expiresAt.getTime() + CLOCK_TOLERANCE_SECONDS * 1000) return { ...known };
      if (known) verified.delete(token);
      const viewer = checkSignature(token);
      if (verified.size >= REMEMBERED_TOKENS) verified.delete(verified.keys().next().value!);
      verified.set(token, viewer);
      return { ...viewer };
    },
  };
}
export type TokenVerifier = ReturnType<typeof createTokenVerifier>;
