// The composer's paper clip: opens the file picker (restricted to the project's types) and says
// in its tooltip what the project accepts, before anything is uploaded.
import { useRef } from 'react';
import { fileSize, typeLabels } from '../../../../../contract/attachment-limits.ts';
import type { AttachmentLimits } from '../../../../../contract/rest/conversation-settings.ts';
import { PaperclipIcon } from '../../../components/ui/icons.tsx';

export function attachmentHint(limits: AttachmentLimits): string {
  return limits.types.length
    ? `${typeLabels(limits.types)} · up to ${fileSize(limits.maxBytes)}`
    : 'This project accepts no attachments';
}

export function AttachmentButton({
  limits,
  disabled,
  onFiles,
}: {
  limits: AttachmentLimits;
  disabled?: boolean;
  onFiles: (files: File[]) => void;
}) {
  const input = useRef<HTMLInputElement>(null);
  const hint = attachmentHint(limits);
  return (
    <>
      <button
        type="button"
        onClick={() => input.current?.click()}
        disabled={disabled || limits.types.length === 0}
        title={hint}
        aria-label={`Attach a file (${hint})`}
        data-testid="composer-attach"
        className="grid size-8 place-items-center rounded-md text-slate-500 hover:bg-slate-100 hover:text-slate-700 focus-visible:outline-2 focus-visible:outline-brand-600 disabled:cursor-not-allowed disabled:opacity-50"
      >
        <PaperclipIcon size={16} />
      </button>
      <input
        ref={input}
        type="file"
        multiple
        hidden
        accept={limits.types.join(',')}
        data-testid="composer-file-input"
        onChange={(e) => {
          onFiles(Array.from(e.target.files ?? []));
          e.target.value = '';
        }}
      />
    </>
  );
}
