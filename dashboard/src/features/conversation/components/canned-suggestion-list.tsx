// The canned responses matching the "/shortcut" being typed, above the composer.
import { ZapIcon } from '../../../components/ui/icons.tsx';
import type { CannedResponse } from '../utils/canned.ts';
import { SuggestionList } from './suggestion-list.tsx';

export function CannedSuggestionList({
  suggestions,
  highlight,
  onChoose,
  onHighlight,
}: {
  suggestions: CannedResponse[];
  highlight: number;
  onChoose: (response: CannedResponse) => void;
  onHighlight: (index: number) => void;
}) {
  return (
    <SuggestionList
      label="Canned responses"
      testId="canned-suggestions"
      items={suggestions}
      itemKey={(r) => r.id}
      highlight={highlight}
      onChoose={onChoose}
      onHighlight={onHighlight}
      renderItem={(r) => (
        <>
          <span className="flex items-center gap-2 text-sm">
            <ZapIcon size={12} className="text-brand-500" />
            <span className="font-mono text-xs font-semibold text-brand-700">/{r.shortcut}</span>
            <span className="font-medium text-slate-800">{r.title}</span>
          </span>
          <span className="mt-0.5 line-clamp-1 text-xs text-slate-500">{r.body}</span>
        </>
      )}
    />
  );
}
