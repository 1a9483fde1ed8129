/**
 * Which organizations exist and of which type, from care-team's announcements: coverage needs an INSURER. Billing is
 * the only context that needs it, so it lives here rather than in packages/access (next to the shared projections it
 * copies the shape of).
 */
import { untilFound } from '@caregraph/access';
import { consumer } from '@caregraph/events';
import type { Prisma, PrismaClient } from './generated/prisma/client';

export type KnownOrganizations = ReturnType<typeof knownOrganizationsProjection>;

export function knownOrganizationsProjection(prisma: PrismaClient, context: string) {
  return {
    consumer: consumer({
      group: `${context}.known-organizations`,
      types: ['care-team.organization.created'],
      apply: async (tx: Prisma.TransactionClient, event) => {
        const { organizationId, type } = event.payload;
        await tx.knownOrganization.upsert({ where: { id: organizationId }, create: { id: organizationId, type }, update: { type } });
      },
    }),
    /** The organization, or null; `waitMs` gives one created a moment ago time to be announced (as KnownPatients.find). */
    find: (organizationId: string, { waitMs = 0 } = {}) => untilFound(() => prisma.knownOrganization.findUnique({ where: { id: organizationId } }), waitMs),
  };
}
