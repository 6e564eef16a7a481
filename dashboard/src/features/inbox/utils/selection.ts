// The inbox's multi-select as pure rules over the list's order: toggling one row, Shift+click
// ranges (Gmail's: the clicked row's new state spreads over the range), "select all on this page",
// the header checkbox's state, and dropping ids that left the list. Capped at what one bulk change
// may name (contract: BULK_MAX), so a selection is always one request.
import { BULK_MAX } from '../../../../../contract/rest/conversations.ts';

export const SELECTION_MAX = BULK_MAX;

/** `id` on or off; a new one past the cap is not added. */
export function toggleSelection(selected: readonly string[], id: string, max = SELECTION_MAX): string[] {
  if (selected.includes(id)) return selected.filter((x) => x !== id);
  return selected.length >= max ? [...selected] : [...selected, id];
}

/**
 * Shift+click on `target` with `anchor` the row last toggled: every row between them (both
 * included) takes the state `target` is being given — on when it was off, off when it was on.
 * Without an anchor in the list it is a plain toggle. Rows added run from the anchor toward the
 * target and stop at the cap.
 */
export function rangeSelection(
  selected: readonly string[],
  order: readonly string[],
  anchor: string | null,
  target: string,
  max = SELECTION_MAX,
): string[] {
  const from = anchor === null ? -1 : order.indexOf(anchor);
  const to = order.indexOf(target);
  if (from === -1 || to === -1) return toggleSelection(selected, target, max);
  const step = to >= from ? 1 : -1;
  const range: string[] = [];
  for (let i = from; i !== to + step; i += step) {
    const id = order[i];
    if (id !== undefined) range.push(id);
  }
  if (selected.includes(target)) return selected.filter((x) => !range.includes(x));
  const out = [...selected];
  for (const id of range) {
    if (out.length >= max) break;
    if (!out.includes(id)) out.push(id);
  }
  return out;
}

/** "Select all on this page": the rows loaded, up to the cap, in list order. */
export function selectAllOnPage(order: readonly string[], max = SELECTION_MAX): string[] {
  return order.slice(0, max);
}

/** The header checkbox: every row it would select is selected (`all`), some are, or none. */
export function pageSelectionState(
  selected: readonly string[],
  order: readonly string[],
  max = SELECTION_MAX,
): 'none' | 'some' | 'all' {
  const chosen = new Set(selected);
  const inList = order.filter((id) => chosen.has(id)).length;
  if (inList === 0) return 'none';
  return inList >= Math.min(order.length, max) ? 'all' : 'some';
}

/** The selection without ids no longer in the list; the same array when nothing left (no store churn). */
export function pruneSelection(selected: readonly string[], order: readonly string[]): readonly string[] {
  const listed = new Set(order);
  return selected.every((id) => listed.has(id)) ? selected : selected.filter((id) => listed.has(id));
}
