// The header's Snooze menu: the presets (in an hour, tomorrow morning, …) and a custom time.
import { useState } from 'react';
import { Button } from '../../../components/ui/button.tsx';
import { CheckIcon, ClockIcon } from '../../../components/ui/icons.tsx';
import { parseLocalDateTime, snoozeOptions } from '../utils/snooze.ts';
import { HeaderMenu } from './header-menu.tsx';

export function SnoozeMenu({
  busy,
  onSnooze,
  align,
}: {
  busy: boolean;
  onSnooze: (until: string) => void;
  align?: 'left' | 'right';
}) {
  const [custom, setCustom] = useState('');
  const now = new Date();
  const items = snoozeOptions(now).map((o) => ({
    id: o.id,
    label: o.label,
    hint: o.until.toLocaleString('en', { weekday: 'short', hour: '2-digit', minute: '2-digit' }),
    onSelect: () => onSnooze(o.until.toISOString()),
  }));
  return (
    <HeaderMenu
      label="Snooze"
      header="Snooze until"
      icon={<ClockIcon size={14} />}
      items={items}
      busy={busy}
      align={align}
      footer={(close) => (
        <form
          className="mt-1 flex gap-1.5 border-t border-slate-100 px-3 pt-2 pb-1.5"
          onSubmit={(e) => {
            e.preventDefault();
            const until = parseLocalDateTime(custom, new Date());
            if (until) {
              onSnooze(until);
              close();
            }
          }}
        >
          <input
            type="datetime-local"
            value={custom}
            onChange={(e) => setCustom(e.target.value)}
            className="min-w-0 flex-1 rounded-md border-0 px-2 py-1 text-base ring-1 ring-slate-300 md:text-xs"
            aria-label="Snooze until"
          />
          <Button type="submit" size="sm" variant="secondary" disabled={!parseLocalDateTime(custom, now)}>
            <CheckIcon size={14} />
          </Button>
        </form>
      )}
    >
      Snooze
    </HeaderMenu>
  );
}
