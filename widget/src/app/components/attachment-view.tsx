// An attachment in a message: an image as a thumbnail that opens the lightbox, any other file as
// a card with its name and size linking to its signed download. An image the page's CSP or the
// network will not show falls back to the card.
import { useState } from 'preact/hooks';
import { fileSize, isInlineImage } from '../../../../contract/attachment-limits.ts';
import { safeHref } from '../../../../ui-shared/linkify.ts';
import type { Dictionary } from '../i18n.ts';

interface Props {
  file: { name: string; contentType: string; size: number; url: string };
  apiBase: string;
  t(key: keyof Dictionary): string;
  onView(image: { url: string; name: string }): void;
}

export function AttachmentView({ file, apiBase, t, onView }: Props) {
  const [broken, setBroken] = useState(false);
  const href = safeHref(new URL(file.url, apiBase).href);
  if (!href) return null;
  if (isInlineImage(file.contentType) && !broken) {
    return (
      <button
        type="button"
        class="thumb"
        aria-label={`${t('viewImage')}: ${file.name}`}
        onClick={() => onView({ url: href, name: file.name })}
      >
        <img src={href} alt={file.name} loading="lazy" onError={() => setBroken(true)} />
      </button>
    );
  }
  return (
    <a class="bubble file-card" href={href} target="_blank" rel="noopener noreferrer nofollow" download={file.name}>
      <svg viewBox="0 0 24 24" aria-hidden="true">
        <path d="M14 2H6a2 2 0 0 0-2 2v16a2 2 0 0 0 2 2h12a2 2 0 0 0 2-2V8zm0 1.5L18.5 8H14zM8 12h8v1.5H8zm0 3.5h8V17H8z" />
      </svg>
      <span class="file-name">{file.name}</span>
      <span class="file-size">{fileSize(file.size)}</span>
    </a>
  );
}
