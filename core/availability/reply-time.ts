// The measured expected-reply time: the median of first-response delays (seconds) of conversations
// that began inside business hours. Pure; the Worker reads the samples and caches the answer.
import type { BusinessHours } from '../../contract/availability.ts';
import { isOpen } from './hours.ts';

/** One conversation: when it began and when an agent first answered (ms). */
export interface ResponseSample {
  createdAt: number;
  firstResponseAt: number;
}

/** The median delay in whole seconds of the samples that began within the hours; null with none. */
export function medianFirstResponse(hours: BusinessHours, samples: readonly ResponseSample[]): number | null {
  const delays = samples
    .filter((s) => isOpen(hours, s.createdAt))
    .map((s) => Math.max(0, (s.firstResponseAt - s.createdAt) / 1000))
    .sort((a, b) => a - b);
  if (delays.length === 0) return null;
  const mid = Math.floor(delays.length / 2);
  const median = delays.length % 2 === 1 ? (delays[mid] ?? 0) : ((delays[mid - 1] ?? 0) + (delays[mid] ?? 0)) / 2;
  return Math.round(median);
}
