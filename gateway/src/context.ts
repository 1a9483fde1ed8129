import type { AuthContext } from '@caregraph/access';

export type GatewayContext = AuthContext & {
  /** The caller's Authorization header, forwarded to subgraphs so they verify it themselves. */
  authorization?: string;
  /** The caller's network address (the socket's peer): rate limits count it. */
  clientAddress: string;
  /** The caller's address, signed for the subgraphs (their sign-in throttles count it). */
  clientAddressHeaders: Record<string, string>;
  /** This request's id (`x-request-id`), sent on every subgraph call so their log lines match the gateway's. */
  requestId?: string;
};
