/**
 * The user accounts notifications are delivered to, projected from identity's events: events name patients and
 * practitioners, inboxes belong to accounts. A person without a (known) account receives nothing.
 */
import type { EventOf } from '@caregraph/events';
import type { Prisma } from '../generated/prisma/client';
import type { Audience } from './messages';

type Tx = Prisma.TransactionClient;

/** Records or updates the account an identity event announces. */
export async function recordAccount(tx: Tx, event: EventOf<'identity.user.registered' | 'identity.user.created'>): Promise<void> {
  const account =
    event.type === 'identity.user.registered'
      ? { role: 'PATIENT', patientId: event.payload.patientId, practitionerId: null }
      : { role: event.payload.role, patientId: event.payload.patientId, practitionerId: event.payload.practitionerId };
  await tx.knownAccount.upsert({ where: { userId: event.payload.userId }, create: { userId: event.payload.userId, ...account }, update: account });
}

/** The accounts of an audience as known at this moment (an account announced later gets no earlier notifications). */
export async function recipientsOf(tx: Tx, audience: Audience): Promise<string[]> {
  const where: Prisma.KnownAccountWhereInput = 'patientId' in audience ? { patientId: audience.patientId } : 'practitionerId' in audience ? { practitionerId: audience.practitionerId } : { role: audience.role };
  const accounts = await tx.knownAccount.findMany({ where, select: { userId: true }, orderBy: { userId: 'asc' } });
  return accounts.map((account) => account.userId);
}
