/** Practitioners, organizations and care-team assignments: validation, license rules, and the events others project from. */
import { randomUUID } from 'node:crypto';
import { isUniqueViolation, paginate, type PageArgs } from '@caregraph/db';
import { badUserInput, conflict, notFound } from '@caregraph/errors';
import { assertRole, assertSignedIn, type KnownPatients } from '@caregraph/access';
import type { Viewer } from '@caregraph/auth';
import { recordEvent, type ContextEvents } from '@caregraph/events';
import { optionalSearch, requireId, requireName } from '@caregraph/validation';
import type { LicenseStatus, OrganizationType, PractitionerRole, Prisma, PrismaClient } from '../generated/prisma/client';

export type CreatePractitionerInput = {
  givenName: string;
  familyName: string;
  role: PractitionerRole;
  specialties?: string[] | null;
  licenseNumber: string;
  licenseStatus?: LicenseStatus | null;
  organizationId?: string | null;
};

/** Roles that make up a care team; pharmacists and lab technicians reach patients through prescriptions and orders. */
const CARE_TEAM_ROLES: PractitionerRole[] = ['DOCTOR', 'NURSE'];
const LICENSE = /^[A-Z0-9][A-Z0-9-]{2,31}$/;
/** How long a command waits for a patient it has not heard of yet (see KnownPatients.find). */
const ANNOUNCEMENT_WAIT_MS = 2_000;

export class CareTeamService {
  constructor(
    private readonly prisma: PrismaClient,
    private readonly events: ContextEvents<PrismaClient>,
    private readonly knownPatients: KnownPatients,
  ) {}

  /** The directory is open to every signed-in user. */
  async practitioner(viewer: Viewer | undefined, id: string) {
    assertSignedIn(viewer);
    return this.prisma.practitioner.findUnique({ where: { id: requireId(id) } });
  }

  async organization(viewer: Viewer | undefined, id: string) {
    assertSignedIn(viewer);
    return this.prisma.organization.findUnique({ where: { id: requireId(id) } });
  }

  async listPractitioners(viewer: Viewer | undefined, args: PageArgs & { role?: PractitionerRole | null; specialty?: string | null }) {
    assertSignedIn(viewer);
    const specialty = optionalSearch(args.specialty, 'specialty');
    const where: Prisma.PractitionerWhereInput = {
      ...(args.role ? { role: args.role } : {}),
      // Specialties are few per practitioner; matched case-insensitively against the stored spelling.
      ...(specialty ? { specialties: { hasSome: await this.spellingsOf(specialty) } } : {}),
    };
    return paginate(
      args,
      (slice) => this.prisma.practitioner.findMany({ where, orderBy: [{ familyName: 'asc' }, { givenName: 'asc' }, { id: 'asc' }], ...slice }),
      () => this.prisma.practitioner.count({ where }),
    );
  }

  async listOrganizations(viewer: Viewer | undefined, args: PageArgs & { type?: OrganizationType | null }) {
    assertSignedIn(viewer);
    const where = args.type ? { type: args.type } : {};
    return paginate(
      args,
      (slice) => this.prisma.organization.findMany({ where, orderBy: [{ name: 'asc' }, { id: 'asc' }], ...slice }),
      () => this.prisma.organization.count({ where }),
    );
  }

  /** A new practitioner (ADMIN). `id` is chosen by the service; only demo seeding passes a fixed one. */
  async createPractitioner(viewer: Viewer | undefined, input: CreatePractitionerInput, id: string = randomUUID()) {
    assertRole(viewer, 'ADMIN');
    const licenseNumber = input.licenseNumber.trim().toUpperCase();
    if (!LICENSE.test(licenseNumber)) throw badUserInput('licenseNumber must be 3–32 letters, digits or dashes, e.g. MD-100201.', 'licenseNumber');
    const specialties = [...new Set((input.specialties ?? []).map((s, i) => requireName(s, `specialties[${i}]`)))];
    if (specialties.length > 20) throw badUserInput('At most 20 specialties.', 'specialties');
    const data = {
      id,
      givenName: requireName(input.givenName, 'givenName'),
      familyName: requireName(input.familyName, 'familyName'),
      role: input.role,
      specialties,
      licenseNumber,
      licenseStatus: input.licenseStatus ?? 'ACTIVE',
      organizationId: input.organizationId ? requireId(input.organizationId, 'organizationId') : null,
    };
    if (data.organizationId && !(await this.prisma.organization.findUnique({ where: { id: data.organizationId }, select: { id: true } })))
      throw notFound('Organization', data.organizationId);
    if (await this.prisma.practitioner.findUnique({ where: { licenseNumber }, select: { id: true } })) throw licenseTaken(licenseNumber);
    try {
      return await this.events.transaction(async (tx) => {
        const created = await tx.practitioner.create({ data });
        await recordEvent(tx, 'care-team.practitioner.created', created.id, { practitionerId: created.id, role: created.role, licenseStatus: created.licenseStatus });
        return created;
      });
    } catch (error) {
      throw isUniqueViolation(error) ? licenseTaken(licenseNumber) : error;
    }
  }

