/** Patient records: who may see and change which patient, validation, soft delete, and the events that announce changes. */
import { randomUUID } from 'node:crypto';
import { assertRole, type PatientAccess } from '@caregraph/access';
import { badUserInput, conflict, forbidden, notFound } from '@caregraph/errors';
import { recordEvent, type ContextEvents, type EventPayload } from '@caregraph/events';
import { normalizeEmail, optionalPhone, optionalText, requireBirthDate, requireId, requireName, requirePhone } from '@caregraph/validation';
import type { Gender, Prisma, PrismaClient } from '../generated/prisma/client';
import { listPatients, type PatientListArgs } from './patient-list';

export type AddressInput = { line?: string | null; city?: string | null; state?: string | null; postalCode?: string | null; country?: string | null };
export type EmergencyContactInput = { name: string; relationship: string; phone: string };
export type PatientInput = {
  givenName?: string | null;
  familyName?: string | null;
  birthDate?: string | null;
  gender?: Gender | null;
  email?: string | null;
  phone?: string | null;
  address?: AddressInput | null;
  emergencyContacts?: EmergencyContactInput[] | null;
};

/** What a patient may change on their own record (docs/api.md: "own contact fields"). */
const CONTACT_FIELDS = new Set(['email', 'phone', 'address', 'emergencyContacts']);

const toDate = (date: string) => new Date(`${date}T00:00:00.000Z`);
export const formatMrn = (mrnNumber: number) => `MRN-${String(mrnNumber).padStart(6, '0')}`;

type Tx = Prisma.TransactionClient;

export class PatientService {
  constructor(
    private readonly prisma: PrismaClient,
    private readonly events: ContextEvents<PrismaClient>,
  ) {}

  /** A patient the viewer may read; null when there is none (an ADMIN asking), FORBIDDEN before any lookup otherwise. */
  async get(access: PatientAccess, id: string) {
    await access.assert('demographics:read', requireId(id));
    return this.prisma.patient.findUnique({ where: { id } });
  }

  /**
   * The patients the viewer may see, filtered in the query so counts and pages are right; `withTotal` when the client
   * selected `totalCount`, which then comes in the page's own statement (patient-list.ts).
   */
  async list(access: PatientAccess, args: PatientListArgs, options: { withTotal?: boolean } = {}) {
    return listPatients(this.prisma, await access.scope('demographics:read'), args, options);
  }

  /** A new patient record (ADMIN). `id` is chosen by the service; only demo seeding passes a fixed one. */
  async create(access: PatientAccess, input: PatientInput & { givenName: string; familyName: string; birthDate: string }, id: string = randomUUID()) {
    assertRole(access.viewer, 'ADMIN');
    const data = validate(input);
    return this.events.transaction(async (tx) => {
      const created = await tx.patient.create({
        data: { ...(data.fields as Prisma.PatientUncheckedCreateInput), id },
      });
      await replaceContacts(tx, created.id, data.emergencyContacts ?? []);
      await recordEvent(tx, 'patients.patient.registered', created.id, registeredPayload(created));
      return created;
    });
  }

  async update(access: PatientAccess, id: string, input: PatientInput) {
    await access.assert('demographics:write', requireId(id));
    if (access.viewer?.role === 'PATIENT') {
      const other = Object.keys(input).filter((field) => input[field as keyof PatientInput] !== undefined && !CONTACT_FIELDS.has(field));
      if (other.length) throw forbidden(`You may change only your contact details (email, phone, address, emergency contacts), not ${other.join(', ')}.`);
    }
    const data = validate(input, { partial: true });
    return this.events.transaction(async (tx) => {
      const existing = await tx.patient.findUnique({ where: { id }, select: { id: true } });
      if (!existing) throw notFound('Patient', id);
      const updated = await tx.patient.update({ where: { id }, data: data.fields });
      if (data.emergencyContacts) await replaceContacts(tx, id, data.emergencyContacts);
      await recordEvent(tx, 'patients.patient.updated', id, { ...registeredPayload(updated), changed: Object.keys(input) });
      return updated;
    });
  }

