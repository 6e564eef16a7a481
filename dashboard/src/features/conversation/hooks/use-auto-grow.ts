// Grows a textarea with its text, up to a height limit.
import { type RefObject, useEffect } from 'react';

export function useAutoGrow(ref: RefObject<HTMLTextAreaElement | null>, value: string, maxHeight: number): void {
  // biome-ignore lint/correctness/useExhaustiveDependencies: runs when the text changes
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    el.style.height = 'auto';
    el.style.height = `${Math.min(el.scrollHeight, maxHeight)}px`;
  }, [value]);
}
