// The composer's keyboard and send rules, kept apart from React: what a key does while canned
// suggestions are open or not, which draft may be sent, and how the highlight wraps.
import { LIMITS } from '../../../lib/protocol.ts';

/** What a key does to the open list of canned suggestions. */
export type SuggestionKeyAction = 'highlight-next' | 'highlight-previous' | 'choose-suggestion' | 'close-suggestions';

export type ComposerKeyAction = SuggestionKeyAction | 'send' | 'leave';

export interface ComposerKeyPress {
  key: string;
  shiftKey: boolean;
  /** True while an input method is composing: its Enter confirms the composition, not the message. */
  isComposing: boolean;
}

/** What a key press in the composer does; null leaves the key to the textarea. */
export function composerKeyAction(press: ComposerKeyPress, suggesting: boolean): ComposerKeyAction | null {
  if (suggesting) {
    if (press.key === 'ArrowDown') return 'highlight-next';
    if (press.key === 'ArrowUp') return 'highlight-previous';
    if (press.key === 'Enter' || press.key === 'Tab') return 'choose-suggestion';
    if (press.key === 'Escape') return 'close-suggestions';
  }
  if (press.key === 'Enter' && !press.shiftKey && !press.isComposing) return 'send';
  if (press.key === 'Escape') return 'leave';
  return null;
}

/** The trimmed body to send, or null when it is empty, too long, or the composer is disabled. */
export function sendableBody(draft: string, disabled: string | null | undefined): string | null {
  const body = draft.trim();
  if (!body || disabled || body.length > LIMITS.bodyMax) return null;
  return body;
}

/** An index moved by delta through `length` items, wrapping at both ends. */
export function cycleIndex(index: number, delta: number, length: number): number {
  return (index + delta + length) % length;
}
