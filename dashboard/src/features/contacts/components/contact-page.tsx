// One contact: who they are (verified or not), their attribute values (editable), the visitors
// (devices, browsers) linked to them, every conversation of those visitors, and merging another
// contact into this one.
import { useState } from 'react';
import { Avatar } from '../../../components/ui/avatar.tsx';
import { Badge } from '../../../components/ui/badge.tsx';
import { Button } from '../../../components/ui/button.tsx';
import { Card, CardBody, CardHeader } from '../../../components/ui/card.tsx';
import { ChevronLeftIcon, ShieldCheckIcon } from '../../../components/ui/icons.tsx';
import { LoadingBlock } from '../../../components/ui/spinner.tsx';
import { ErrorState } from '../../../components/ui/states.tsx';
import { paths } from '../../../config/paths.ts';
import { relativeTime, shortTime, visitorName } from '../../../lib/format.ts';
import { activityAt } from '../../../lib/protocol.ts';
import { Link } from '../../../lib/router.tsx';
import { useContact } from '../api/get-contact.ts';
import { useUpdateContact } from '../api/update-contact.ts';
import { contactName } from '../utils/contact-name.ts';
import { AttributeEditor } from './attribute-editor.tsx';
import { MergeContactDialog } from './merge-contact-dialog.tsx';

export function ContactPage({ projectId, contactId }: { projectId: string; contactId: string }) {
  const detail = useContact(projectId, contactId);
  const update = useUpdateContact(projectId, contactId);
  const [merging, setMerging] = useState(false);
  if (detail.isPending) return <LoadingBlock />;
  if (detail.isError) return <ErrorState error={detail.error} onRetry={() => void detail.refetch()} />;
  const { contact, visitors, conversations } = detail.data;
  const name = contactName(contact);
  return (
    <div className="space-y-6" data-testid="contact-page">
      <Link
        to={paths.contacts(projectId)}
        className="-ml-2 inline-flex items-center gap-1 rounded-lg px-2 py-1 text-sm font-medium text-slate-600 hover:bg-slate-100"
      >
        <ChevronLeftIcon size={16} /> Contacts
      </Link>
      <header className="flex flex-wrap items-center gap-4">
        <Avatar name={name} seed={contact.id} size="lg" />
        <div className="min-w-0 flex-1">
          <h1 className="truncate text-xl font-semibold tracking-tight text-slate-900">{name}</h1>
          <div className="mt-1 flex flex-wrap items-center gap-2 text-sm text-slate-500">
            {contact.email && <span className="truncate">{contact.email}</span>}
            {contact.verified ? (
              <Badge tone="green">
                <ShieldCheckIcon size={12} /> Verified identity
              </Badge>
            ) : (
              <span title="Name and email as the visitor gave them, not proven by your site">
                <Badge tone="amber">Unverified</Badge>
              </span>
            )}
            {contact.externalId && <span className="font-mono text-xs">{contact.externalId}</span>}
          </div>
        </div>
        <Button variant="secondary" onClick={() => setMerging(true)}>
          Merge another contact…
        </Button>
      </header>
      <div className="grid gap-6 lg:grid-cols-[minmax(0,1fr)_18rem]">
        <Card>
          <CardHeader title={`Conversations (${conversations.length})`} />
          {conversations.length === 0 ? (
            <CardBody>
              <p className="text-sm text-slate-500">No conversations yet.</p>
            </CardBody>
          ) : (
            <ul className="divide-y divide-slate-100" data-testid="contact-conversations">
              {conversations.map((c) => (
                <li key={c.id}>
                  <Link to={paths.conversation(projectId, c.id)} className="block px-5 py-3 hover:bg-slate-50">
                    <div className="flex items-center justify-between gap-3 text-xs text-slate-500">
                      <span className="capitalize">{c.status}</span>
                      <span>{shortTime(activityAt(c))}</span>
                    </div>
                    <p className="mt-0.5 line-clamp-1 text-sm text-slate-800">
                      {c.lastMessagePreview ?? 'No messages'}
                    </p>
                  </Link>
                </li>
              ))}
            </ul>
          )}
        </Card>
        <div className="space-y-6">
          <Card>
            <CardHeader title="Attributes" />
            <CardBody>
              <AttributeEditor
                projectId={projectId}
                values={contact.attributes}
                saving={update.isPending}
                error={update.error}
                onSave={(attributes, done) => update.mutate({ attributes }, { onSuccess: done })}
              />
            </CardBody>
          </Card>
          <Card>
            <CardHeader title={`Visitors (${visitors.length})`} />
            <ul className="divide-y divide-slate-100">
              {visitors.map((v) => (
                <li key={v.id} className="px-5 py-3 text-sm">
                  <p className="font-medium text-slate-800">{visitorName(v)}</p>
                  <p className="text-xs text-slate-500">
                    {v.verified ? 'Verified' : 'Unverified'} · seen {relativeTime(v.lastSeenAt)}
                  </p>
                </li>
              ))}
            </ul>
          </Card>
        </div>
      </div>
      {merging && <MergeContactDialog projectId={projectId} keep={contact} onClose={() => setMerging(false)} />}
    </div>
  );
}
