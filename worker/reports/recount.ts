// The recount: rebuilds a project's report facts from the source tables — the conversation's row
// (created_at, assignee_id, resolved_at) and its first public agent message in `messages` — for
// when the rollups are new, were lost, or a bug is suspected. It is the only report code that
// reads `messages`, and it runs offline (`npm run reports:recount`, local/recount-reports.ts).
// Label sets and ratings come from their events only for now: the recount keeps what the row
// holds. The last-writer keys become the conversation's updated_at, which every status or
// assignment change also sets: an older event delivered after the recount changes nothing, a
// newer one wins. Plain SQL with `$1` = the project id, so Node and the Worker run the same text.
export const RECOUNT_SQL = `
  insert into report_conversations as r (conversation_id, project_id, opened_at, first_response_at,
    status_changed_at, status_key, resolved_at, assignee_id, assignee_at, assignee_key)
  select c.id, c.project_id, c.created_at,
    (select min(m.created_at) from messages m
      where m.conversation_id = c.id and m.author_kind = 'agent' and not m.private),
    c.updated_at, '', c.resolved_at, c.assignee_id, c.updated_at, ''
  from conversations c
  where c.project_id = $1::uuid
  on conflict (conversation_id) do update set
    opened_at = excluded.opened_at,
    first_response_at = excluded.first_response_at,
    status_changed_at = excluded.status_changed_at,
    status_key = excluded.status_key,
    resolved_at = excluded.resolved_at,
    assignee_id = excluded.assignee_id,
    assignee_at = excluded.assignee_at,
    assignee_key = excluded.assignee_key,
    updated_at = now()`;
