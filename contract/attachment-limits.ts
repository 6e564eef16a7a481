// The project's attachment limits as both composers explain them before an upload starts (the
// file button's hint, a refusal's words), sizes as people read them, and a file's type as the
// browser names it. Plain functions, no zod: the widget bundles this. The server checks the same
// limits again on every upload, from the bytes (worker/conversations/sniff.ts).

/** image/png → PNG, application/pdf → PDF, the Office types by name. */
const label = (type: string) =>
  type.startsWith('image/')
    ? type.slice(6).toUpperCase()
    : type === 'application/pdf'
      ? 'PDF'
      : type.includes('wordprocessing')
        ? 'Word'
        : type.includes('spreadsheet')
          ? 'Excel'
          : type.includes('presentation')
            ? 'PowerPoint'
            : type === 'text/plain'
              ? 'TXT'
              : type;

/** "PNG, JPEG, PDF, Word" */
export const typeLabels = (types: readonly string[]) => types.map(label).join(', ');

/** 2 KB, 1.5 MB: rounded up, so a file just over a limit never reads as the limit itself. */
export const fileSize = (bytes: number) =>
  bytes < 1024 * 1024 ? `${Math.max(1, Math.ceil(bytes / 1024))} KB` : `${Math.ceil(bytes / 104857.6) / 10} MB`;

/** Images shown inline (thumbnails, the lightbox); other types are file cards. */
export const isInlineImage = (contentType: string) =>
  contentType === 'image/png' ||
  contentType === 'image/jpeg' ||
  contentType === 'image/gif' ||
  contentType === 'image/webp';
