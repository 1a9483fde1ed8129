/** What every resolver and shield rule of the identity subgraph gets for one request. */
import type { AuthContext } from '@caregraph/access';
import type { Viewer } from '@caregraph/auth';
import type { Loaders } from './loaders';
import type { AccountService } from './services/accounts';
import type { SessionService } from './services/sessions';

export type RequestContext = AuthContext & {
  /** Replaced by login/register/refreshSession: the rest of that response is for the user who just signed in. */
  viewer?: Viewer;
  /** The caller's address (forwarded by the gateway when signed): what the sign-in throttles count. */
  clientAddress: string;
  accounts: AccountService;
  sessions: SessionService;
  loaders: Loaders;
};
