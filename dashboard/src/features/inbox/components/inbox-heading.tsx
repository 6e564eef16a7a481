// The inbox column's title row: "Inbox" with the connection state, and the shortcut sheet button.
import { KeyboardIcon } from '../../../components/ui/icons.tsx';
import type { SocketStatus } from '../../../lib/ws-client.ts';
import { useInboxStore } from '../stores/inbox-store.ts';
import { ConnectionDot } from './connection-dot.tsx';

export function InboxHeading({ socketStatus }: { socketStatus: SocketStatus }) {
  const setShortcutsOpen = useInboxStore((s) => s.setShortcutsOpen);
  return (
    <div className="flex items-center justify-between">
      <h1 className="flex items-center gap-2 text-base font-semibold text-slate-900">
        Inbox
        <ConnectionDot status={socketStatus} />
      </h1>
      <button
        type="button"
        onClick={() => setShortcutsOpen(true)}
        className="rounded-md p-1.5 text-slate-400 hover:bg-slate-100 hover:text-slate-600"
        title="Keyboard shortcuts (?)"
        aria-label="Keyboard shortcuts"
      >
        <KeyboardIcon size={16} />
      </button>
    </div>
  );
}
