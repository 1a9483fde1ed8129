/** Sign-in sessions: login with throttling, refresh-token rotation with reuse detection, logout that revokes at once. */
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { JwtConfig } from '@caregraph/config';
import type { RevocationList, TokenSigner, Viewer } from '@caregraph/auth';
import { rateLimited, unauthenticated } from '@caregraph/errors';
import type { PrismaClient, User } from '../generated/prisma/client';
import { timingDecoy, verifyPassword } from './passwords';

export type Session = { accessToken: string; refreshToken: string; expiresAt: Date; user: User; viewer: Viewer };
type Db = Pick<PrismaClient, 'refreshToken'>;

/** Failed sign-ins allowed per account within the window before RATE_LIMITED. */
export const MAX_FAILED_LOGINS = 5;
export const FAILED_LOGIN_WINDOW_MS = 15 * 60 * 1000;

const sha256 = (token: string) => createHash('sha256').update(token).digest('hex');

export class SessionService {
  constructor(
    private readonly prisma: PrismaClient,
    private readonly signer: TokenSigner,
    private readonly revocations: RevocationList,
    private readonly jwt: JwtConfig,
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

  async login(emailInput: string, password: string): Promise<Session> {
    const email = emailInput.trim().toLowerCase();
    const since = new Date(Date.now() - FAILED_LOGIN_WINDOW_MS);
    const failures = await this.prisma.loginFailure.findMany({
      where: { email, createdAt: { gte: since } },
      orderBy: { createdAt: 'asc' },
      select: { createdAt: true },
    });
    if (failures.length >= MAX_FAILED_LOGINS) {
      const retryAfterMs = failures[0]!.createdAt.getTime() + FAILED_LOGIN_WINDOW_MS - Date.now();
      throw rateLimited('Too many failed sign-ins for this account: wait 15 minutes and try again.', Math.ceil(retryAfterMs / 1000));
    }
    const user = await this.prisma.user.findUnique({ where: { email } });
    const valid = await verifyPassword(password, user?.passwordHash ?? (await timingDecoy));
    if (!user || !valid) {
      // Recorded even though the mutation fails: the throttle must survive the rejected attempt.
      await this.prisma.$transaction([
        this.prisma.loginFailure.deleteMany({ where: { email, createdAt: { lt: since } } }),
        this.prisma.loginFailure.create({ data: { email } }),
      ]);
      throw unauthenticated('The email or password is incorrect.');
    }
    return this.prisma.$transaction(async (tx) => {
      await tx.loginFailure.deleteMany({ where: { email } });
      const signedIn = await tx.user.update({ where: { id: user.id }, data: { lastLoginAt: new Date() } });
      return this.start(signedIn, tx);
    });
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