  /** Soft delete (ADMIN): the record stays, hidden from default lists. */
  async deactivate(access: PatientAccess, id: string) {
    assertRole(access.viewer, 'ADMIN');
    requireId(id);
    return this.events.transaction(async (tx) => {
      const existing = await tx.patient.findUnique({ where: { id } });
      if (!existing) throw notFound('Patient', id);
      if (!existing.active) throw conflict('This patient is already deactivated.');
      const updated = await tx.patient.update({ where: { id }, data: { active: false } });
      await recordEvent(tx, 'patients.patient.deactivated', id, { patientId: id });
      return updated;
    });
  }

  /**
   * Creates the record of a patient who registered an account, with the id already in their token. Called by the
   * registrations consumer inside its transaction: the registration event is the authorization.
   */
  async createRegistered(tx: Tx, registration: EventPayload<'identity.user.registered'>) {
    if (await tx.patient.findUnique({ where: { id: registration.patientId }, select: { id: true } })) return;
    const created = await tx.patient.create({
      data: {
        id: registration.patientId,
        givenName: registration.givenName,
        familyName: registration.familyName,
        birthDate: toDate(registration.birthDate),
        email: registration.email,
        phone: registration.phone ?? null,
      },
    });
    await recordEvent(tx, 'patients.patient.registered', created.id, registeredPayload(created));
  }
}

/** What other contexts learn of a new patient: enough to know it exists and to show a name. */
const registeredPayload = (p: { id: string; givenName: string; familyName: string; birthDate: Date; active: boolean }) => ({
  patientId: p.id,
  givenName: p.givenName,
  familyName: p.familyName,
  birthDate: p.birthDate.toISOString().slice(0, 10),
  active: p.active,
});

function validate(input: PatientInput, { partial = false } = {}) {
  const fields: Prisma.PatientUpdateInput = {};
  const given = <K extends keyof PatientInput>(key: K) => input[key] !== undefined && (input[key] !== null || !partial);
  if (!partial || given('givenName')) fields.givenName = requireName(input.givenName ?? '', 'givenName');
  if (!partial || given('familyName')) fields.familyName = requireName(input.familyName ?? '', 'familyName');
  if (!partial || given('birthDate')) fields.birthDate = toDate(requireBirthDate(input.birthDate ?? ''));
  if (input.gender !== undefined) fields.gender = input.gender;
  if (input.email !== undefined) fields.email = input.email ? normalizeEmail(input.email) : null;
  if (input.phone !== undefined) fields.phone = optionalPhone(input.phone);
  if (input.address !== undefined) {
    const a = input.address ?? {};
    Object.assign(fields, {
      addressLine: optionalText(a.line, 'address.line'),
      addressCity: optionalText(a.city, 'address.city', 100),
      addressState: optionalText(a.state, 'address.state', 100),
      addressPostalCode: optionalText(a.postalCode, 'address.postalCode', 20),
      addressCountry: optionalText(a.country, 'address.country', 100),
    });
  }
  const emergencyContacts = input.emergencyContacts?.map((contact, i) => {
    if (i >= 10) throw badUserInput('At most 10 emergency contacts.', 'emergencyContacts');
    return {
      name: requireName(contact.name, `emergencyContacts[${i}].name`),
      relationship: requireName(contact.relationship, `emergencyContacts[${i}].relationship`, 50),
      phone: requirePhone(contact.phone, `emergencyContacts[${i}].phone`),
    };
  });
  return { fields, emergencyContacts };
}

async function replaceContacts(tx: Tx, patientId: string, contacts: EmergencyContactInput[]) {
  await tx.emergencyContact.deleteMany({ where: { patientId } });
  if (contacts.length)
    await tx.emergencyContact.createMany({ data: contacts.map((c, position) => ({ id: randomUUID(), patientId, position, ...c })) });
}
