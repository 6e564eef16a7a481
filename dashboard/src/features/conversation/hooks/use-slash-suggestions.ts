// The "/shortcut" picker: the slash token at the cursor and the canned responses it matches
// (the list's state and keys are hooks/use-suggestions.ts, shared with the mention picker).
import { useCallback } from 'react';
import { type CannedResponse, matchCanned, type SlashToken, slashTokenAt } from '../utils/canned.ts';
import { useSuggestions } from './use-suggestions.ts';

export function useSlashSuggestions(
  cannedResponses: CannedResponse[],
  /** Puts the chosen response in place of the token. */
  insert: (response: CannedResponse, token: SlashToken) => void,
) {
  const match = useCallback((token: SlashToken) => matchCanned(cannedResponses, token.query), [cannedResponses]);
  return useSuggestions({ find: slashTokenAt, match, insert });
}
