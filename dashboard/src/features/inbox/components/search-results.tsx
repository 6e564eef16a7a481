// Full-text search results: each hit shows the matching message and opens its conversation.

import { SearchIcon } from '../../../components/ui/icons.tsx';
import { LoadingBlock } from '../../../components/ui/spinner.tsx';
import { EmptyState, ErrorState } from '../../../components/ui/states.tsx';
import { paths } from '../../../config/paths.ts';
import { shortTime } from '../../../lib/format.ts';
import { Link } from '../../../lib/router.tsx';
import { useSearchConversations } from '../api/search-conversations.ts';

function highlight(text: string, q: string) {
  const words = q
    .split(/\s+/)
    .map((w) => w.replace(/[^\p{L}\p{N}]/gu, ''))
    .filter((w) => w.length > 1);
  if (words.length === 0) return text;
  const pattern = new RegExp(`(${words.map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|')})`, 'giu');
  return text.split(pattern).map((part, i) =>
    i % 2 === 1 ? (
      // biome-ignore lint/suspicious/noArrayIndexKey: split parts have no identity
      <mark key={i} className="rounded bg-amber-100 px-0.5 text-slate-900">
        {part}
      </mark>
    ) : (
      part
    ),
  );
}

export function SearchResults({ projectId, q, label }: { projectId: string; q: string; label: string | null }) {
  const search = useSearchConversations(projectId, q, label);
  if (q.trim().length < 2) {
    return <EmptyState icon={<SearchIcon />} title="Search messages" description="Type at least two characters." />;
  }
  if (search.isPending) return <LoadingBlock label="Searching…" />;
  if (search.isError) return <ErrorState error={search.error} onRetry={() => void search.refetch()} />;
  if (search.data.results.length === 0) {
    return <EmptyState icon={<SearchIcon />} title="No matches" description={`Nothing contains “${q}”.`} />;
  }
  return (
    <ul>
      {search.data.results.map((hit) => (
        <li key={hit.message.id}>
          <Link
            to={paths.conversation(projectId, hit.conversationId)}
            className="block border-b border-slate-100 px-4 py-3 hover:bg-slate-50"
          >
            <div className="flex items-center justify-between text-xs text-slate-500">
              <span className="font-medium text-slate-700">
                {hit.message.author.name ?? (hit.message.author.kind === 'visitor' ? 'Visitor' : 'Agent')}
              </span>
              <span>{shortTime(hit.message.createdAt)}</span>
            </div>
            <p className="mt-1 line-clamp-2 text-sm text-slate-600">{highlight(hit.message.body, q)}</p>
          </Link>
        </li>
      ))}
    </ul>
  );
}
