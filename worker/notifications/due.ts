// A `notification.due` Queue message: the kind's decision, made and sent exactly once (marks.ts).
import type { NotificationKey } from '../../contract/notifications.ts';
import type { Config } from '../../core/platform/config.ts';
import type { Db } from '../../core/platform/db.ts';
import { createMailSender, type MailSender } from '../lib/mail.ts';
import { agentActivityDecider } from './agent-activity.ts';
import { type DueOutcome, deliverDue } from './marks.ts';
import { visitorRepliesDecider } from './visitor-replies.ts';

export function notificationDue(
  deps: { db: Db; env: Env; config: Config; sender?: MailSender },
  key: NotificationKey,
): Promise<DueOutcome> {
  const sender = deps.sender ?? createMailSender(deps.config);
  const decide =
    key.kind === 'visitor_unseen_replies'
      ? visitorRepliesDecider(deps.env, deps.config)
      : agentActivityDecider(deps.env, deps.config);
  return deliverDue(deps.db, sender, key, decide);
}
