// The "@name" picker of private notes: the mention token at the cursor and the teammates it
// matches (never me), over the same list state and keys as the canned responses.
import { useCallback } from 'react';
import { type MentionToken, matchTeammates, mentionTokenAt, type Teammate } from '../utils/mentions.ts';
import { useSuggestions } from './use-suggestions.ts';

export function useMentionSuggestions(
  team: readonly Teammate[],
  meId: string,
  /** False in reply mode: "@" is then only a character. */
  enabled: boolean,
  insert: (teammate: Teammate, token: MentionToken) => void,
) {
  const find = useCallback(
    (text: string, cursor: number) => (enabled ? mentionTokenAt(text, cursor) : null),
    [enabled],
  );
  const match = useCallback((token: MentionToken) => matchTeammates(team, token.query, meId), [team, meId]);
  return useSuggestions({ find, match, insert });
}
