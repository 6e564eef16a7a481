// Canned responses: Managers add, edit and remove them; Agents see the list they can type.
import { type FormEvent, useState } from 'react';
import { Button } from '../../../components/ui/button.tsx';
import { TextArea, TextField } from '../../../components/ui/field.tsx';
import { ZapIcon } from '../../../components/ui/icons.tsx';
import { Modal } from '../../../components/ui/modal.tsx';
import { SettingsList } from '../../../components/ui/settings-list.tsx';
import { FormError } from '../../../components/ui/states.tsx';
import { toast } from '../../../stores/toast-store.ts';
import { useCreateCannedResponse } from '../api/create-canned-response.ts';
import { useDeleteCannedResponse } from '../api/delete-canned-response.ts';
import { type CannedResponse, useCannedResponses } from '../api/get-canned-responses.ts';
import { useUpdateCannedResponse } from '../api/update-canned-response.ts';

const SHORTCUT = /^[a-z0-9][a-z0-9_-]{0,31}$/;

export function CannedResponsesSettings({ projectId, canManage }: { projectId: string; canManage: boolean }) {
  const list = useCannedResponses(projectId);
  const remove = useDeleteCannedResponse(projectId);

  return (
    <SettingsList
      title="Canned responses"
      description={
        <>
          Saved replies anyone on the team can insert by typing{' '}
          <code className="rounded bg-slate-100 px-1">/shortcut</code> in the composer.{' '}
          <code className="rounded bg-slate-100 px-1">{'{{visitor.first_name}}'}</code> and{' '}
          <code className="rounded bg-slate-100 px-1">{'{{agent.name}}'}</code> are filled in.
        </>
      }
      newLabel="New response"
      canDefine={canManage}
      query={list}
      items={list.data}
      nameOf={(r) => `/${r.shortcut}`}
      remove={remove}
      empty={{
        icon: <ZapIcon />,
        title: 'No canned responses yet',
        hint: 'Save the answers your team types every day.',
      }}
      listTestId="canned-list"
      rowClassName="flex items-start gap-4 px-5 py-4"
      renderRow={(r) => (
        <>
          <code className="mt-0.5 shrink-0 rounded-md bg-brand-50 px-2 py-0.5 text-xs font-semibold text-brand-700">
            /{r.shortcut}
          </code>
          <div className="min-w-0 flex-1">
            <p className="text-sm font-medium text-slate-900">{r.title}</p>
            <p className="mt-0.5 line-clamp-2 text-sm whitespace-pre-wrap text-slate-500">{r.body}</p>
          </div>
        </>
      )}
      renderEditor={(response, onClose) => (
        <CannedResponseEditor projectId={projectId} response={response} onClose={onClose} />
      )}
    />
  );
}

function CannedResponseEditor({
  projectId,
  response,
  onClose,
}: {
  projectId: string;
  response: CannedResponse | null;
  onClose: () => void;
}) {
  const create = useCreateCannedResponse(projectId);
  const update = useUpdateCannedResponse(projectId);
  const [shortcut, setShortcut] = useState(response?.shortcut ?? '');
  const [title, setTitle] = useState(response?.title ?? '');
  const [body, setBody] = useState(response?.body ?? '');
  const mutation = response ? update : create;
  const shortcutError = shortcut && !SHORTCUT.test(shortcut) ? 'Lowercase letters, digits, - and _ (up to 32)' : null;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const input = { shortcut, title: title.trim(), body: body.trim() };
    const done = {
      onSuccess: () => {
        toast.success(response ? 'Saved' : `/${shortcut} added`);
        onClose();
      },
    };
    if (response) update.mutate({ id: response.id, input }, done);
    else create.mutate(input, done);
  };

  return (
    <Modal open onClose={onClose} title={response ? `Edit /${response.shortcut}` : 'New canned response'}>
      <form onSubmit={submit} className="space-y-4">
        <TextField
          label="Shortcut"
          value={shortcut}
          onChange={(e) => setShortcut(e.target.value.toLowerCase().replace(/^\//, ''))}
          placeholder="refund"
          error={shortcutError}
          hint="Typed as /shortcut in the composer."
          autoFocus
        />
        <TextField label="Title" value={title} onChange={(e) => setTitle(e.target.value)} placeholder="Refund policy" />
        <TextArea
          label="Message"
          value={body}
          rows={5}
          onChange={(e) => setBody(e.target.value)}
          placeholder="Hi {{visitor.first_name}}, you can ask for a refund within 30 days…"
        />
        <FormError error={mutation.error} />
        <div className="flex justify-end gap-2">
          <Button variant="secondary" onClick={onClose}>
            Cancel
          </Button>
          <Button
            type="submit"
            busy={mutation.isPending}
            disabled={!SHORTCUT.test(shortcut) || !title.trim() || !body.trim()}
          >
            {response ? 'Save' : 'Add response'}
          </Button>
        </div>
      </form>
    </Modal>
  );
}
