// A picker that follows a token typed at the cursor ("/shortcut", "@name"): which token, the items
// it matches, which one is highlighted, and what the list's keys do to it. The composer's canned
// responses and mentions are two uses of it, so both lists behave alike under the keyboard.
import { useMemo, useState } from 'react';
import { cycleIndex, type SuggestionKeyAction } from '../utils/composer-keys.ts';

export interface Suggestions<T> {
  open: boolean;
  suggestions: T[];
  highlight: number;
  setHighlight: (index: number) => void;
  close: () => void;
  choose: (item: T) => void;
  /** Follows the cursor: a new token (or none) starts with the first match highlighted. */
  track: (text: string, cursor: number) => void;
  onKey: (action: SuggestionKeyAction) => void;
}

export function useSuggestions<T, Token>({
  find,
  match,
  insert,
}: {
  /** The token at the cursor, or null. */
  find: (text: string, cursor: number) => Token | null;
  /** The items a token offers; none closes the list. */
  match: (token: Token) => T[];
  /** Puts the chosen item in place of the token. */
  insert: (item: T, token: Token) => void;
}): Suggestions<T> {
  const [token, setToken] = useState<Token | null>(null);
  const [highlight, setHighlight] = useState(0);
  const suggestions = useMemo(() => (token ? match(token) : []), [token, match]);
  const close = () => setToken(null);
  const choose = (item: T) => {
    if (!token) return;
    insert(item, token);
    close();
  };
  return {
    open: token !== null && suggestions.length > 0,
    suggestions,
    highlight: Math.min(highlight, Math.max(0, suggestions.length - 1)),
    setHighlight,
    close,
    choose,
    track: (text, cursor) => {
      setToken(find(text, cursor));
      setHighlight(0);
    },
    onKey: (action) => {
      if (action === 'highlight-next' || action === 'highlight-previous') {
        const delta = action === 'highlight-next' ? 1 : -1;
        setHighlight((h) => cycleIndex(h, delta, suggestions.length));
      } else if (action === 'close-suggestions') {
        close();
      } else {
        const chosen = suggestions[Math.min(highlight, suggestions.length - 1)];
        if (chosen) choose(chosen);
      }
    },
  };
}
