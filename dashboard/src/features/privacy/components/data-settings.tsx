// Settings → Data & privacy (Managers): how long resolved conversations are kept, exports of the
// project's data with their download links, and the danger zone.
import { type FormEvent, useEffect, useState } from 'react';
import { RETENTION_DAYS_MAX } from '../../../../../contract/rest/conversation-settings.ts';
import { Badge } from '../../../components/ui/badge.tsx';
import { Button } from '../../../components/ui/button.tsx';
import { Card, CardBody, CardFooter, CardHeader } from '../../../components/ui/card.tsx';
import { TextField } from '../../../components/ui/field.tsx';
import { ExternalLinkIcon, FileTextIcon } from '../../../components/ui/icons.tsx';
import { PageHeader } from '../../../components/ui/page.tsx';
import { LoadingBlock } from '../../../components/ui/spinner.tsx';
import { EmptyState, ErrorState, FormError } from '../../../components/ui/states.tsx';
import { relativeTime } from '../../../lib/format.ts';
import { toastResult } from '../../../stores/toast-store.ts';
import { useConversationSettings, useUpdateRetention } from '../api/conversation-settings.ts';
import { useCreateExport, useExports } from '../api/exports.ts';
import { exportStatusText } from '../utils/erasure.ts';
import { DeleteProjectCard } from './delete-project-card.tsx';
import { MessageDeletionCard } from './message-deletion-card.tsx';

const SCOPE_LABELS = { project: 'Project export', visitor: 'Visitor export', conversation: 'Conversation export' };

export function DataSettings({ projectId, projectName }: { projectId: string; projectName: string }) {
  return (
    <div className="space-y-6">
      <PageHeader
        title="Data & privacy"
        description="Keep only what you need, hand people their data, and erase a project for good."
      />
      <RetentionCard projectId={projectId} />
      <MessageDeletionCard projectId={projectId} />
      <ExportsCard projectId={projectId} />
      <DeleteProjectCard projectId={projectId} projectName={projectName} />
    </div>
  );
}

function RetentionCard({ projectId }: { projectId: string }) {
  const settings = useConversationSettings(projectId);
  const update = useUpdateRetention(projectId);
  const [enabled, setEnabled] = useState(false);
  const [days, setDays] = useState('365');
  const stored = settings.data?.resolvedRetentionDays;
  useEffect(() => {
    if (stored === undefined) return;
    setEnabled(stored !== null);
    if (stored !== null) setDays(String(stored));
  }, [stored]);
  const parsed = Number(days);
  const valid = !enabled || (Number.isInteger(parsed) && parsed >= 1 && parsed <= RETENTION_DAYS_MAX);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!settings.data || !valid) return;
    update.mutate(
      { current: settings.data, days: enabled ? parsed : null },
      toastResult(enabled ? `Resolved conversations are kept ${parsed} days` : 'Retention off'),
    );
  };

  return (
    <Card>
      <CardHeader
        title="Retention"
        description="Resolved conversations nobody touched for this long are erased automatically, with their messages and attachments."
      />
      {settings.isPending ? (
        <LoadingBlock />
      ) : settings.isError ? (
        <ErrorState error={settings.error} onRetry={() => void settings.refetch()} />
      ) : (
        <form onSubmit={submit} data-testid="retention-form">
          <CardBody className="space-y-3">
            <fieldset className="space-y-2 text-sm text-slate-700">
              <legend className="sr-only">Retention</legend>
              <label className="flex items-center gap-2">
                <input type="radio" name="retention" checked={!enabled} onChange={() => setEnabled(false)} />
                Keep resolved conversations (off)
              </label>
              <label className="flex items-center gap-2">
                <input type="radio" name="retention" checked={enabled} onChange={() => setEnabled(true)} />
                Erase them after a number of days
              </label>
            </fieldset>
            {enabled && (
              <TextField
                label="Days after the last activity"
                type="number"
                min={1}
                max={RETENTION_DAYS_MAX}
                value={days}
                onChange={(e) => setDays(e.target.value)}
                error={valid ? undefined : `A whole number from 1 to ${RETENTION_DAYS_MAX}`}
                className="max-w-48"
              />
            )}
            <FormError error={update.error} />
          </CardBody>
          <CardFooter>
            <Button type="submit" busy={update.isPending} disabled={!valid}>
              Save retention
            </Button>
          </CardFooter>
        </form>
      )}
    </Card>
  );
}

function ExportsCard({ projectId }: { projectId: string }) {
  const exports = useExports(projectId);
  const create = useCreateExport(projectId);
  return (
    <Card>
      <CardHeader
        title="Exports"
        description="One JSON file with the project's visitors, conversations, messages and attachment links. Links are kept for 7 days."
        actions={
          <Button
            size="sm"
            busy={create.isPending}
            onClick={() => create.mutate({ scope: 'project' }, toastResult('Export started'))}
          >
            Export project data
          </Button>
        }
      />
      {exports.isPending ? (
        <LoadingBlock />
      ) : exports.isError ? (
        <ErrorState error={exports.error} onRetry={() => void exports.refetch()} />
      ) : exports.data.length === 0 ? (
        <EmptyState icon={<FileTextIcon />} title="No exports yet" />
      ) : (
        <ul className="divide-y divide-slate-100" data-testid="exports-list">
          {exports.data.map((e) => (
            <li key={e.id} className="flex flex-wrap items-center gap-3 px-5 py-3" data-status={e.status}>
              <div className="min-w-0 flex-1">
                <p className="text-sm font-medium text-slate-900">
                  {SCOPE_LABELS[e.scope]}{' '}
                  <Badge tone={e.status === 'ready' ? 'green' : e.status === 'failed' ? 'red' : 'amber'}>
                    {exportStatusText(e)}
                  </Badge>
                </p>
                <p className="text-xs text-slate-500">
                  Requested {relativeTime(e.createdAt)} · kept until {new Date(e.expiresAt).toLocaleDateString()}
                </p>
              </div>
              {e.downloadUrl && (
                <a
                  href={e.downloadUrl}
                  download
                  className="inline-flex items-center gap-1 text-sm font-medium text-brand-700 hover:underline"
                  data-testid="export-download"
                >
                  Download <ExternalLinkIcon size={12} />
                </a>
              )}
            </li>
          ))}
        </ul>
      )}
    </Card>
  );
}
