// The visitor panel: who this is (verified or not), the page they are on, their browser and
// language, their contact's attributes, and their earlier conversations.
import { type ReactNode, useEffect } from 'react';
import { Avatar } from '../../../components/ui/avatar.tsx';
import { Badge } from '../../../components/ui/badge.tsx';
import {
  ChevronLeftIcon,
  ClockIcon,
  ExternalLinkIcon,
  GlobeIcon,
  LinkIcon,
  MailIcon,
  MonitorIcon,
  ShieldCheckIcon,
  UserIcon,
} from '../../../components/ui/icons.tsx';
import { Spinner } from '../../../components/ui/spinner.tsx';
import { paths } from '../../../config/paths.ts';
import { cn } from '../../../lib/cn.ts';
import { describeUserAgent, relativeTime, shortTime, visitorName } from '../../../lib/format.ts';
import { activityAt, type ConversationSummary } from '../../../lib/protocol.ts';
import { Link } from '../../../lib/router.tsx';
import { VisitorAttributes } from '../../contacts/components/visitor-attributes.tsx';
import { VisitorActions } from '../../privacy/components/visitor-actions.tsx';
import { useVisitor } from '../api/get-visitor.ts';

function Row({ icon, label, children }: { icon: ReactNode; label: string; children: ReactNode }) {
  return (
    <div className="flex gap-3 py-2">
      <span className="mt-0.5 shrink-0 text-slate-400">{icon}</span>
      <div className="min-w-0">
        <p className="text-xs text-slate-500">{label}</p>
        <div className="text-sm break-words text-slate-800">{children}</div>
      </div>
    </div>
  );
}

