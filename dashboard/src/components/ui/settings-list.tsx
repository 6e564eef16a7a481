// A settings page of things the team defines (labels, attributes, canned responses): the header
// with its "New …" button, the list (loading, failed, empty or filled) with Edit and Delete on
// each row, and the editor dialog. Each feature brings its rows, its editor and its words; who
// may define them (`canDefine`) hides every way to change the list.
import { type ReactNode, useState } from 'react';
import { toastResult } from '../../stores/toast-store.ts';
import { Button } from './button.tsx';
import { Card } from './card.tsx';
import { PlusIcon, TrashIcon } from './icons.tsx';
import { PageHeader } from './page.tsx';
import { LoadingBlock } from './spinner.tsx';
import { EmptyState, ErrorState } from './states.tsx';

interface ListQuery {
  isPending: boolean;
  isError: boolean;
  error: unknown;
  refetch: () => unknown;
}

interface DeleteMutation {
  mutate: (id: string, callbacks: { onSuccess: () => void; onError: (error: unknown) => void }) => void;
}

export function SettingsList<T extends { id: string }>({
  title,
  description,
  newLabel,
  canDefine,
  query,
  items,
  nameOf,
  confirmDelete,
  remove,
  empty,
  listTestId,
  rowClassName,
  renderRow,
  renderEditor,
  above,
  below,
}: {
  title: string;
  description: ReactNode;
  /** The header button: "New label". */
  newLabel: string;
  canDefine: boolean;
  query: ListQuery;
  /** The rows once the query has them. */
  items: readonly T[] | undefined;
  /** How a row is named in "Edit …", "Delete …" and "… deleted". */
  nameOf: (item: T) => string;
  /** The question asked before deleting; without it a row goes at once. */
  confirmDelete?: (item: T) => string;
  remove: DeleteMutation;
  empty: { icon: ReactNode; title: string; hint: string };
  listTestId: string;
  rowClassName: string;
  renderRow: (item: T) => ReactNode;
  /** The editor dialog, for an existing item or a new one (null). */
  renderEditor: (item: T | null, onClose: () => void) => ReactNode;
  /** Cards between the header and the list, and after the list. */
  above?: ReactNode;
  below?: ReactNode;
}) {
  const [editing, setEditing] = useState<T | 'new' | null>(null);
  const startNew = () => setEditing('new');

  const onDelete = (item: T) => {
    const name = nameOf(item);
    if (confirmDelete && !window.confirm(confirmDelete(item))) return;
    remove.mutate(item.id, toastResult(`${name} deleted`));
  };

  return (
    <div className="space-y-6">
      <PageHeader
        title={title}
        description={description}
        actions={
          canDefine && (
            <Button icon={<PlusIcon size={16} />} onClick={startNew}>
              {newLabel}
            </Button>
          )
        }
      />
      {above}
      <Card>
        {query.isPending ? (
          <LoadingBlock />
        ) : query.isError || !items ? (
          <ErrorState error={query.error} onRetry={() => void query.refetch()} />
        ) : items.length === 0 ? (
          <EmptyState
            icon={empty.icon}
            title={empty.title}
            description={canDefine ? empty.hint : 'A Manager can add them.'}
            action={canDefine && <Button onClick={startNew}>Add the first one</Button>}
          />
        ) : (
          <ul className="divide-y divide-slate-100" data-testid={listTestId}>
            {items.map((item) => (
              <li key={item.id} className={rowClassName}>
                {renderRow(item)}
                {canDefine && (
                  <div className="flex shrink-0 gap-1">
                    <Button
                      variant="ghost"
                      size="sm"
                      onClick={() => setEditing(item)}
                      aria-label={`Edit ${nameOf(item)}`}
                    >
                      Edit
                    </Button>
                    <Button
                      variant="ghost"
                      size="sm"
                      aria-label={`Delete ${nameOf(item)}`}
                      onClick={() => onDelete(item)}
                    >
                      <TrashIcon size={14} />
                    </Button>
                  </div>
                )}
              </li>
            ))}
          </ul>
        )}
      </Card>
      {below}
      {editing && renderEditor(editing === 'new' ? null : editing, () => setEditing(null))}
    </div>
  );
}
