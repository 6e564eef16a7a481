// The recount: rebuilds a project's report facts from the source tables — the conversation's row
// (created_at, assignee_id, resolved_at), its first public agent message in `messages`, its labels
// in `conversation_labels` and its latest rating in `conversation_ratings` — for when the rollups
// are new, were lost, or a bug is suspected. It is the only report code that reads `messages`,
// and it runs offline (`npm run reports:recount`, local/recount-reports.ts).
// The label set is sorted as the live path sorts an event's (uuid text, byte order). The rating is
// the row of the latest resolution rated: a visitor rates only the current resolution, so its row
// is also the one the latest `conversation.rated` wrote, and its updated_at is that event's ratedAt.
// The other last-writer times become the conversation's updated_at, which every status,
// assignment or label change also sets: an older event delivered after the recount changes
// nothing, a newer one wins. Plain SQL with `$1` = the project id, so Node and the Worker run the
// same text.
export const RECOUNT_SQL = `
  insert into report_conversations as r (conversation_id, project_id, opened_at, first_response_at,
    status_changed_at, status_key, resolved_at, assignee_id, assignee_at, assignee_key,
    label_ids, labels_at, labels_key,
    rating, rating_resolved_at, rating_assignee_id, rated_at, rating_key)
  select c.id, c.project_id, c.created_at,
    (select min(m.created_at) from messages m
      where m.conversation_id = c.id and m.author_kind = 'agent' and not m.private),
    c.updated_at, '', c.resolved_at, c.assignee_id, c.updated_at, '',
    array(select cl.label_id::text from conversation_labels cl
      where cl.conversation_id = c.id order by cl.label_id::text collate "C"),
    c.updated_at, '',
    rt.rating, rt.resolved_at, rt.assignee_id, rt.updated_at, ''
  from conversations c
  left join lateral (
    select cr.rating, cr.resolved_at, cr.assignee_id, cr.updated_at from conversation_ratings cr
    where cr.conversation_id = c.id
    order by cr.resolved_at desc, cr.updated_at desc limit 1
  ) rt on true
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
    label_ids = excluded.label_ids,
    labels_at = excluded.labels_at,
    labels_key = excluded.labels_key,
    rating = excluded.rating,
    rating_resolved_at = excluded.rating_resolved_at,
    rating_assignee_id = excluded.rating_assignee_id,
    rated_at = excluded.rated_at,
    rating_key = excluded.rating_key,
    updated_at = now()`;
