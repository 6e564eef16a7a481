// Webhooks: endpoints with their events, enable/disable, secret rotation and delivery log, plus
// the project's failed events with replay.
import { type FormEvent, useState } from 'react';
import { Badge } from '../../../components/ui/badge.tsx';
import { Button } from '../../../components/ui/button.tsx';
import { Card, CardHeader } from '../../../components/ui/card.tsx';
import { TextField } from '../../../components/ui/field.tsx';
import {
  ChevronDownIcon,
  ChevronRightIcon,
  KeyIcon,
  PlusIcon,
  TrashIcon,
  ZapIcon,
} from '../../../components/ui/icons.tsx';
import { Modal } from '../../../components/ui/modal.tsx';
import { PageHeader } from '../../../components/ui/page.tsx';
import { SecretModal } from '../../../components/ui/secret-modal.tsx';
import { LoadingBlock } from '../../../components/ui/spinner.tsx';
import { EmptyState, ErrorState, FormError } from '../../../components/ui/states.tsx';
import { Switch } from '../../../components/ui/switch.tsx';
import { errorMessage } from '../../../lib/api-client.ts';
import { cn } from '../../../lib/cn.ts';
import { relativeTime } from '../../../lib/format.ts';
import { toast, toastResult } from '../../../stores/toast-store.ts';
import { useCreateWebhook } from '../api/create-webhook.ts';
import { useDeleteWebhook } from '../api/delete-webhook.ts';
import { useFailedEvents } from '../api/get-failed-events.ts';
import { EVENT_TYPES, useWebhooks, type WebhookEndpoint } from '../api/get-webhooks.ts';
import { useReplayFailedEvent } from '../api/replay-failed-event.ts';
import { useRotateWebhookSecret } from '../api/rotate-webhook-secret.ts';
import { useUpdateWebhook } from '../api/update-webhook.ts';
import { DeliveryLog } from './delivery-log.tsx';

export function WebhooksSettings({ projectId }: { projectId: string }) {
  const endpoints = useWebhooks(projectId);
  const [adding, setAdding] = useState(false);
  const [secret, setSecret] = useState<string | null>(null);
  return (
    <div className="space-y-6">
      <PageHeader
        title="Webhooks"
        description="Parley POSTs signed JSON to your endpoints when conversations and members change."
        actions={
          <Button icon={<PlusIcon size={16} />} onClick={() => setAdding(true)}>
            Add endpoint
          </Button>
        }
      />
      <Card>
        {endpoints.isPending ? (
          <LoadingBlock />
        ) : endpoints.isError ? (
          <ErrorState error={endpoints.error} onRetry={() => void endpoints.refetch()} />
        ) : endpoints.data.length === 0 ? (
          <EmptyState
            icon={<ZapIcon />}
            title="No endpoints yet"
            description="Send new messages and conversation changes to your CRM, Slack bridge or data warehouse."
            action={<Button onClick={() => setAdding(true)}>Add an endpoint</Button>}
          />
        ) : (
          <ul className="divide-y divide-slate-100" data-testid="webhook-endpoints">
            {endpoints.data.map((e) => (
              <EndpointRow key={e.id} projectId={projectId} endpoint={e} onSecret={setSecret} />
            ))}
          </ul>
        )}
      </Card>
      <FailedEvents projectId={projectId} />
      {adding && (
        <AddEndpointModal
          projectId={projectId}
          onClose={() => setAdding(false)}
          onCreated={(s) => {
            setAdding(false);
            setSecret(s);
          }}
        />
      )}
      <SecretModal
        secret={secret}
        onClose={() => setSecret(null)}
        title="Signing secret"
        description="Verify the x-parley-signature header with it. It is shown only now."
      />
    </div>
  );
}

function EndpointRow({
  projectId,
  endpoint: e,
  onSecret,
}: {
  projectId: string;
  endpoint: WebhookEndpoint;
  onSecret: (secret: string) => void;
}) {
  const [expanded, setExpanded] = useState(false);
  const update = useUpdateWebhook(projectId);
  const remove = useDeleteWebhook(projectId);
  const rotate = useRotateWebhookSecret(projectId);
  return (
    <li>
      <div className="flex items-start gap-4 px-5 py-4">
        <button
          type="button"
          onClick={() => setExpanded(!expanded)}
          className="mt-0.5 rounded p-0.5 text-slate-400 hover:bg-slate-100"
          aria-expanded={expanded}
          aria-label="Show deliveries"
        >
          {expanded ? <ChevronDownIcon size={16} /> : <ChevronRightIcon size={16} />}
        </button>
        <div className="min-w-0 flex-1">
          <div className="flex items-center gap-2">
            <p className="truncate font-mono text-sm text-slate-900">{e.url}</p>
            {!e.enabled ? (
              <Badge tone="red">Disabled</Badge>
            ) : e.consecutiveFailures > 0 ? (
              <Badge tone="amber">Failing ×{e.consecutiveFailures}</Badge>
            ) : (
              <Badge tone="green">Active</Badge>
            )}
          </div>
          {e.description && <p className="mt-0.5 text-sm text-slate-500">{e.description}</p>}
          {e.disabledReason && <p className="mt-0.5 text-xs text-red-600">{e.disabledReason}</p>}
          <div className="mt-2 flex flex-wrap gap-1">
            {(e.eventTypes.length ? e.eventTypes : ['all events']).map((t) => (
              <code key={t} className="rounded bg-slate-100 px-1.5 py-0.5 text-[11px] text-slate-600">
                {t}
              </code>
            ))}
          </div>
        </div>
        <div className="flex shrink-0 items-center gap-1">
          <Switch
            checked={e.enabled}
            disabled={update.isPending}
            label={<span className="sr-only">Enabled</span>}
            onChange={(enabled) =>
              update.mutate(
                { endpointId: e.id, patch: { enabled } },
                { onError: (error) => toast.error(errorMessage(error)) },
              )
            }
          />
          <Button
            variant="ghost"
            size="sm"
            title="Rotate the signing secret"
            aria-label="Rotate the signing secret"
            busy={rotate.isPending}
            onClick={() =>
              rotate.mutate(e.id, {
                onSuccess: (r) => onSecret(r.secret),
                onError: (error) => toast.error(errorMessage(error)),
              })
            }
          >
            <KeyIcon size={14} />
          </Button>
          <Button
            variant="ghost"
            size="sm"
            aria-label="Delete endpoint"
            busy={remove.isPending}
            onClick={() => remove.mutate(e.id, toastResult('Endpoint deleted'))}
          >
            <TrashIcon size={14} />
          </Button>
        </div>
      </div>
      {expanded && (
        <div className="border-t border-slate-100 bg-slate-50/40">
          <DeliveryLog projectId={projectId} endpointId={e.id} />
        </div>
      )}
    </li>
  );
}

