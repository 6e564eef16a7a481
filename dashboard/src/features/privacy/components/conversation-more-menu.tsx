// The conversation header's "More" menu for Managers: delete the conversation (the visitor
// stays), behind a confirmation; the inbox forgets it and the view goes back to the inbox.
import { useState } from 'react';
import { Button } from '../../../components/ui/button.tsx';
import { ConfirmDialog } from '../../../components/ui/confirm-dialog.tsx';
import { ChevronDownIcon, TrashIcon } from '../../../components/ui/icons.tsx';
import { Menu } from '../../../components/ui/menu.tsx';
import { paths } from '../../../config/paths.ts';
import { errorMessage } from '../../../lib/api-client.ts';
import { navigate } from '../../../lib/router.tsx';
import { toast } from '../../../stores/toast-store.ts';
import { useEraseConversation } from '../api/erase-conversation.ts';

export function ConversationMoreMenu({
  projectId,
  conversationId,
  visitorId,
  visitorName,
}: {
  projectId: string;
  conversationId: string;
  visitorId: string;
  visitorName: string;
}) {
  const [confirming, setConfirming] = useState(false);
  const erase = useEraseConversation(projectId);
  const close = () => setConfirming(false);
  return (
    <>
      <Menu
        label="More actions"
        align="right"
        items={[
          {
            id: 'delete',
            label: <span className="text-red-700">Delete conversation</span>,
            icon: <TrashIcon size={14} className="text-red-600" />,
            onSelect: () => setConfirming(true),
          },
        ]}
        trigger={({ toggle }) => (
          <Button variant="secondary" size="sm" onClick={toggle} icon={<ChevronDownIcon size={14} />}>
            More
          </Button>
        )}
      />
      <ConfirmDialog
        open={confirming}
        onClose={close}
        title="Delete this conversation?"
        description={`Every message, private note and attachment of this conversation with ${visitorName} is erased for good. ${visitorName} and their other conversations stay.`}
        confirmLabel="Delete conversation"
        busy={erase.isPending}
        onConfirm={() =>
          erase.mutate(
            { conversationId, visitorId },
            {
              onSuccess: () => {
                close();
                navigate(paths.inbox(projectId), { replace: true });
                toast.success('Conversation deleted');
              },
              onError: (error) => toast.error(errorMessage(error)),
            },
          )
        }
      />
    </>
  );
}
