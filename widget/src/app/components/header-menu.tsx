// The header's menu (⋯), once opened: its one item asks for the transcript (transcript-form.tsx).
// In the lazy chunk of rare views (rare-views.tsx); the ⋯ button itself is in panel.tsx.
import type { Dictionary } from '../i18n.ts';

export function HeaderMenu({ t, onTranscript }: { t(key: keyof Dictionary): string; onTranscript(): void }) {
  return (
    <div class="menu" role="menu">
      <button type="button" role="menuitem" onClick={onTranscript}>
        {t('transcript')}
      </button>
    </div>
  );
}
