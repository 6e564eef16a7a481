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

/** 2 KB, 1.5 MB */
export const fileSize = (bytes: number) =>
  bytes < 1024 * 1024 ? `${Math.max(1, Math.ceil(bytes / 1024))} KB` : `${+(bytes / 1048576).toFixed(1)} MB`;

/** Types by extension, for files the browser gives no type (some pickers, some drops). */
const BY_EXTENSION: Record<string, string> = {
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  gif: 'image/gif',
  webp: 'image/webp',
  pdf: 'application/pdf',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  pptx: 'application/vnd.openxmlformats-officedocument.presentationml.presentation',
  txt: 'text/plain',
};

/** The type a browser gives a file, or the one its extension implies. */
export const typeOfFile = (file: { name: string; type: string }) =>
  file.type || BY_EXTENSION[file.name.split('.').pop()?.toLowerCase() ?? ''] || '';

/** Why a file is outside the limits, before it is uploaded: null when it fits. */
export function refusal(
  file: { name: string; type: string; size: number },
  limits: { maxBytes: number; types: readonly string[] },
): { reason: 'too_large' | 'type'; size: string; max: string; types: string } | null {
  const words = { size: fileSize(file.size), max: fileSize(limits.maxBytes), types: typeLabels(limits.types) };
  if (file.size > limits.maxBytes) return { reason: 'too_large', ...words };
  if (!limits.types.includes(typeOfFile(file))) return { reason: 'type', ...words };
  return null;
}

/** Images shown inline (thumbnails, the lightbox); other types are file cards. */
export const isInlineImage = (contentType: string) =>
  contentType === 'image/png' ||
  contentType === 'image/jpeg' ||
  contentType === 'image/gif' ||
  contentType === 'image/webp';