function AddEndpointModal({
  projectId,
  onClose,
  onCreated,
}: {
  projectId: string;
  onClose: () => void;
  onCreated: (secret: string) => void;
}) {
  const create = useCreateWebhook(projectId);
  const [url, setUrl] = useState('');
  const [description, setDescription] = useState('');
  const [events, setEvents] = useState<string[]>([]);
  const toggle = (t: string) => setEvents((list) => (list.includes(t) ? list.filter((x) => x !== t) : [...list, t]));
  const submit = (event: FormEvent) => {
    event.preventDefault();
    create.mutate(
      { url: url.trim(), description: description.trim(), eventTypes: events },
      { onSuccess: (r) => onCreated(r.secret) },
    );
  };
  return (
    <Modal open onClose={onClose} title="Add a webhook endpoint">
      <form onSubmit={submit} className="space-y-4">
        <TextField
          label="Endpoint URL"
          type="url"
          value={url}
          onChange={(e) => setUrl(e.target.value)}
          placeholder="https://example.com/parley/webhook"
          autoFocus
        />
        <TextField
          label="Description"
          value={description}
          onChange={(e) => setDescription(e.target.value)}
          placeholder="CRM sync"
        />
        <fieldset>
          <legend className="mb-1.5 text-sm font-medium text-slate-700">Events</legend>
          <p className="mb-2 text-xs text-slate-500">None selected = every event.</p>
          <div className="grid grid-cols-2 gap-1.5">
            {EVENT_TYPES.map((t) => (
              <label
                key={t}
                className={cn(
                  'flex cursor-pointer items-center gap-2 rounded-md px-2 py-1.5 text-xs ring-1',
                  events.includes(t) ? 'bg-brand-50 ring-brand-300' : 'ring-slate-200 hover:bg-slate-50',
                )}
              >
                <input
                  type="checkbox"
                  checked={events.includes(t)}
                  onChange={() => toggle(t)}
                  className="accent-brand-600"
                />
                <code>{t}</code>
              </label>
            ))}
          </div>
        </fieldset>
        <FormError error={create.error} />
        <div className="flex justify-end gap-2">
          <Button variant="secondary" onClick={onClose}>
            Cancel
          </Button>
          <Button type="submit" busy={create.isPending} disabled={!url.trim()}>
            Add endpoint
          </Button>
        </div>
      </form>
    </Modal>
  );
}

function FailedEvents({ projectId }: { projectId: string }) {
  const failed = useFailedEvents(projectId);
  const replay = useReplayFailedEvent(projectId);
  return (
    <Card>
      <CardHeader
        title="Failed events"
        description="Events whose processing kept failing. Replay one once the cause is fixed."
      />
      {failed.isPending ? (
        <LoadingBlock />
      ) : failed.isError ? (
        <ErrorState error={failed.error} onRetry={() => void failed.refetch()} />
      ) : failed.data.length === 0 ? (
        <EmptyState title="Nothing failed" description="Every event was processed." />
      ) : (
        <ul className="divide-y divide-slate-100">
          {failed.data.map((ev) => (
            <li key={ev.eventId} className="flex items-center gap-4 px-5 py-3">
              <div className="min-w-0 flex-1">
                <p className="text-sm">
                  <code className="text-xs">{ev.type}</code>{' '}
                  {ev.deadLetteredAt && <Badge tone="red">Dead-lettered</Badge>}
                </p>
                <p className="truncate text-xs text-red-700">{ev.lastError}</p>
                <p className="text-xs text-slate-500">
                  {ev.attempts} attempts · {relativeTime(ev.updatedAt)}
                </p>
              </div>
              <Button
                variant="secondary"
                size="sm"
                busy={replay.isPending && replay.variables === ev.eventId}
                onClick={() => replay.mutate(ev.eventId, toastResult('Replayed'))}
              >
                Replay
              </Button>
            </li>
          ))}
        </ul>
      )}
    </Card>
  );
}
