import type { AuthContext } from '@caregraph/access';

export type GatewayContext = AuthContext & {
  /** The caller's Authorization header, forwarded to subgraphs so they verify it themselves. */
  authorization?: string;
  /** This request's id (`x-request-id`), sent on every subgraph call so their log lines match the gateway's. */
  requestId?: string;
};
