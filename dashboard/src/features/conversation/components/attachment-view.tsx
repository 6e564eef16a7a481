// An attachment in the thread: an image as a thumbnail that opens a lightbox, any other file as a
// card with its name and size linking to its signed download.
import { useState } from 'react';
import { fileSize, isInlineImage } from '../../../../../contract/attachment-limits.ts';
import { ExternalLinkIcon, FileTextIcon } from '../../../components/ui/icons.tsx';
import { Modal } from '../../../components/ui/modal.tsx';
import { apiUrl } from '../../../lib/api-origin.ts';
import { cn } from '../../../lib/cn.ts';
import type { Message } from '../../../lib/protocol.ts';

export function AttachmentView({
  attachment,
  outgoing,
}: {
  attachment: NonNullable<Message['attachment']>;
  /** On the agent's own (brand-coloured) bubble. */
  outgoing: boolean;
}) {
  const [open, setOpen] = useState(false);
  const [broken, setBroken] = useState(false);
  const href = apiUrl(attachment.url);
  if (isInlineImage(attachment.contentType) && !broken) {
    return (
      <>
        <button
          type="button"
          onClick={() => setOpen(true)}
          aria-label={`View image: ${attachment.name}`}
          className="mt-1 block cursor-zoom-in overflow-hidden rounded-lg focus-visible:outline-2 focus-visible:outline-brand-600"
          data-testid="attachment-image"
        >
          <img
            src={href}
            alt={attachment.name}
            loading="lazy"
            onError={() => setBroken(true)}
            className="block max-h-52 max-w-full min-w-12 object-cover sm:max-w-64"
          />
        </button>
        <Modal open={open} onClose={() => setOpen(false)} title={attachment.name} size="lg">
          <img src={href} alt={attachment.name} className="mx-auto max-h-[70vh] max-w-full object-contain" />
          <a
            href={href}
            target="_blank"
            rel="noreferrer"
            className="mt-3 inline-flex items-center gap-1 text-sm font-medium text-brand-700 hover:underline"
          >
            Open original <ExternalLinkIcon size={12} />
          </a>
        </Modal>
      </>
    );
  }
  return (
    <a
      href={href}
      target="_blank"
      rel="noreferrer"
      download={attachment.name}
      data-testid="attachment-file"
      className={cn(
        'mt-1 flex max-w-64 items-center gap-2.5 rounded-lg px-2.5 py-2 whitespace-normal no-underline ring-1',
        outgoing
          ? 'bg-white/10 text-white ring-white/30 hover:bg-white/20'
          : 'bg-slate-50 text-slate-800 ring-slate-200 hover:bg-slate-100',
      )}
    >
      <FileTextIcon size={20} className="shrink-0" />
      <span className="min-w-0">
        <span className="block truncate text-sm font-medium">{attachment.name}</span>
        <span className={cn('block text-xs', outgoing ? 'text-brand-100' : 'text-slate-500')}>
          {fileSize(attachment.size)}
        </span>
      </span>
    </a>
  );
}
