// A secret shown once (an API token, a signing or identity secret): the value to copy, with Done.
// Open while `secret` is set; the caller forgets it on close, so it cannot be shown again.
import type { ReactNode } from 'react';
import { Button } from './button.tsx';
import { CopyButton } from './copy-button.tsx';
import { Modal } from './modal.tsx';

export function SecretModal({
  secret,
  onClose,
  title,
  description,
  before,
  after,
}: {
  secret: string | null;
  onClose: () => void;
  title: ReactNode;
  description?: ReactNode;
  /** Shown above and below the value. */
  before?: ReactNode;
  after?: ReactNode;
}) {
  return (
    <Modal
      open={secret !== null}
      onClose={onClose}
      title={title}
      description={description}
      footer={<Button onClick={onClose}>Done</Button>}
    >
      {before}
      <div className="flex items-center gap-2">
        <code
          className="flex-1 overflow-x-auto rounded-md bg-slate-100 px-3 py-2 font-mono text-xs"
          data-testid="secret-value"
        >
          {secret}
        </code>
        <CopyButton value={secret ?? ''} />
      </div>
      {after}
    </Modal>
  );
}
