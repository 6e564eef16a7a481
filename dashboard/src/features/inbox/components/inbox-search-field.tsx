// The inbox's message search box: Escape or the clear button empties it (ours only: the browser's
// own search cancel button is hidden, so there is one). While it holds text the column shows
// search results instead of the list.
import type { RefObject } from 'react';
import { SearchIcon, XIcon } from '../../../components/ui/icons.tsx';
import { useInboxStore } from '../stores/inbox-store.ts';

export function InboxSearchField({ inputRef }: { inputRef: RefObject<HTMLInputElement | null> }) {
  const search = useInboxStore((s) => s.search);
  const setSearch = useInboxStore((s) => s.setSearch);
  return (
    <div className="relative mt-3">
      <SearchIcon size={15} className="pointer-events-none absolute top-1/2 left-3 -translate-y-1/2 text-slate-400" />
      <input
        ref={inputRef}
        type="search"
        value={search}
        onChange={(e) => setSearch(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === 'Escape') {
            setSearch('');
            e.currentTarget.blur();
          }
        }}
        placeholder="Search messages"
        aria-label="Search messages"
        className="block w-full rounded-lg border-0 bg-slate-100 py-2 pr-8 pl-9 [&::-webkit-search-cancel-button]:hidden [&::-webkit-search-cancel-button]:appearance-none text-base text-slate-900 md:text-sm placeholder:text-slate-400 focus:bg-white focus:ring-2 focus:ring-brand-600"
      />
      {search.trim().length > 0 && (
        <button
          type="button"
          onClick={() => setSearch('')}
          className="absolute top-1/2 right-2 -translate-y-1/2 rounded p-0.5 text-slate-400 hover:text-slate-600"
          aria-label="Clear search"
        >
          <XIcon size={14} />
        </button>
      )}
    </div>
  );
}
