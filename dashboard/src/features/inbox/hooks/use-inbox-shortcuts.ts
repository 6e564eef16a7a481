// The inbox's keyboard shortcuts: j/k move through the list, e resolves, a assigns to me, p opens
// the Priority menu, r jumps to the reply box, l opens the label picker, x selects the focused row
// for a bulk change, Escape clears the selection, / searches, ? opens the shortcut sheet. Ignored
// while typing.
import { useEffect, useRef } from 'react';

export interface ShortcutHandlers {
  next: () => void;
  previous: () => void;
  resolve: () => void;
  assignToMe: () => void;
  /** `p`: the open conversation's Priority menu. */
  priority: () => void;
  reply: () => void;
  search: () => void;
  labels: () => void;
  select: () => void;
  clearSelection: () => void;
  help: () => void;
}

export const SHORTCUTS: { keys: string[]; label: string }[] = [
  { keys: ['j'], label: 'Next conversation' },
  { keys: ['k'], label: 'Previous conversation' },
  { keys: ['e'], label: 'Resolve the open conversation' },
  { keys: ['a'], label: 'Assign the open conversation to me' },
  { keys: ['p'], label: 'Set the open conversation’s priority' },
  { keys: ['r'], label: 'Reply (focus the composer)' },
  { keys: ['l'], label: 'Label the open conversation' },
  { keys: ['x'], label: 'Select the focused conversation (Shift+click: a range)' },
  { keys: ['/'], label: 'Search messages' },
  { keys: ['?'], label: 'Show this list' },
  { keys: ['Esc'], label: 'Leave the composer or search, or clear the selection' },
  { keys: ['Enter'], label: 'Send (Shift+Enter for a new line)' },
];

const NOT_TYPED = new Set(['checkbox', 'radio', 'button', 'submit', 'reset']);

export function isTypingTarget(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  const tag = target.tagName;
  // A row's checkbox takes no text: x and Escape still work on it.
  if (target instanceof HTMLInputElement) return !NOT_TYPED.has(target.type);
  return tag === 'TEXTAREA' || tag === 'SELECT' || target.isContentEditable;
}

export function keyToAction(key: string): keyof ShortcutHandlers | null {
  switch (key) {
    case 'j':
      return 'next';
    case 'k':
      return 'previous';
    case 'e':
      return 'resolve';
    case 'a':
      return 'assignToMe';
    case 'p':
      return 'priority';
    case 'r':
      return 'reply';
    case '/':
      return 'search';
    case 'l':
      return 'labels';
    case 'x':
      return 'select';
    case 'Escape':
      return 'clearSelection';
    case '?':
      return 'help';
    default:
      return null;
  }
}

export function useInboxShortcuts(handlers: ShortcutHandlers): void {
  const ref = useRef(handlers);
  ref.current = handlers;
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.metaKey || event.ctrlKey || event.altKey) return;
      if (isTypingTarget(event.target)) return;
      if (document.querySelector('dialog[open]') && event.key !== '?') return;
      const action = keyToAction(event.key);
      if (!action) return;
      // An Escape a menu already used (it closed the menu) clears nothing.
      if (action === 'clearSelection' && event.defaultPrevented) return;
      // Escape has nothing of the browser's to stop here; others may still want it.
      if (action !== 'clearSelection') event.preventDefault();
      ref.current[action]();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
}
