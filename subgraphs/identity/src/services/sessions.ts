/** Sign-in sessions: login with throttling, refresh-token rotation with reuse detection, logout that revokes at once. */
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { JwtConfig } from '@caregraph/config';
import type { RevocationList, TokenSigner, Viewer } from '@caregraph/auth';
import { unauthenticated } from '@caregraph/errors';
import { plainText } from '@caregraph/validation';
import type { PrismaClient, User } from '../generated/prisma/client';
import { timingDecoy, verifyPassword } from './passwords';
import type { Throttle } from './throttle';

export type Session = { accessToken: string; refreshToken: string; expiresAt: Date; user: User; viewer: Viewer };
type Db = Pick<PrismaClient, 'refreshToken'>;

const sha256 = (token: string) => createHash('sha256').update(token).digest('hex');

export class SessionService {
  constructor(
    private readonly prisma: PrismaClient,
    private readonly signer: TokenSigner,
    private readonly revocations: RevocationList,
    private readonly jwt: JwtConfig,
    private readonly throttle: Throttle,
  ) {}

  /** Starts a session (a new refresh-token family unless one is continued) for a user. */
  async start(user: User, db: Db = this.prisma, familyId: string = randomUUID()): Promise<Session> {
    const refreshToken = randomBytes(32).toString('base64url');
    await db.refreshToken.create({
      data: {
        id: randomUUID(),
        familyId,
        userId: user.id,
        tokenHash: sha256(refreshToken),
        expiresAt: new Date(Date.now() + this.jwt.refreshTtlSeconds * 1000),
      },
    });
    const access = this.signer.sign(user, familyId);
    return { accessToken: access.token, refreshToken, expiresAt: access.expiresAt, user, viewer: access.viewer };
  }

  /** Signs in; throttled per account and client address, per address and per account (services/throttle.ts). */
  async login(emailInput: string, password: string, clientAddress: string): Promise<Session> {
    const email = plainText(emailInput, 'email').trim().toLowerCase();
    const attempt = await this.throttle.beginLogin(email, clientAddress);
    const user = await this.prisma.user.findUnique({ where: { email } });
    const valid = await verifyPassword(password, user?.passwordHash ?? (await timingDecoy));
    if (!user || !valid) throw unauthenticated('The email or password is incorrect.');
    const session = await this.prisma.$transaction(async (tx) => {
      const signedIn = await tx.user.update({ where: { id: user.id }, data: { lastLoginAt: new Date() } });
      return this.start(signedIn, tx);
    });
    await attempt.succeeded();
    return session;
  }

  /** Exchanges a refresh token for a new session pair. A token presented twice ends its whole family. */
  async refresh(refreshToken: string): Promise<Session> {
    const token = await this.prisma.refreshToken.findUnique({ where: { tokenHash: sha256(refreshToken) }, include: { user: true } });
    if (!token) throw unauthenticated('The refresh token is not valid: sign in again.');
    if (token.revokedAt) throw unauthenticated('This session has ended: sign in again.');
    if (token.expiresAt <= new Date()) throw unauthenticated('The refresh token has expired: sign in again.');
    const session = await this.prisma.$transaction(async (tx) => {
      // Conditional update: of two concurrent refreshes with one token, only one can claim it.
      const claimed = await tx.refreshToken.updateMany({ where: { id: token.id, rotatedAt: null, revokedAt: null }, data: { rotatedAt: new Date() } });
      return claimed.count === 1 ? this.start(token.user, tx, token.familyId) : null;
    });
    if (!session) {
      await this.endSession(token.familyId);
      throw unauthenticated('This refresh token was already used, so the session was ended for safety: sign in again.');
    }
    return session;
  }

  /** Ends the viewer's session: its access tokens are refused from now on and its refresh tokens are dead. */
  async logout(viewer: Viewer): Promise<void> {
    await this.endSession(viewer.sessionId, viewer.tokenId);
  }

  private async endSession(familyId: string, ...tokenIds: string[]): Promise<void> {
    await this.prisma.refreshToken.updateMany({ where: { familyId, revokedAt: null }, data: { revokedAt: new Date() } });
    // Access tokens of the session live at most one access TTL, so the revocation need not outlive it.
    await this.revocations.revoke([familyId, ...tokenIds], new Date(Date.now() + (this.jwt.accessTtlSeconds + 60) * 1000));
  }
}
