// The composer's paper clip: opens the file picker (restricted to the project's types) and says
// what the project accepts in its tooltip, before anything is uploaded.

import { fileSize, typeLabels } from '../../../../contract/attachment-limits.ts';
import type { AttachmentLimits } from '../client/api.ts';
import type { Dictionary } from '../i18n.ts';

interface Props {
  limits: AttachmentLimits;
  t(key: keyof Dictionary, vars?: Record<string, string | number>): string;
  onFiles(files: File[]): void;
}

export function AttachmentButton({ limits, t, onFiles }: Props) {
  const hint = t('attachHint', { types: typeLabels(limits.types), size: fileSize(limits.maxBytes) });
  return (
    <label class="attach" title={hint}>
      <input
        type="file"
        multiple
        class="sr-only"
        accept={limits.types.join(',')}
        aria-label={`${t('attach')} (${hint})`}
        onChange={(e) => {
          const input = e.currentTarget;
          onFiles(Array.from(input.files ?? []));
          input.value = '';
        }}
      />
      <svg viewBox="0 0 24 24" aria-hidden="true">
        <path d="M16.5 6.5v10a4.5 4.5 0 0 1-9 0V5a3 3 0 0 1 6 0v10.5a1.5 1.5 0 0 1-3 0V6.5H9v9a3 3 0 0 0 6 0V5a4.5 4.5 0 0 0-9 0v11.5a6 6 0 0 0 12 0v-10z" />
      </svg>
    </label>
  );
}
