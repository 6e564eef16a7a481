// Splitting a list into runs of at most `size`, in order: statements and tasks with a bound.

/** `items` in consecutive runs of at most `size` (none for an empty list). */
export function chunksOf<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
