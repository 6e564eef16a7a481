// Keeps the report facts (drizzle/schema/reports.ts, rules in worker/reports/facts.ts) from the
// events that move a report's figures. Every change is a minimum or last-writer-by-time, so a
// batch's events are grouped by project and applied one upsert each, in any order.
import { log } from '../../../core/platform/log.ts';
import { applyFactChange, factChange, foldFirstResponses, REPORTED_EVENTS } from '../../reports/facts.ts';
import type { EventHandler } from './types.ts';

export const reportsHandler: EventHandler = {
  name: 'reports',
  handles: (type) => REPORTED_EVENTS.has(type),
  // A visitor's message or a note moves no figure: no transaction, no marker (most of the traffic).
  matters: (event) => event.type !== 'message.created' || factChange(event) !== null,
  groupBy: (event) => event.projectId,
  async apply(tx, events) {
    type Fact = NonNullable<ReturnType<typeof factChange>> & { projectId: string };
    const changes: Fact[] = [];
    for (const event of events) {
      const fact = factChange(event);
      if (fact) changes.push({ projectId: event.projectId, ...fact });
      // A visitor's message or a note moves nothing; anything else unreadable is logged by id.
      else if (event.type !== 'message.created') {
        log.warn('unreadable event for reports', { eventId: event.id, eventType: event.type });
      }
    }
    const facts = foldFirstResponses(changes);
    // In conversation order, so two consumers upserting overlapping rows wait instead of deadlocking.
    facts.sort((a, b) => (a.conversationId < b.conversationId ? -1 : a.conversationId > b.conversationId ? 1 : 0));
    for (const f of facts) await tx.execute(applyFactChange(f.projectId, f.conversationId, f.change));
    return undefined;
  },
};
