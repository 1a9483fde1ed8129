/** Seeds the demo accounts (embedded mode only) through the account service, so they are announced like any account. */
import { DEMO_ACCOUNTS, DEMO_PASSWORD, DEMO_SEEDER } from '@caregraph/demo';
import type { AccountService } from './services/accounts';
import { hashPassword } from './services/passwords';

export async function seedDemoData(accounts: AccountService): Promise<void> {
  const existing = new Set(await accounts.emailsTaken(DEMO_SEEDER, DEMO_ACCOUNTS.map((a) => a.email)));
  const missing = DEMO_ACCOUNTS.filter((account) => !existing.has(account.email));
  if (missing.length === 0) return;
  // One slow hash for every demo account: they share the demo password, and scrypt costs ~0.2 s each.
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  for (const { id, ...account } of missing) await accounts.createUser(DEMO_SEEDER, { ...account, password: DEMO_PASSWORD }, { id, passwordHash });
}
