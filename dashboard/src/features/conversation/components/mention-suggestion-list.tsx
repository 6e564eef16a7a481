// The teammates matching the "@name" being typed in a private note, above the composer.
import { Avatar } from '../../../components/ui/avatar.tsx';
import type { Teammate } from '../utils/mentions.ts';
import { SuggestionList } from './suggestion-list.tsx';

export function MentionSuggestionList({
  suggestions,
  highlight,
  onChoose,
  onHighlight,
}: {
  suggestions: Teammate[];
  highlight: number;
  onChoose: (teammate: Teammate) => void;
  onHighlight: (index: number) => void;
}) {
  return (
    <SuggestionList
      label="Mention a teammate"
      testId="mention-suggestions"
      items={suggestions}
      itemKey={(t) => t.id}
      highlight={highlight}
      onChoose={onChoose}
      onHighlight={onHighlight}
      renderItem={(t) => (
        <span className="flex items-center gap-2 text-sm">
          <Avatar name={t.name} seed={t.id} size="xs" />
          <span className="font-medium text-slate-800">{t.name}</span>
          {t.online !== undefined && (
            <span className="ml-auto inline-flex items-center gap-1 text-xs text-slate-500">
              <span
                className={
                  t.online ? 'block size-2 rounded-full bg-emerald-500' : 'block size-2 rounded-full bg-slate-300'
                }
              />
              {t.online ? 'Online' : 'Away'}
            </span>
          )}
        </span>
      )}
    />
  );
}
