// The Contacts page: every person behind the project's visitors, newest first, searched by name,
// email or attribute value, with more loaded page by page (keyset cursor).
import { useDeferredValue, useState } from 'react';
import { Avatar } from '../../../components/ui/avatar.tsx';
import { Badge } from '../../../components/ui/badge.tsx';
import { Button } from '../../../components/ui/button.tsx';
import { Card } from '../../../components/ui/card.tsx';
import { SearchIcon, ShieldCheckIcon, UsersIcon } from '../../../components/ui/icons.tsx';
import { PageHeader } from '../../../components/ui/page.tsx';
import { LoadingBlock } from '../../../components/ui/spinner.tsx';
import { EmptyState, ErrorState } from '../../../components/ui/states.tsx';
import { paths } from '../../../config/paths.ts';
import { relativeTime } from '../../../lib/format.ts';
import { Link } from '../../../lib/router.tsx';
import { useAttributeDefinitions } from '../api/get-attribute-definitions.ts';
import { type ContactListItem, useContacts } from '../api/get-contacts.ts';
import { displayValue } from '../utils/attribute-input.ts';
import { contactName } from '../utils/contact-name.ts';

export function ContactsList({ projectId }: { projectId: string }) {
  const [search, setSearch] = useState('');
  const q = useDeferredValue(search.trim());
  const list = useContacts(projectId, q);
  const definitions = useAttributeDefinitions(projectId);
  const defs = new Map((definitions.data?.attributes ?? []).map((d) => [d.key, d]));
  const contacts = list.data?.pages.flatMap((p) => p.contacts) ?? [];

  return (
    <div>
      <PageHeader title="Contacts" description="The people behind your visitors, on every device they used." />
      <div className="relative mb-4">
        <SearchIcon size={15} className="pointer-events-none absolute top-1/2 left-3 -translate-y-1/2 text-slate-400" />
        <input
          type="search"
          value={search}
          onChange={(e) => setSearch(e.target.value)}
          placeholder="Search by name, email or attribute"
          aria-label="Search contacts"
          data-testid="contacts-search"
          className="block w-full rounded-lg border-0 bg-white py-2 pr-3 pl-9 text-base text-slate-900 shadow-sm ring-1 ring-slate-300 ring-inset placeholder:text-slate-400 focus:ring-2 focus:ring-brand-600 md:text-sm"
        />
      </div>
      <Card>
        {list.isPending ? (
          <LoadingBlock />
        ) : list.isError ? (
          <ErrorState error={list.error} onRetry={() => void list.refetch()} />
        ) : contacts.length === 0 ? (
          <EmptyState
            icon={<UsersIcon />}
            title={q ? 'No contact matches' : 'No contacts yet'}
            description={
              q
                ? 'Try part of a name, an email address or an attribute value.'
                : 'Visitors become contacts when your site verifies who they are, when they leave an email, or when attributes are set for them.'
            }
          />
        ) : (
          <ul className="divide-y divide-slate-100" data-testid="contacts-list">
            {contacts.map((c) => (
              <ContactRow key={c.id} projectId={projectId} contact={c} labelOf={(k) => defs.get(k)} />
            ))}
          </ul>
        )}
      </Card>
      {list.hasNextPage && (
        <div className="mt-4 flex justify-center">
          <Button variant="secondary" busy={list.isFetchingNextPage} onClick={() => void list.fetchNextPage()}>
            Load more
          </Button>
        </div>
      )}
    </div>
  );
}

function ContactRow({
  projectId,
  contact,
  labelOf,
}: {
  projectId: string;
  contact: ContactListItem;
  labelOf: (key: string) => { label: string; type: 'text' | 'number' | 'date' | 'boolean' | 'list' } | undefined;
}) {
  const name = contactName(contact);
  const attributes = Object.entries(contact.attributes).slice(0, 3);
  return (
    <li>
      <Link
        to={paths.contact(projectId, contact.id)}
        className="flex items-center gap-3 px-4 py-3 hover:bg-slate-50 md:px-5"
        data-testid="contact-row"
      >
        <Avatar name={name} seed={contact.id} />
        <div className="min-w-0 flex-1">
          <div className="flex items-center gap-2">
            <p className="truncate text-sm font-medium text-slate-900">{name}</p>
            {contact.verified && (
              <span title="Verified identity" className="shrink-0 text-green-600">
                <ShieldCheckIcon size={14} />
                <span className="sr-only">Verified identity</span>
              </span>
            )}
          </div>
          <p className="truncate text-sm text-slate-500">{contact.email ?? 'No email'}</p>
          {attributes.length > 0 && (
            <div className="mt-1 flex flex-wrap gap-1">
              {attributes.map(([key, value]) => {
                const def = labelOf(key);
                return (
                  <Badge key={key} tone="slate">
                    {def?.label ?? key}: {displayValue(def, value)}
                  </Badge>
                );
              })}
            </div>
          )}
        </div>
        <div className="hidden shrink-0 text-right text-xs text-slate-500 sm:block">
          <p>
            {contact.visitorCount} {contact.visitorCount === 1 ? 'visitor' : 'visitors'}
          </p>
          {contact.lastSeenAt && <p>seen {relativeTime(contact.lastSeenAt)}</p>}
        </div>
      </Link>
    </li>
  );
}
