// An endpoint's delivery log: each event's status, attempts, the receiver's answer and why it failed.
import { Fragment, useState } from 'react';
import { Badge } from '../../../components/ui/badge.tsx';
import { Button } from '../../../components/ui/button.tsx';
import { Table, Td, Th } from '../../../components/ui/page.tsx';
import { LoadingBlock } from '../../../components/ui/spinner.tsx';
import { EmptyState, ErrorState } from '../../../components/ui/states.tsx';
import { dateTime, relativeTime } from '../../../lib/format.ts';
import { useDeliveries, type WebhookDelivery } from '../api/get-deliveries.ts';

const TONE = { succeeded: 'green', failed: 'red', pending: 'amber' } as const;

/** The server sends a class, never the network's error text (docs/DATABASE_AND_EVENTS.md). */
const FAILURE: Record<NonNullable<WebhookDelivery['lastError']>, string> = {
  http_error: 'The receiver answered with an error status',
  timeout: 'The receiver did not answer in time',
  connection_failed: 'Could not connect to the receiver',
  refused_address: 'Not sent: the URL points to a private address or a port that is not allowed',
  endpoint_disabled: 'Not sent: the endpoint is disabled',
};

export function DeliveryLog({ projectId, endpointId }: { projectId: string; endpointId: string }) {
  const log = useDeliveries(projectId, endpointId);
  const [open, setOpen] = useState<string | null>(null);
  if (log.isPending) return <LoadingBlock label="Loading deliveries…" />;
  if (log.isError) return <ErrorState error={log.error} onRetry={() => void log.refetch()} />;
  const deliveries: WebhookDelivery[] = log.data.pages.flatMap((p) => p.deliveries);
  if (deliveries.length === 0) {
    return <EmptyState title="No deliveries yet" description="Events matching this endpoint will be listed here." />;
  }
  return (
    <div data-testid="delivery-log">
      <Table>
        <thead>
          <tr>
            <Th>Event</Th>
            <Th>Status</Th>
            <Th>Attempts</Th>
            <Th>Response</Th>
            <Th>When</Th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {deliveries.map((d) => (
            <Fragment key={d.id}>
              <tr className="cursor-pointer hover:bg-slate-50" onClick={() => setOpen(open === d.id ? null : d.id)}>
                <Td>
                  <code className="text-xs">{d.eventType}</code>
                </Td>
                <Td>
                  <Badge tone={TONE[d.status]} className="capitalize">
                    {d.status}
                  </Badge>
                </Td>
                <Td>{d.attempts}</Td>
                <Td>{d.responseCode ?? '—'}</Td>
                <Td className="text-slate-500">
                  <span title={dateTime(d.createdAt)}>{relativeTime(d.createdAt)}</span>
                </Td>
              </tr>
              {open === d.id && (
                <tr className="bg-slate-50/70">
                  <td colSpan={5} className="px-5 py-3 text-xs text-slate-600">
                    <dl className="grid grid-cols-[8rem_1fr] gap-x-4 gap-y-1">
                      <dt className="text-slate-500">Event id</dt>
                      <dd className="font-mono">{d.eventId}</dd>
                      <dt className="text-slate-500">Delivered</dt>
                      <dd>{dateTime(d.deliveredAt)}</dd>
                      {d.status === 'pending' && (
                        <>
                          <dt className="text-slate-500">Next attempt</dt>
                          <dd>{dateTime(d.nextAttemptAt)}</dd>
                        </>
                      )}
                      {d.lastError && (
                        <>
                          <dt className="text-slate-500">Last error</dt>
                          <dd className="text-red-700">{FAILURE[d.lastError]}</dd>
                        </>
                      )}
                    </dl>
                  </td>
                </tr>
              )}
            </Fragment>
          ))}
        </tbody>
      </Table>
      {log.hasNextPage && (
        <div className="p-3 text-center">
          <Button variant="ghost" size="sm" busy={log.isFetchingNextPage} onClick={() => void log.fetchNextPage()}>
            Older deliveries
          </Button>
        </div>
      )}
    </div>
  );
}
