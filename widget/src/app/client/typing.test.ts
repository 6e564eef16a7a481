// Typing reports are throttled: one "typing" per 3 s of keystrokes, one "stopped" after quiet.
import { afterEach, beforeEach, expect, it, vi } from 'vitest';
import { TypingReporter } from './typing.ts';

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

it('reports typing at most every 3 s and stopped after 4 s of quiet, once', () => {
  const reports: boolean[] = [];
  const typing = new TypingReporter(
    (on) => reports.push(on),
    () => Date.now(),
  );
  for (let i = 0; i < 10; i++) {
    typing.update(true);
    vi.advanceTimersByTime(500);
  }
  expect(reports).toEqual([true, true]);
  vi.advanceTimersByTime(4000);
  expect(reports).toEqual([true, true, false]);
  typing.update(false);
  expect(reports).toEqual([true, true, false]);
});

it('reports stopped at once when the message is sent', () => {
  const reports: boolean[] = [];
  const typing = new TypingReporter(
    (on) => reports.push(on),
    () => Date.now(),
  );
  typing.update(true);
  typing.update(false);
  expect(reports).toEqual([true, false]);
  vi.advanceTimersByTime(10_000);
  expect(reports).toEqual([true, false]);
});
