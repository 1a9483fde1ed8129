/** What every resolver and shield rule of the audit subgraph gets for one request. */
import type { AuthContext } from '@caregraph/access';
import type { Viewer } from '@caregraph/auth';
import type { Loaders } from './loaders';
import type { AuditServices } from './services';

export type RequestContext = AuthContext & {
  viewer?: Viewer;
  audit: AuditServices;
  loaders: Loaders;
};
