/** Accounts: self-registration of patients, accounts created by administrators, and listing. */
import { randomUUID } from 'node:crypto';
import { isUniqueViolation, paginate, type PageArgs } from '@caregraph/db';
import { badUserInput, conflict } from '@caregraph/errors';
import { assertRole, assertSignedIn } from '@caregraph/access';
import { recordEvent, type ContextEvents } from '@caregraph/events';
import type { Role, Viewer } from '@caregraph/auth';
import type { PrismaClient, User } from '../generated/prisma/client';
import { assertPasswordPolicy, hashPassword } from './passwords';
import type { Session, SessionService } from './sessions';
import type { Throttle } from './throttle';
import { normalizeEmail, optionalId, optionalPhone, requireBirthDate, requireName } from '@caregraph/validation';

export type RegisterInput = { email: string; password: string; givenName: string; familyName: string; birthDate: string; phone?: string | null };
export type CreateUserInput = {
  email: string;
  password: string;
  role: Role;
  displayName: string;
  patientId?: string | null;
  practitionerId?: string | null;
  organizationId?: string | null;
};

const PRACTITIONER_ROLES: Role[] = ['DOCTOR', 'NURSE', 'PHARMACIST', 'LAB_TECHNICIAN'];
const emailTaken = () => conflict('An account with this email already exists: sign in instead, or use another email.');

export class AccountService {
  constructor(
    private readonly prisma: PrismaClient,
    private readonly sessions: SessionService,
    private readonly throttle: Throttle,
    private readonly events: ContextEvents<PrismaClient>,
  ) {}

  /** The signed-in user's own account. */
  async me(viewer: Viewer | undefined): Promise<User | null> {
    assertSignedIn(viewer);
    return this.prisma.user.findUnique({ where: { id: viewer.userId } });
  }

  /**
   * Creates a PATIENT account and signs it in. The patient id is assigned here and announced by
   * `identity.user.registered` in the same transaction, so the patients context creates the record with that id.
   */
  async register(input: RegisterInput, clientAddress: string): Promise<Session> {
    // Before validation: every answer, even "email taken", tells the caller something.
    await this.throttle.beginRegistration(clientAddress);
    const email = normalizeEmail(input.email);
    assertPasswordPolicy(input.password, email);
    const givenName = requireName(input.givenName, 'givenName');
    const familyName = requireName(input.familyName, 'familyName');
    const birthDate = requireBirthDate(input.birthDate);
    const phone = optionalPhone(input.phone);
    await this.assertEmailFree(email);
    const passwordHash = await hashPassword(input.password);
    try {
      const patientId = randomUUID();
      return await this.events.transaction(async (tx) => {
        const user = await tx.user.create({
          data: { id: randomUUID(), email, passwordHash, role: 'PATIENT', displayName: `${givenName} ${familyName}`, patientId, lastLoginAt: new Date() },
        });
        await recordEvent(tx, 'identity.user.registered', user.id, {
          userId: user.id,
          patientId,
          email,
          givenName,
          familyName,
          birthDate,
          phone,
        });
        return this.sessions.start(user, tx);
      });
    } catch (error) {
      throw isUniqueViolation(error) ? emailTaken() : error;
    }
  }

  /**
   * Creates an account of any role (ADMIN), optionally linked to an existing patient or practitioner record. Only demo
   * seeding passes `preset`: fixed ids, and one password hash computed once for every demo account.
   */
  async createUser(viewer: Viewer | undefined, input: CreateUserInput, preset?: { id: string; passwordHash: string }): Promise<User> {
    assertRole(viewer, 'ADMIN');
    const email = normalizeEmail(input.email);
    assertPasswordPolicy(input.password, email);
    const displayName = requireName(input.displayName, 'displayName');
    const patientId = optionalId(input.patientId, 'patientId');
    const practitionerId = optionalId(input.practitionerId, 'practitionerId');
    if (patientId && input.role !== 'PATIENT') throw badUserInput('Only a PATIENT account can be linked to a patient record.', 'patientId');
    if (practitionerId && !PRACTITIONER_ROLES.includes(input.role))
      throw badUserInput(`Only ${PRACTITIONER_ROLES.join(', ')} accounts can be linked to a practitioner record.`, 'practitionerId');
    const organizationId = optionalId(input.organizationId, 'organizationId');
    // An insurer account without its organization could adjudicate nothing; any other role has no use for one.
    if (input.role === 'INSURANCE_PROVIDER' && !organizationId)
      throw badUserInput('An INSURANCE_PROVIDER account must name the insurer organization it acts for.', 'organizationId');
    if (organizationId && input.role !== 'INSURANCE_PROVIDER') throw badUserInput('Only an INSURANCE_PROVIDER account can be linked to an organization.', 'organizationId');
    await this.assertEmailFree(email);
    const passwordHash = preset?.passwordHash ?? (await hashPassword(input.password));
    try {
      return await this.events.transaction(async (tx) => {
        const user = await tx.user.create({
          data: { id: preset?.id ?? randomUUID(), email, passwordHash, role: input.role, displayName, patientId, practitionerId, organizationId },
        });
        await recordEvent(tx, 'identity.user.created', user.id, { userId: user.id, email, role: user.role, patientId, practitionerId, organizationId });
        return user;
      });
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
      const target = String((error as { meta?: { target?: unknown } }).meta?.target ?? '');
      if (target.includes('patient')) throw conflict('That patient record already has an account.');
      if (target.includes('practitioner')) throw conflict('That practitioner record already has an account.');
      throw emailTaken();
    }
  }

  /** Accounts oldest first, optionally of one role (ADMIN). */
  async list(viewer: Viewer | undefined, args: PageArgs & { role?: Role | null }) {
    assertRole(viewer, 'ADMIN');
    const where = args.role ? { role: args.role } : {};
    return paginate(
      args,
      (slice) => this.prisma.user.findMany({ where, orderBy: [{ createdAt: 'asc' }, { id: 'asc' }], ...slice }),
      () => this.prisma.user.count({ where }),
    );
  }

  /** Which of these emails already have an account (ADMIN). */
  async emailsTaken(viewer: Viewer | undefined, emails: string[]): Promise<string[]> {
    assertRole(viewer, 'ADMIN');
    return (await this.prisma.user.findMany({ where: { email: { in: emails } }, select: { email: true } })).map((u) => u.email);
  }

  /** Looked up before hashing, so a taken email answers fast; the unique index still decides races. */
  private async assertEmailFree(email: string) {
    if (await this.prisma.user.findUnique({ where: { email }, select: { id: true } })) throw emailTaken();
  }
}
