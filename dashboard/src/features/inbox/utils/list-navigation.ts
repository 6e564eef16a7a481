// Moving through the inbox list from the keyboard: the row j/k lands on, and the row resolving
// the open conversation moves on to, as in every triage tool.

interface Row {
  id: string;
}

/** The row `delta` away from the selected one, held at the ends; the first row when none is selected. */
export function neighbourId(rows: readonly Row[], selectedId: string | null, delta: number): string | null {
  if (rows.length === 0) return null;
  const index = rows.findIndex((r) => r.id === selectedId);
  const nextIndex = index === -1 ? 0 : Math.min(rows.length - 1, Math.max(0, index + delta));
  return rows[nextIndex]?.id ?? null;
}

/** Where to go once the selected conversation is resolved: the row below, else the one above. */
export function nextAfterResolve(rows: readonly Row[], selectedId: string): string | null {
  const index = rows.findIndex((r) => r.id === selectedId);
  const next = rows[index + 1] ?? rows[index - 1];
  return next && next.id !== selectedId ? next.id : null;
}
