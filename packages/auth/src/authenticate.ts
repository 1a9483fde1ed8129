/** Turns an Authorization header into a Viewer: anonymous when absent, UNAUTHENTICATED when invalid or revoked. */
import { unauthenticated } from '@caregraph/errors';
import type { RevocationList } from './revocations';
import type { TokenVerifier, Viewer } from './tokens';

export type Authenticator = (authorization: string | undefined | null) => Promise<Viewer | undefined>;

export function createAuthenticator(verifier: TokenVerifier, revocations: RevocationList): Authenticator {
  return async (authorization) => {
    if (!authorization) return undefined;
    const match = /^Bearer ([A-Za-z0-9_.-]+)$/.exec(authorization.trim());
    if (!match) throw unauthenticated('The Authorization header must be "Bearer <access token>".');
    const viewer = verifier.verify(match[1]!);
    if (await revocations.isAnyRevoked([viewer.tokenId, viewer.sessionId])) throw unauthenticated('The access token has been revoked: sign in again.');
    return viewer;
  };
}
