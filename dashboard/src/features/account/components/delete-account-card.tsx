// Delete my account (sudo mode): the user leaves every project and their account is gone; refused
// with an explanation while they are the last Manager of a project.
import { useState } from 'react';
import { Button } from '../../../components/ui/button.tsx';
import { Card, CardBody, CardHeader } from '../../../components/ui/card.tsx';
import { ConfirmDialog } from '../../../components/ui/confirm-dialog.tsx';
import { TrashIcon } from '../../../components/ui/icons.tsx';
import { FormError, Notice } from '../../../components/ui/states.tsx';
import { ApiError } from '../../../lib/api-client.ts';
import { signOutLocally } from '../../../lib/auth.tsx';
import { toast } from '../../../stores/toast-store.ts';
import { useDeleteAccount } from '../api/delete-account.ts';

export function DeleteAccountCard() {
  const [open, setOpen] = useState(false);
  const remove = useDeleteAccount();
  const lastManager = remove.error instanceof ApiError && remove.error.code === 'last_manager';
  const close = () => {
    setOpen(false);
    remove.reset();
  };
  return (
    <Card className="ring-red-200">
      <CardHeader title={<span className="text-red-700">Delete my account</span>} />
      <CardBody className="flex flex-wrap items-center justify-between gap-3">
        <p className="min-w-0 flex-1 text-sm text-slate-600">
          You leave every project and your sign-ins, 2FA and API tokens are deleted. Your replies stay in their
          conversations without your name.
        </p>
        <Button variant="danger" icon={<TrashIcon size={14} />} onClick={() => setOpen(true)}>
          Delete my account
        </Button>
      </CardBody>
      <ConfirmDialog
        open={open}
        onClose={close}
        title="Delete your account?"
        description="You are signed out everywhere at once. This cannot be undone."
        confirmLabel="Delete my account"
        busy={remove.isPending}
        disabled={lastManager}
        onConfirm={() =>
          remove.mutate(undefined, {
            onSuccess: () => {
              toast.success('Your account was deleted');
              signOutLocally();
            },
          })
        }
      >
        {lastManager ? (
          <Notice tone="warning" title="You are the last Manager of a project">
            A project needs a Manager. Make someone else a Manager in its Members settings, or delete the project under
            Settings → Data & privacy, then come back.
          </Notice>
        ) : (
          <FormError error={remove.error} />
        )}
      </ConfirmDialog>
    </Card>
  );
}
