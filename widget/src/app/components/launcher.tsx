// The round button in the page corner: opens and closes the panel, shows the unread count.
import { ICON_PATH } from '../../contract.ts';

interface Props {
  open: boolean;
  label?: string;
  unread: number;
  openLabel: string;
  closeLabel: string;
  onToggle(): void;
  buttonRef: { current: HTMLButtonElement | null };
}

export function Launcher({ open, label, unread, openLabel, closeLabel, onToggle, buttonRef }: Props) {
  const name = open ? closeLabel : label ? label : openLabel;
  return (
    <button
      ref={buttonRef}
      type="button"
      class={`launcher${open ? ' is-open' : ''}`}
      aria-label={unread > 0 && !open ? `${name} (${unread})` : name}
      aria-expanded={open}
      aria-controls="parley-panel"
      onClick={onToggle}
    >
      <svg viewBox="0 0 24 24" aria-hidden="true">
        {open ? (
          <path d="M6.4 5 5 6.4 10.6 12 5 17.6 6.4 19l5.6-5.6 5.6 5.6 1.4-1.4-5.6-5.6L19 6.4 17.6 5 12 10.6z" />
        ) : (
          <path d={ICON_PATH} />
        )}
      </svg>
      {label && !open ? <span class="launcher-label">{label}</span> : null}
      {unread > 0 && !open ? (
        <span class="badge" aria-hidden="true">
          {unread > 99 ? '99+' : unread}
        </span>
      ) : null}
    </button>
  );
}
