// The inbox column's title row: "Inbox" with the connection state, the shortcut sheet button, and
// on a phone "Select", which shows the rows' checkboxes (a desktop shows them on hover and focus).
import { KeyboardIcon } from '../../../components/ui/icons.tsx';
import type { SocketStatus } from '../../../lib/ws-client.ts';
import { useInboxStore } from '../stores/inbox-store.ts';
import { useSelectionStore } from '../stores/selection-store.ts';
import { ConnectionDot } from './connection-dot.tsx';

export function InboxHeading({ socketStatus, canSelect }: { socketStatus: SocketStatus; canSelect: boolean }) {
  const setShortcutsOpen = useInboxStore((s) => s.setShortcutsOpen);
  const setSelecting = useSelectionStore((s) => s.setSelecting);
  return (
    <div className="flex items-center justify-between">
      <h1 className="flex items-center gap-2 text-base font-semibold text-slate-900">
        Inbox
        <ConnectionDot status={socketStatus} />
      </h1>
      {canSelect && (
        <button
          type="button"
          onClick={() => setSelecting(true)}
          className="ml-auto rounded-md px-2 py-1 text-sm font-medium text-brand-700 hover:bg-slate-100 md:hidden"
        >
          Select
        </button>
      )}
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
