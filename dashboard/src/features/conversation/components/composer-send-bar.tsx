// The composer's bottom-right corner: the length counter once the draft is too long, and the
// Send / Add note button.
import { Button } from '../../../components/ui/button.tsx';
import { LockIcon, SendIcon } from '../../../components/ui/icons.tsx';
import { LIMITS } from '../../../lib/protocol.ts';

export function ComposerSendBar({
  draft,
  note,
  disabled,
  onSend,
}: {
  draft: string;
  note: boolean;
  disabled: boolean;
  onSend: () => void;
}) {
  const tooLong = draft.length > LIMITS.bodyMax;
  return (
    <div className="absolute right-2 bottom-2 flex items-center gap-2">
      {tooLong && (
        <span className="text-xs text-red-600">
          {draft.length}/{LIMITS.bodyMax}
        </span>
      )}
      <Button
        size="sm"
        variant={note ? 'note' : 'primary'}
        onClick={onSend}
        disabled={!draft.trim() || disabled || tooLong}
        icon={note ? <LockIcon size={13} /> : <SendIcon size={13} />}
        data-testid="composer-send"
      >
        {note ? 'Add note' : 'Send'}
      </Button>
    </div>
  );
}
