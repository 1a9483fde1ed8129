/** What every resolver and shield rule of the notifications subgraph gets for one request. */
import type { AuthContext } from '@caregraph/access';
import type { Viewer } from '@caregraph/auth';
import type { Loaders } from './loaders';
import type { NotificationServices } from './services';

export type RequestContext = AuthContext & {
  viewer?: Viewer;
  notifications: NotificationServices;
  loaders: Loaders;
};
