// Typing reports are throttled: one "typing" per 3 s of keystrokes, one "stopped" after quiet.
import { afterEach, beforeEach, expect, it, vi } from 'vitest';
import { TypingReporter } from './typing.ts';

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

function reporter() {
  const reports: boolean[] = [];
  const privacy: boolean[] = [];
  const typing = new TypingReporter(
    (on, isPrivate) => {
      reports.push(on);
      privacy.push(isPrivate);
    },
    () => Date.now(),
  );
  return { typing, reports, privacy };
}

it('reports typing at most every 3 s and stopped after 4 s of quiet, once', () => {
  const { typing, reports } = reporter();
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
  const { typing, reports } = reporter();
  typing.update(true);
  typing.update(false);
  expect(reports).toEqual([true, false]);
  vi.advanceTimersByTime(10_000);
  expect(reports).toEqual([true, false]);
});

it('reports a switch between reply and private note at once', () => {
  const { typing, reports, privacy } = reporter();
  typing.update(true, true);
  typing.update(true, true);
  typing.update(true, false);
  expect(reports).toEqual([true, true]);
  expect(privacy).toEqual([true, false]);
});

it('stop() cancels the pending "stopped"', () => {
  const { typing, reports } = reporter();
  typing.update(true);
  typing.stop();
  vi.advanceTimersByTime(10_000);
  expect(reports).toEqual([true]);
});
