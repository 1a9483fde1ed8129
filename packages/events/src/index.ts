export * from './catalogue';
export * from './types';
export * from './outbox';
export * from './relay';
export * from './context-events';
export * from './idempotency';
export * from './retry';
export * from './in-process-bus';
export * from './redis-bus';
export * from './live';
import { createInProcessBus } from './in-process-bus';
import { createRedisBus } from './redis-bus';
import type { EventBus } from './types';

/** Redis Streams when Redis is configured, otherwise the in-process bus. */
export const createEventBus = (redis?: { url: string; keyPrefix: string }): EventBus =>
  redis ? createRedisBus(redis) : createInProcessBus();
