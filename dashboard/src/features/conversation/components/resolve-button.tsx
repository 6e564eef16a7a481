// The header's last action: Resolve an open conversation (also "e"), or Reopen a resolved one.
import { Button } from '../../../components/ui/button.tsx';
import { CircleCheckIcon, RefreshIcon } from '../../../components/ui/icons.tsx';

export function ResolveButton({
  resolved,
  busy,
  onStatus,
}: {
  resolved: boolean;
  busy: boolean;
  onStatus: (status: 'open' | 'resolved') => void;
}) {
  if (resolved) {
    return (
      <Button
        variant="secondary"
        size="sm"
        icon={<RefreshIcon size={14} />}
        busy={busy}
        onClick={() => onStatus('open')}
      >
        Reopen
      </Button>
    );
  }
  return (
    <Button
      size="sm"
      icon={<CircleCheckIcon size={14} />}
      busy={busy}
      onClick={() => onStatus('resolved')}
      title="Resolve (e)"
    >
      Resolve
    </Button>
  );
}
