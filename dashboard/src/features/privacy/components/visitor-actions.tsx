// The Manager's actions at the foot of the visitor panel: block the visitor (their sockets close
// and their token is refused) and erase everything about them, each behind a confirmation.
import { useState } from 'react';
import { Button } from '../../../components/ui/button.tsx';
import { ConfirmDialog } from '../../../components/ui/confirm-dialog.tsx';
import { LockIcon, TrashIcon } from '../../../components/ui/icons.tsx';
import { paths } from '../../../config/paths.ts';
import { errorMessage } from '../../../lib/api-client.ts';
import { navigate } from '../../../lib/router.tsx';
import { toast } from '../../../stores/toast-store.ts';
import { useBlockVisitor } from '../api/block-visitor.ts';
import { useEraseVisitor } from '../api/erase-visitor.ts';

export function VisitorActions({
  projectId,
  visitorId,
  name,
  conversationIds,
}: {
  projectId: string;
  visitorId: string;
  name: string;
  /** Every conversation of theirs that is known here (the open one included). */
  conversationIds: string[];
}) {
  const [confirming, setConfirming] = useState<'block' | 'erase' | null>(null);
  const [blocked, setBlocked] = useState(false);
  const block = useBlockVisitor(projectId);
  const erase = useEraseVisitor(projectId);
  const count = conversationIds.length;
  const conversations = `${count} ${count === 1 ? 'conversation' : 'conversations'}`;
  const close = () => setConfirming(null);

  return (
    <div className="space-y-2 py-4" data-testid="visitor-actions">
      <p className="text-xs font-semibold tracking-wide text-slate-500 uppercase">Manage visitor</p>
      <Button
        variant="secondary"
        size="sm"
        className="w-full"
        icon={<LockIcon size={14} />}
        disabled={blocked}
        onClick={() => setConfirming('block')}
      >
        {blocked ? 'Visitor blocked' : 'Block visitor'}
      </Button>
      <Button
        variant="danger"
        size="sm"
        className="w-full"
        icon={<TrashIcon size={14} />}
        onClick={() => setConfirming('erase')}
      >
        Erase visitor’s data
      </Button>
      <ConfirmDialog
        open={confirming === 'block'}
        onClose={close}
        title={`Block ${name}?`}
        description="Their chat closes at once and the widget refuses them from now on. Their conversations stay."
        confirmLabel="Block visitor"
        busy={block.isPending}
        onConfirm={() =>
          block.mutate(visitorId, {
            onSuccess: () => {
              setBlocked(true);
              close();
              toast.success(`${name} is blocked`);
            },
            onError: (error) => toast.error(errorMessage(error)),
          })
        }
      />
      <ConfirmDialog
        open={confirming === 'erase'}
        onClose={close}
        title={`Erase ${name}’s data?`}
        confirmLabel="Erase everything"
        busy={erase.isPending}
        onConfirm={() =>
          erase.mutate(
            { visitorId, conversationIds },
            {
              onSuccess: () => {
                close();
                navigate(paths.inbox(projectId), { replace: true });
                toast.success(`${name}’s data was erased`);
              },
              onError: (error) => toast.error(errorMessage(error)),
            },
          )
        }
      >
        <div className="space-y-2 text-sm text-slate-600" data-testid="erase-visitor-summary">
          <p>This permanently deletes:</p>
          <ul className="list-disc space-y-1 pl-5">
            <li>{name}’s profile: name, email, the id on your site, their page and browser details</li>
            <li>their {conversations} with every message, private note and attachment</li>
            <li>exports that include them</li>
          </ul>
          <p className="font-medium text-slate-800">This cannot be undone.</p>
        </div>
      </ConfirmDialog>
    </div>
  );
}
