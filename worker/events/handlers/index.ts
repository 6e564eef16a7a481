// The handlers the Queue consumer runs, in order.
import { conversationsHandler } from './conversations.ts';
import { notificationsHandler } from './notifications.ts';
import { reportsHandler } from './reports.ts';
import { transcriptsHandler } from './transcripts.ts';
import type { EventHandler } from './types.ts';
import { webhooksHandler } from './webhooks.ts';

export const defaultHandlers: EventHandler[] = [
  conversationsHandler,
  webhooksHandler,
  notificationsHandler,
  transcriptsHandler,
  reportsHandler,
];
