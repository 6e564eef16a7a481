// Settings › Attachments (Managers): the largest file and the types visitors and agents may
// attach. Both composers explain these limits before an upload starts; the server refuses
// anything outside them, whatever a client sends.
import { type FormEvent, useEffect, useState } from 'react';
import { fileSize } from '../../../../../contract/attachment-limits.ts';
import { ATTACHMENT_MAX_BYTES_CEILING, SNIFFABLE_TYPES } from '../../../../../contract/rest/conversation-settings.ts';
import { Button } from '../../../components/ui/button.tsx';
import { Card, CardBody, CardFooter, CardHeader } from '../../../components/ui/card.tsx';
import { TextField } from '../../../components/ui/field.tsx';
import { PageHeader } from '../../../components/ui/page.tsx';
import { LoadingBlock } from '../../../components/ui/spinner.tsx';
import { ErrorState, FormError } from '../../../components/ui/states.tsx';
import { toastResult } from '../../../stores/toast-store.ts';
import { useConversationSettingsForLimits, useUpdateAttachmentLimits } from '../api/attachment-limits.ts';

type Sniffable = (typeof SNIFFABLE_TYPES)[number];

const TYPE_GROUPS: { label: string; hint: string; types: Sniffable[] }[] = [
  {
    label: 'Images',
    hint: 'PNG, JPEG, GIF, WebP — shown inline',
    types: ['image/png', 'image/jpeg', 'image/gif', 'image/webp'],
  },
  { label: 'PDF', hint: 'Documents, invoices, forms', types: ['application/pdf'] },
  {
    label: 'Word documents',
    hint: '.docx',
    types: ['application/vnd.openxmlformats-officedocument.wordprocessingml.document'],
  },
  {
    label: 'Excel spreadsheets',
    hint: '.xlsx',
    types: ['application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'],
  },
  {
    label: 'PowerPoint presentations',
    hint: '.pptx',
    types: ['application/vnd.openxmlformats-officedocument.presentationml.presentation'],
  },
  { label: 'Plain text', hint: '.txt, logs', types: ['text/plain'] },
];

const MB = 1024 * 1024;
const MAX_MB = ATTACHMENT_MAX_BYTES_CEILING / MB;

export function AttachmentSettings({ projectId }: { projectId: string }) {
  const settings = useConversationSettingsForLimits(projectId);
  const update = useUpdateAttachmentLimits(projectId);
  const [megabytes, setMegabytes] = useState('10');
  const [types, setTypes] = useState<Set<string>>(new Set());
  const stored = settings.data;
  useEffect(() => {
    if (!stored) return;
    setMegabytes(String(+(stored.attachmentMaxBytes / MB).toFixed(2)));
    setTypes(new Set(stored.attachmentTypes));
  }, [stored]);

  const parsed = Number(megabytes);
  const sizeValid = Number.isFinite(parsed) && parsed >= 0.1 && parsed <= MAX_MB;

  if (settings.isPending) return <LoadingBlock />;
  if (settings.isError) return <ErrorState error={settings.error} onRetry={() => void settings.refetch()} />;
  const current = settings.data;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!sizeValid) return;
    const maxBytes = Math.round(parsed * MB);
    update.mutate(
      {
        autoAssign: current.autoAssign,
        attachmentMaxBytes: maxBytes,
        // Stored types the server no longer recognises are dropped on save.
        attachmentTypes: SNIFFABLE_TYPES.filter((t) => types.has(t)),
      },
      toastResult(`Attachment limits saved: up to ${fileSize(maxBytes)}`),
    );
  };

  const toggle = (group: Sniffable[], on: boolean) =>
    setTypes((before) => {
      const next = new Set(before);
      for (const t of group) {
        if (on) next.add(t);
        else next.delete(t);
      }
      return next;
    });

  return (
    <div className="space-y-6">
      <PageHeader
        title="Attachments"
        description="What visitors and agents may attach. Both composers explain these limits before an upload starts, and the server refuses anything else."
      />
      <Card>
        <CardHeader title="Limits" description="Types are recognised from the file's bytes, never from its name." />
        <form onSubmit={submit} data-testid="attachment-limits-form">
          <CardBody className="space-y-5">
            <TextField
              label="Largest file (MB)"
              name="attachmentMaxMegabytes"
              type="number"
              min={0.1}
              max={MAX_MB}
              step={0.1}
              value={megabytes}
              onChange={(e) => setMegabytes(e.target.value)}
              hint={`Up to ${MAX_MB} MB.`}
              error={sizeValid ? undefined : `A size from 0.1 to ${MAX_MB} MB`}
              className="max-w-48"
            />
            <fieldset className="space-y-2.5">
              <legend className="mb-2 text-sm font-medium text-slate-900">Accepted types</legend>
              {TYPE_GROUPS.map((group) => (
                <label key={group.label} className="flex items-start gap-2.5 text-sm text-slate-700">
                  <input
                    type="checkbox"
                    className="mt-0.5 size-4 rounded border-slate-300 text-brand-600 focus:ring-brand-500"
                    checked={group.types.every((t) => types.has(t))}
                    onChange={(e) => toggle(group.types, e.target.checked)}
                  />
                  <span>
                    <span className="font-medium text-slate-900">{group.label}</span>
                    <span className="block text-xs text-slate-600">{group.hint}</span>
                  </span>
                </label>
              ))}
              {types.size === 0 && (
                <p className="text-sm text-amber-800">With no type accepted, nobody can attach files.</p>
              )}
            </fieldset>
            <FormError error={update.error} />
          </CardBody>
          <CardFooter>
            <Button type="submit" busy={update.isPending} disabled={!sizeValid}>
              Save limits
            </Button>
          </CardFooter>
        </form>
      </Card>
    </div>
  );
}
