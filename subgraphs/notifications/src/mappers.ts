/** GraphQL types backed by storage rows (see codegen.ts: `XMapper` maps type `X`). */
import type { Connection } from '@caregraph/db';
import type { Notification } from './generated/prisma/client';

export type NotificationMapper = Notification;
export type NotificationConnectionMapper = Connection<Notification>;
