// Merging another contact into this one: find it by name, email or attribute, then confirm. Its
// visitors and conversations move here; this contact's own values win.
import { useDeferredValue, useState } from 'react';
import type { Contact } from '../../../../../contract/rest/contacts.ts';
import { Button } from '../../../components/ui/button.tsx';
import { TextField } from '../../../components/ui/field.tsx';
import { Modal } from '../../../components/ui/modal.tsx';
import { Spinner } from '../../../components/ui/spinner.tsx';
import { FormError } from '../../../components/ui/states.tsx';
import { cn } from '../../../lib/cn.ts';
import { toast } from '../../../stores/toast-store.ts';
import { useContacts } from '../api/get-contacts.ts';
import { useMergeContacts } from '../api/merge-contacts.ts';
import { contactName } from '../utils/contact-name.ts';

export function MergeContactDialog({
  projectId,
  keep,
  onClose,
}: {
  projectId: string;
  keep: Contact;
  onClose: () => void;
}) {
  const [search, setSearch] = useState('');
  const q = useDeferredValue(search.trim());
  const list = useContacts(projectId, q);
  const merge = useMergeContacts(projectId, keep.id);
  const [picked, setPicked] = useState<Contact | null>(null);
  const candidates = (list.data?.pages[0]?.contacts ?? []).filter((c) => c.id !== keep.id).slice(0, 8);
  return (
    <Modal open onClose={onClose} title={`Merge into ${contactName(keep)}`}>
      <div className="space-y-4">
        <p className="text-sm text-slate-500">
          The contact you pick is merged into this one: its visitors and conversations move here, and it is deleted.
        </p>
        <TextField
          label="Find the other contact"
          value={search}
          onChange={(e) => setSearch(e.target.value)}
          autoFocus
        />
        {list.isPending ? (
          <Spinner size={14} className="text-slate-400" />
        ) : (
          <ul className="max-h-64 space-y-1 overflow-y-auto" data-testid="merge-candidates">
            {candidates.map((c) => (
              <li key={c.id}>
                <button
                  type="button"
                  onClick={() => setPicked(c)}
                  aria-pressed={picked?.id === c.id}
                  className={cn(
                    'w-full rounded-lg px-3 py-2 text-left text-sm ring-1',
                    picked?.id === c.id ? 'bg-brand-50 ring-brand-600' : 'ring-slate-200 hover:bg-slate-50',
                  )}
                >
                  <span className="font-medium text-slate-900">{contactName(c)}</span>
                  <span className="block truncate text-xs text-slate-500">
                    {c.email ?? 'No email'} · {c.verified ? 'verified' : 'unverified'}
                  </span>
                </button>
              </li>
            ))}
            {candidates.length === 0 && <li className="text-sm text-slate-500">No other contact matches.</li>}
          </ul>
        )}
        <FormError error={merge.error} />
        <div className="flex justify-end gap-2">
          <Button variant="secondary" onClick={onClose}>
            Cancel
          </Button>
          <Button
            disabled={!picked}
            busy={merge.isPending}
            onClick={() =>
              picked &&
              merge.mutate(picked.id, {
                onSuccess: () => {
                  toast.success(`${contactName(picked)} merged`);
                  onClose();
                },
              })
            }
          >
            Merge
          </Button>
        </div>
      </div>
    </Modal>
  );
}