  /** A new organization (ADMIN). */
  async createOrganization(viewer: Viewer | undefined, input: { name: string; type: OrganizationType }, id: string = randomUUID()) {
    assertRole(viewer, 'ADMIN');
    return this.events.transaction(async (tx) => {
      const created = await tx.organization.create({ data: { id, name: requireName(input.name, 'name', 200), type: input.type } });
      await recordEvent(tx, 'care-team.organization.created', created.id, { organizationId: created.id, type: created.type });
      return created;
    });
  }

  /** Puts a practitioner on a patient's care team; `care-team.member.assigned` lets every context grant access. */
  async assign(viewer: Viewer | undefined, patientIdInput: string, practitionerIdInput: string) {
    assertRole(viewer, 'ADMIN');
    const patientId = requireId(patientIdInput, 'patientId');
    const practitionerId = requireId(practitionerIdInput, 'practitionerId');
    // Assigning a care team right after registration is usual: give the new patient's announcement a moment to arrive.
    if (!(await this.knownPatients.find(patientId, { waitMs: ANNOUNCEMENT_WAIT_MS }))) throw notFound('Patient', patientId);
    await this.events.transaction(async (tx) => {
      const practitioner = await tx.practitioner.findUnique({ where: { id: practitionerId } });
      if (!practitioner) throw notFound('Practitioner', practitionerId);
      if (!CARE_TEAM_ROLES.includes(practitioner.role))
        throw badUserInput(`A ${practitioner.role} cannot join a care team: only ${CARE_TEAM_ROLES.join(' and ')} can.`, 'practitionerId');
      if (practitioner.licenseStatus !== 'ACTIVE') throw conflict(`The practitioner's license is ${practitioner.licenseStatus}: only an ACTIVE license may join a care team.`);
      const patient = await tx.knownPatient.findUnique({ where: { id: patientId } });
      if (!patient) throw notFound('Patient', patientId);
      if (!patient.active) throw conflict('The patient is deactivated: a deactivated patient gets no new care-team members.');
      if (await tx.careTeamMember.findUnique({ where: { patientId_practitionerId: { patientId, practitionerId } } }))
        throw conflict('This practitioner is already on the patient\'s care team.');
      await tx.careTeamMember.create({ data: { patientId, practitionerId } });
      await recordEvent(tx, 'care-team.member.assigned', patientId, { patientId, practitionerId, role: practitioner.role });
    });
    return { id: patientId };
  }

  /** Takes a practitioner off a patient's care team (ADMIN); every context's access projection follows. */
  async remove(viewer: Viewer | undefined, patientIdInput: string, practitionerIdInput: string) {
    assertRole(viewer, 'ADMIN');
    const patientId = requireId(patientIdInput, 'patientId');
    const practitionerId = requireId(practitionerIdInput, 'practitionerId');
    await this.events.transaction(async (tx) => {
      const removed = await tx.careTeamMember.deleteMany({ where: { patientId, practitionerId } });
      if (removed.count === 0) throw notFound('Care-team membership');
      await recordEvent(tx, 'care-team.member.removed', patientId, { patientId, practitionerId });
    });
    return { id: patientId };
  }

  private async spellingsOf(specialty: string): Promise<string[]> {
    const rows = await this.prisma.$queryRaw<{ s: string }[]>`SELECT DISTINCT s FROM practitioners, unnest(specialties) AS s WHERE lower(s) = lower(${specialty})`;
    return rows.length ? rows.map((row) => row.s) : [specialty];
  }
}

const licenseTaken = (licenseNumber: string) => conflict(`License number ${licenseNumber} already belongs to another practitioner.`);
