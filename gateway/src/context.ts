import type { AuthContext } from '@caregraph/access';

export type GatewayContext = AuthContext & {
  /** The caller's Authorization header, forwarded to subgraphs so they verify it themselves. */
  authorization?: string;
};
