/** Seeds the demo accounts of API.md (embedded mode only); accounts that already exist are left as they are. */
import { DEMO_ACCOUNTS, DEMO_PASSWORD } from '@caregraph/demo';
import type { PrismaClient } from './generated/prisma/client';
import { hashPassword } from './services/passwords';

export async function seedDemoData(prisma: PrismaClient): Promise<void> {
  const existing = new Set((await prisma.user.findMany({ select: { email: true } })).map((u) => u.email));
  const missing = DEMO_ACCOUNTS.filter((account) => !existing.has(account.email));
  if (missing.length === 0) return;
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  await prisma.user.createMany({
    data: missing.map((a) => ({
      id: a.id,
      email: a.email,
      passwordHash,
      role: a.role,
      displayName: a.displayName,
      patientId: a.patientId ?? null,
      practitionerId: a.practitionerId ?? null,
    })),
    skipDuplicates: true,
  });
}
