// Snooze presets relative to now, in the agent's local time: later today, tomorrow morning,
// next Monday morning.

export interface SnoozeOption {
  id: string;
  label: string;
  until: Date;
}

function at9(date: Date): Date {
  const d = new Date(date);
  d.setHours(9, 0, 0, 0);
  return d;
}

export function snoozeOptions(now: Date): SnoozeOption[] {
  const inOneHour = new Date(now.getTime() + 60 * 60_000);
  const inFourHours = new Date(now.getTime() + 4 * 60 * 60_000);
  const tomorrow = at9(new Date(now.getFullYear(), now.getMonth(), now.getDate() + 1));
  const daysToMonday = (8 - now.getDay()) % 7 || 7;
  const monday = at9(new Date(now.getFullYear(), now.getMonth(), now.getDate() + daysToMonday));
  return [
    { id: '1h', label: 'In 1 hour', until: inOneHour },
    { id: '4h', label: 'In 4 hours', until: inFourHours },
    { id: 'tomorrow', label: 'Tomorrow, 9:00', until: tomorrow },
    { id: 'monday', label: 'Next Monday, 9:00', until: monday },
  ];
}

/** A `<input type="datetime-local">` value → an ISO instant in the future, or null. */
export function parseLocalDateTime(value: string, now: Date): string | null {
  if (!value) return null;
  const date = new Date(value);
  if (Number.isNaN(date.getTime()) || date.getTime() <= now.getTime()) return null;
  return date.toISOString();
}
