// Whether a file fits the project's attachment limits, checked in the browser before an upload
// starts (the server checks again, from the bytes). Apart from attachment-limits.ts so the widget
// loads this only with its upload code.
import { fileSize, typeLabels } from './attachment-limits.ts';

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
