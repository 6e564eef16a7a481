// The visitor panel: who this is (verified or not), where they are on the site, their browser,
// and their earlier conversations.
import type { ReactNode } from 'react';
import { Avatar } from '../../../components/ui/avatar.tsx';
import { Badge } from '../../../components/ui/badge.tsx';
import {
  ClockIcon,
  ExternalLinkIcon,
  GlobeIcon,
  MailIcon,
  MonitorIcon,
  ShieldCheckIcon,
  UserIcon,
} from '../../../components/ui/icons.tsx';
import { Spinner } from '../../../components/ui/spinner.tsx';
import { paths } from '../../../config/paths.ts';
import { describeUserAgent, relativeTime, shortTime, visitorName } from '../../../lib/format.ts';
import { activityAt } from '../../../lib/protocol.ts';
import { Link } from '../../../lib/router.tsx';
import { useVisitorConversations } from '../api/get-visitor-conversations.ts';
import type { VisitorDetails } from '../utils/thread.ts';

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

export function VisitorPanel({
  projectId,
  conversationId,
  visitor,
}: {
  projectId: string;
  conversationId: string;
  visitor: VisitorDetails;
}) {
  const history = useVisitorConversations(projectId, visitor.id);
  const earlier = (history.data ?? []).filter((c) => c.id !== conversationId);
  const name = visitorName(visitor);
  return (
    <aside
      className="scroll-thin hidden w-72 shrink-0 overflow-y-auto border-l border-slate-200 bg-white xl:block"
      aria-label="Visitor"
      data-testid="visitor-panel"
    >
      <div className="flex flex-col items-center border-b border-slate-100 px-5 py-6 text-center">
        <Avatar name={name} seed={visitor.id} size="lg" />
        <p className="mt-3 text-sm font-semibold text-slate-900">{name}</p>
        {visitor.verified ? (
          <Badge tone="green" className="mt-2">
            <ShieldCheckIcon size={12} /> Verified identity
          </Badge>
        ) : (
          <Badge tone="slate" className="mt-2">
            Unverified
          </Badge>
        )}
      </div>
      <div className="divide-y divide-slate-100 px-5">
        <div className="py-2">
          <Row icon={<MailIcon size={15} />} label="Email">
            {visitor.email ? (
              <a href={`mailto:${visitor.email}`} className="text-brand-700 hover:underline">
                {visitor.email}
              </a>
            ) : (
              <span className="text-slate-400">Not given</span>
            )}
          </Row>
          {visitor.externalId && (
            <Row icon={<UserIcon size={15} />} label="User id on your site">
              <span className="font-mono text-xs">{visitor.externalId}</span>
            </Row>
          )}
          <Row icon={<GlobeIcon size={15} />} label="Current page">
            {visitor.currentUrl ? (
              <a
                href={visitor.currentUrl}
                target="_blank"
                rel="noreferrer noopener"
                className="inline-flex items-center gap-1 text-brand-700 hover:underline"
                title={visitor.currentUrl}
              >
                <span className="line-clamp-2">{visitor.pageTitle || visitor.currentUrl}</span>
                <ExternalLinkIcon size={12} className="shrink-0" />
              </a>
            ) : (
              <span className="text-slate-400">Unknown</span>
            )}
          </Row>
          <Row icon={<MonitorIcon size={15} />} label="Browser">
            {visitor.userAgent ? describeUserAgent(visitor.userAgent) : <span className="text-slate-400">Unknown</span>}
            {visitor.locale && <span className="text-slate-500"> · {visitor.locale}</span>}
          </Row>
          {(visitor.lastSeenAt || visitor.createdAt) && (
            <Row icon={<ClockIcon size={15} />} label="Last seen">
              {relativeTime(visitor.lastSeenAt ?? visitor.createdAt)}
              {visitor.timezone && <span className="text-slate-500"> · {visitor.timezone}</span>}
            </Row>
          )}
        </div>
        <div className="py-4">
          <p className="mb-2 text-xs font-semibold tracking-wide text-slate-500 uppercase">Earlier conversations</p>
          {history.isPending ? (
            <Spinner size={14} className="text-slate-400" />
          ) : history.isError ? (
            <p className="text-sm text-slate-400">Could not load them.</p>
          ) : earlier.length === 0 ? (
            <p className="text-sm text-slate-400">This is their first conversation.</p>
          ) : (
            <ul className="space-y-1" data-testid="earlier-conversations">
              {earlier.map((c) => (
                <li key={c.id}>
                  <Link
                    to={paths.conversation(projectId, c.id)}
                    className="block rounded-md px-2 py-1.5 -mx-2 hover:bg-slate-50"
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
      </div>
    </aside>
  );
}