/** "shop.example.com/cart?id=1": the scheme says nothing an agent needs. */
function displayUrl(url: string): string {
  return url.replace(/^https?:\/\//, '').replace(/\/$/, '');
}

const unknown = <span className="text-slate-500">Unknown</span>;

export function VisitorPanel({
  projectId,
  conversationId,
  summary,
  manager,
  shownOnSmall,
  onHide,
}: {
  projectId: string;
  conversationId: string;
  /** What the conversation already says about the visitor: shown while the details load. */
  summary: ConversationSummary['visitor'];
  manager: boolean;
  /** Below xl the panel shows only when asked for, in place of the conversation. */
  shownOnSmall: boolean;
  onHide: () => void;
}) {
  const details = useVisitor(projectId, summary.id);
  // Moving to another of the visitor's conversations: their earlier ones (status, last message)
  // may have changed since the details were cached.
  // (One request per conversation opened; a fetch already under way is left to finish.)
  const { refetch, isFetching } = details;
  // biome-ignore lint/correctness/useExhaustiveDependencies: once per conversation shown, not per refetch
  useEffect(() => {
    if (!isFetching) void refetch();
  }, [conversationId, refetch]);
  const visitor = details.data?.visitor;
  const earlier = (details.data?.conversations ?? []).filter((c) => c.id !== conversationId);
  const name = visitorName(visitor ?? summary);
  const verified = visitor?.verified ?? summary.verified;
  const email = visitor?.email ?? summary.email;
  return (
    <aside
      className={cn(
        'scroll-thin shrink-0 overflow-y-auto border-slate-200 bg-white xl:block xl:w-72 xl:flex-none xl:border-l',
        shownOnSmall ? 'block w-full flex-1' : 'hidden',
      )}
      aria-label="Visitor"
      data-testid="visitor-panel"
    >
      <div className="border-b border-slate-100 px-3 py-2 xl:hidden">
        <button
          type="button"
          onClick={onHide}
          className="flex items-center gap-1 rounded-lg px-2 py-1.5 text-sm font-medium text-slate-700 hover:bg-slate-100"
        >
          <ChevronLeftIcon size={18} /> Back to the conversation
        </button>
      </div>
      <div className="flex flex-col items-center border-b border-slate-100 px-5 py-6 text-center">
        <Avatar name={name} seed={summary.id} size="lg" />
        <p className="mt-3 text-sm font-semibold text-slate-900">{name}</p>
        {verified ? (
          <Badge tone="green" className="mt-2">
            <ShieldCheckIcon size={12} /> Verified identity
          </Badge>
        ) : (visitor?.name ?? summary.name) || email ? (
          <span title="Name and email as the visitor gave them, not proven by your site (identity verification: Settings › Security)">
            <Badge tone="amber" className="mt-2">
              Unverified
            </Badge>
          </span>
        ) : (
          <Badge tone="slate" className="mt-2">
            Anonymous
          </Badge>
        )}
      </div>
      <div className="divide-y divide-slate-100 px-5">
        <div className="py-2">
          <Row icon={<MailIcon size={15} />} label="Email">
            {email ? (
              <a href={`mailto:${email}`} className="text-brand-700 hover:underline">
                {email}
              </a>
            ) : (
              <span className="text-slate-500">Not given</span>
            )}
          </Row>
          {visitor?.externalId && (
            <Row icon={<UserIcon size={15} />} label="User id on your site">
              <span className="font-mono text-xs">{visitor.externalId}</span>
            </Row>
          )}
          <Row icon={<GlobeIcon size={15} />} label="Current page">
            {visitor?.currentUrl ? (
              <a
                href={visitor.currentUrl}
                target="_blank"
                rel="noreferrer noopener"
                className="inline-flex items-start gap-1 text-brand-700 hover:underline"
                title={visitor.currentUrl}
                data-testid="visitor-page"
              >
                <span className={visitor.pageTitle ? 'line-clamp-2' : 'line-clamp-2 break-all'}>
                  {visitor.pageTitle || displayUrl(visitor.currentUrl)}
                </span>
                <ExternalLinkIcon size={12} className="mt-1 shrink-0" />
              </a>
            ) : details.isPending ? (
              <Spinner size={12} className="text-slate-400" />
            ) : (
              unknown
            )}
          </Row>
          <Row icon={<MonitorIcon size={15} />} label="Browser">
            <span data-testid="visitor-browser">
              {visitor?.userAgent ? describeUserAgent(visitor.userAgent) : details.isPending ? '…' : unknown}
            </span>
            {visitor?.locale && <span className="text-slate-500"> · {visitor.locale}</span>}
          </Row>
          {visitor?.referrer && (
            <Row icon={<LinkIcon size={15} />} label="Came from">
              <span className="line-clamp-1" title={visitor.referrer}>
                {new URL(visitor.referrer).host}
              </span>
            </Row>
          )}
          {visitor && (
            <Row icon={<ClockIcon size={15} />} label="Last seen">
              {relativeTime(visitor.lastSeenAt)}
              {visitor.timezone && <span className="text-slate-500"> · {visitor.timezone}</span>}
            </Row>
          )}
        </div>
        {details.data && (
          <VisitorAttributes projectId={projectId} visitorId={summary.id} contact={details.data.contact} />
        )}
        <div className="py-4">
          <p className="mb-2 text-xs font-semibold tracking-wide text-slate-500 uppercase">Earlier conversations</p>
          {details.isPending ? (
            <Spinner size={14} className="text-slate-400" />
          ) : details.isError ? (
            <p className="text-sm text-slate-500">Could not load them.</p>
          ) : earlier.length === 0 ? (
            <p className="text-sm text-slate-500">This is their first conversation.</p>
          ) : (
            <ul className="space-y-1" data-testid="earlier-conversations">
              {earlier.map((c) => (
                <li key={c.id}>
                  <Link
                    to={paths.conversation(projectId, c.id)}
                    className="-mx-2 block rounded-md px-2 py-1.5 hover:bg-slate-50"
                  >
                    <div className="flex items-center justify-between text-xs text-slate-500">
                      <span className="capitalize">{c.status}</span>
                      <span>{shortTime(activityAt(c))}</span>
                    </div>
                    <p className="line-clamp-1 text-sm text-slate-700">{c.lastMessagePreview ?? 'No messages'}</p>
                  </Link>
                </li>
              ))}
            </ul>
          )}
        </div>
        {manager && (
          <VisitorActions
            projectId={projectId}
            visitorId={summary.id}
            name={name}
            conversationIds={[conversationId, ...earlier.map((c) => c.id)]}
          />
        )}
      </div>
    </aside>
  );
}
