// Content type from the bytes themselves (magic numbers), never from the client's claim: an
// upload is what its first bytes say it is, or it is refused.
import { isStorableText } from '../../contract/text.ts';

const startsWith = (bytes: Uint8Array, sig: readonly number[], offset = 0) =>
  bytes.length >= offset + sig.length && sig.every((b, i) => bytes[offset + i] === b);

const ascii = (text: string) => [...text].map((ch) => ch.charCodeAt(0));

const SIGNATURES: readonly { type: string; test: (b: Uint8Array) => boolean }[] = [
  { type: 'image/png', test: (b) => startsWith(b, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]) },
  { type: 'image/jpeg', test: (b) => startsWith(b, [0xff, 0xd8, 0xff]) },
  { type: 'image/gif', test: (b) => startsWith(b, ascii('GIF87a')) || startsWith(b, ascii('GIF89a')) },
  { type: 'image/webp', test: (b) => startsWith(b, ascii('RIFF')) && startsWith(b, ascii('WEBP'), 8) },
  { type: 'application/pdf', test: (b) => startsWith(b, ascii('%PDF-')) },
];

/** Control characters other than tab, newline, form feed and carriage return. */
const isControl = (code: number) =>
  (code < 0x20 && code !== 0x09 && code !== 0x0a && code !== 0x0c && code !== 0x0d) || code === 0x7f;

/** Plain text: valid UTF-8 with no control characters other than tab, newline, carriage return, form feed. */
function isPlainText(bytes: Uint8Array): boolean {
  if (bytes.length === 0) return false;
  for (const b of bytes) if (isControl(b)) return false;
  try {
    new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
    return true;
  } catch {
    return false;
  }
}

/** Office Open XML (Word, Excel, PowerPoint): a ZIP whose entry names — kept uncompressed in its
 * headers and central directory — include the package's content types and the part that says which. */
const OFFICE: readonly { type: string; part: string }[] = [
  { type: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', part: 'word/document.xml' },
  { type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', part: 'xl/workbook.xml' },
  { type: 'application/vnd.openxmlformats-officedocument.presentationml.presentation', part: 'ppt/presentation.xml' },
];

function sniffOffice(bytes: Uint8Array): string | null {
  if (!startsWith(bytes, [0x50, 0x4b, 0x03, 0x04])) return null;
  // latin1 maps every byte to one character, so ASCII names are found where they are.
  const raw = new TextDecoder('latin1').decode(bytes);
  if (!raw.includes('[Content_Types].xml')) return null;
  return OFFICE.find((o) => raw.includes(o.part))?.type ?? null;
}

export function sniffContentType(bytes: Uint8Array): string | null {
  for (const s of SIGNATURES) if (s.test(bytes)) return s.type;
  const office = sniffOffice(bytes);
  if (office) return office;
  return isPlainText(bytes) ? 'text/plain' : null;
}

/** A file name safe to store and to put in a Content-Disposition header. */
export function cleanFileName(name: string | undefined): string {
  const base = (name ?? '').split(/[\\/]/).pop() ?? '';
  const kept = [...base]
    .filter((ch) => !isControl(ch.charCodeAt(0)) && !'"\t\n\r'.includes(ch) && isStorableText(ch))
    .join('')
    .trim();
  // Cut by characters, not UTF-16 units: half an emoji is a lone surrogate Postgres refuses.
  const cleaned = [...kept].slice(0, 200).join('');
  return cleaned || 'file';
}
