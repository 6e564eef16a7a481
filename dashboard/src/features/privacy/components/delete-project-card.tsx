// The danger zone of Data & privacy: erase the project with everything in it, after typing its
// name and confirming it is you (sudo mode).
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Button } from '../../../components/ui/button.tsx';
import { Card, CardBody, CardHeader } from '../../../components/ui/card.tsx';
import { ConfirmDialog } from '../../../components/ui/confirm-dialog.tsx';
import { TextField } from '../../../components/ui/field.tsx';
import { TrashIcon } from '../../../components/ui/icons.tsx';
import { FormError } from '../../../components/ui/states.tsx';
import { navigate } from '../../../lib/router.tsx';
import { toast } from '../../../stores/toast-store.ts';
import { useDeleteProject } from '../api/delete-project.ts';

export function DeleteProjectCard({ projectId, projectName }: { projectId: string; projectName: string }) {
  const [open, setOpen] = useState(false);
  const [typed, setTyped] = useState('');
  const remove = useDeleteProject();
  const queryClient = useQueryClient();
  const close = () => {
    setOpen(false);
    setTyped('');
    remove.reset();
  };
  return (
    <Card className="ring-red-200">
      <CardHeader title={<span className="text-red-700">Danger zone</span>} />
      <CardBody className="flex flex-wrap items-center justify-between gap-3">
        <div className="min-w-0 text-sm text-slate-600">
          <p className="font-medium text-slate-900">Delete this project</p>
          <p>Every conversation, visitor, member, setting and export of {projectName} is erased. There is no undo.</p>
        </div>
        <Button variant="danger" icon={<TrashIcon size={14} />} onClick={() => setOpen(true)}>
          Delete project
        </Button>
      </CardBody>
      <ConfirmDialog
        open={open}
        onClose={close}
        title={`Delete ${projectName}?`}
        description="Members lose access at once, the widget stops working and webhooks hear project.erased."
        size="md"
        confirmLabel="Delete for good"
        disabled={typed !== projectName}
        busy={remove.isPending}
        onConfirm={() =>
          remove.mutate(projectId, {
            onSuccess: () => {
              queryClient.removeQueries({ queryKey: ['projects', projectId] });
              void queryClient.invalidateQueries({ queryKey: ['project-list'] });
              toast.success(`${projectName} was deleted`);
              navigate('/', { replace: true });
            },
          })
        }
      >
        <div className="space-y-3">
          <TextField
            label={`Type the project's name, ${projectName}, to confirm`}
            value={typed}
            onChange={(e) => setTyped(e.target.value)}
            autoComplete="off"
          />
          <FormError error={remove.error} />
        </div>
      </ConfirmDialog>
    </Card>
  );
}
