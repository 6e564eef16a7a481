// Puts a piece of text (an emoji from a picker) where the caret is in a composer's text, replacing
// the selection, and says where the caret goes after it. Tiny and data-free: the widget's composer
// imports it on first load while the emoji list itself loads lazily.

export function insertAt(text: string, start: number, end: number, piece: string): { text: string; caret: number } {
  const from = Math.max(0, Math.min(start, text.length));
  const to = Math.max(from, Math.min(end, text.length));
  return { text: text.slice(0, from) + piece + text.slice(to), caret: from + piece.length };
}
