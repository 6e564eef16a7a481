// The "/shortcut" picker's state: the slash token at the cursor, the canned responses it
// matches, which one is highlighted, and what the list's keys do to it.
import { useMemo, useState } from 'react';
import { type CannedResponse, matchCanned, type SlashToken, slashTokenAt } from '../utils/canned.ts';
import { cycleIndex, type SuggestionKeyAction } from '../utils/composer-keys.ts';

export function useSlashSuggestions(
  cannedResponses: CannedResponse[],
  /** Puts the chosen response in place of the token. */
  insert: (response: CannedResponse, token: SlashToken) => void,
) {
  const [token, setToken] = useState<SlashToken | null>(null);
  const [highlight, setHighlight] = useState(0);
  const suggestions = useMemo(() => (token ? matchCanned(cannedResponses, token.query) : []), [token, cannedResponses]);
  const close = () => setToken(null);
  const choose = (response: CannedResponse) => {
    if (!token) return;
    insert(response, token);
    close();
  };
  return {
    open: token !== null && suggestions.length > 0,
    suggestions,
    highlight,
    setHighlight,
    close,
    choose,
    /** Follows the cursor: a new token (or none) starts with the first match highlighted. */
    track: (text: string, cursor: number) => {
      setToken(slashTokenAt(text, cursor));
      setHighlight(0);
    },
    onKey: (action: SuggestionKeyAction) => {
      if (action === 'highlight-next' || action === 'highlight-previous') {
        const delta = action === 'highlight-next' ? 1 : -1;
        setHighlight((h) => cycleIndex(h, delta, suggestions.length));
      } else if (action === 'close-suggestions') {
        close();
      } else {
        const chosen = suggestions[highlight];
        if (chosen) choose(chosen);
      }
    },
  };
}
