/**
 * Each account's inbox: delivering an event's notifications exactly once per account (the unique index on
 * (source_event_id, user_id) decides, so a redelivery creates nothing), reading and marking one's own, and the
 * replay after a cursor that reconnecting live clients build on. Only the recipient ever sees a notification: an id
 * of someone else's is NOT_FOUND (or null), exactly like an unknown one.
 */
import { randomUUID } from 'node:crypto';
import { assertSignedIn } from '@caregraph/access';
import type { Viewer } from '@caregraph/auth';
import { MAX_PAGE_SIZE, pageQuery, toConnection, type PageArgs } from '@caregraph/db';
import { notFound } from '@caregraph/errors';
import { recordEvent } from '@caregraph/events';
import { requireId } from '@caregraph/validation';
import type { Notification, Prisma, PrismaClient } from '../generated/prisma/client';
import { recipientsOf } from './accounts';
import { decodeCursor, encodeCursor } from './cursors';
import { messagesFor, type NotifyingEvent } from './messages';

type Tx = Prisma.TransactionClient;
export type NotificationListArgs = PageArgs & { unreadOnly?: boolean | null };
export type ReplayArgs = { cursor?: string | null; first?: number | null };
/** How many notifications one replay page holds at most (and by default); the caller continues from its end cursor. */
export const MAX_REPLAY = MAX_PAGE_SIZE;

export const cursorOf = (notification: Pick<Notification, 'sequence'>) => encodeCursor(notification.sequence);

export class InboxService {
  constructor(
    private readonly prisma: PrismaClient,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /**
   * Creates the event's notifications for every account of each audience known now, in the consumer's transaction,
   * each with its `notifications.notification.created` event. Returns those created (none on a redelivery).
   */
  async deliver(tx: Tx, event: NotifyingEvent): Promise<Notification[]> {
    const created: Notification[] = [];
    for (const message of messagesFor(event)) {
      const data = (await recipientsOf(tx, message.audience)).map((userId) => ({
        id: randomUUID(),
        userId,
        type: message.type,
        title: message.title,
        body: message.body,
        subjectId: message.subjectId,
        sourceEventId: event.id,
      }));
      if (data.length) created.push(...(await tx.notification.createManyAndReturn({ data, skipDuplicates: true })));
    }
    for (const n of created) await recordEvent(tx, 'notifications.notification.created', n.id, { notificationId: n.id, userId: n.userId, type: n.type, sequence: String(n.sequence) });
    return created;
  }

  /** The viewer's notifications, newest first; cursors carry the sequence, so paging is stable while new ones arrive. */
  async list(viewer: Viewer | undefined, args: NotificationListArgs) {
    assertSignedIn(viewer);
    const { first, take } = pageQuery({ first: args.first });
    const before = args.after ? decodeCursor(args.after) : null;
    const where: Prisma.NotificationWhereInput = { userId: viewer.userId, ...(args.unreadOnly ? { readAt: null } : {}) };
    const rows = await this.prisma.notification.findMany({ where: { ...where, ...(before !== null ? { sequence: { lt: before } } : {}) }, orderBy: { sequence: 'desc' }, take });
    return toConnection(rows, first, () => this.prisma.notification.count({ where }), cursorOf);
  }

  /** How many of the viewer's notifications are unread. */
  async unreadCount(viewer: Viewer | undefined) {
    assertSignedIn(viewer);
    return this.prisma.notification.count({ where: { userId: viewer.userId, readAt: null } });
  }

  /** One of the viewer's notifications, or null: someone else's id answers exactly like an unknown one. */
  async get(viewer: Viewer | undefined, idInput: string) {
    assertSignedIn(viewer);
    const id = requireId(idInput);
    return this.prisma.notification.findFirst({ where: { id, userId: viewer.userId } });
  }

  /**
   * The viewer's notifications after `cursor` (a cursor of `notifications`, of a notification or of an earlier page;
   * none: from the start), oldest first, at most `first` (1–100): what a reconnecting client missed. `totalCount` is
   * how many come after the cursor in all; the caller continues from `pageInfo.endCursor`.
   */
  async after(viewer: Viewer | undefined, args: ReplayArgs = {}) {
    assertSignedIn(viewer);
    const { first, take } = pageQuery({ first: args.first ?? MAX_REPLAY });
    const from = args.cursor ? decodeCursor(args.cursor, 'cursor') : null;
    const where: Prisma.NotificationWhereInput = { userId: viewer.userId, ...(from !== null ? { sequence: { gt: from } } : {}) };
    const rows = await this.prisma.notification.findMany({ where, orderBy: { sequence: 'asc' }, take });
    return toConnection(rows, first, () => this.prisma.notification.count({ where }), cursorOf);
  }

  /** Marks one of the viewer's notifications read; the first readAt stays. Someone else's id is NOT_FOUND like an unknown one. */
  async markRead(viewer: Viewer | undefined, idInput: string) {
    assertSignedIn(viewer);
    const id = requireId(idInput);
    // Conditional on the recipient, so the WHERE clause and not a prior read decides whose it is.
    await this.prisma.notification.updateMany({ where: { id, userId: viewer.userId, readAt: null }, data: { readAt: this.now() } });
    const notification = await this.prisma.notification.findFirst({ where: { id, userId: viewer.userId } });
    if (!notification) throw notFound('Notification', id);
    return notification;
  }

  /** Marks every unread notification of the viewer read; returns how many it marked (0 when none were unread). */
  async markAllRead(viewer: Viewer | undefined) {
    assertSignedIn(viewer);
    const marked = await this.prisma.notification.updateMany({ where: { userId: viewer.userId, readAt: null }, data: { readAt: this.now() } });
    return marked.count;
  }
}
