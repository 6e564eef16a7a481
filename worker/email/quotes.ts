// What is new in an email reply: the text above the quoted history and the signature. Mail clients
// quote in a handful of ways (Gmail "On … wrote:", Outlook's "-----Original Message-----" and its
// From:/Sent: block, Apple Mail's "Begin forwarded message:", ">" lines); replies are top-posted, so
// everything from the first marker down is dropped. Pure: tested by quotes.test.ts.

/** A line that opens the quoted history ("On Mon, 1 Jun 2026, Parley <…> wrote:") in several languages. */
const ATTRIBUTION = [
  /^on\b.+\bwrote:?$/i,
  /^le\b.+\ba écrit\s*:?$/i,
  /^am\b.+\bschrieb\b.*:$/i,
  /^el\b.+\bescribió\s*:?$/i,
  /^em\b.+\bescreveu\s*:?$/i,
  /^op\b.+\bschreef\b.*:$/i,
  /^il\b.+\bha scritto\s*:?$/i,
];

/** Lines that start the history on their own. */
const MARKERS = [
  /^-{2,}\s*original message\s*-{2,}$/i,
  /^-{2,}\s*forwarded message\s*-{2,}$/i,
  /^begin forwarded message:?$/i,
  /^_{10,}$/, // Outlook's rule above its From:/Sent: block
];

/** Where a signature starts: the RFC 3676 delimiter and the mobile clients' taglines. */
const SIGNATURE = [
  /^--\s?$/,
  /^sent from my (iphone|ipad|android|mobile|samsung|galaxy|blackberry)\b/i,
  /^sent from (outlook|mail) for\b/i,
  /^get outlook for (ios|android)/i,
  /^sent from yahoo mail\b/i,
];

/** Outlook's header block: "From: …" followed within a few lines by "Sent:"/"Date:" and "To:"/"Subject:". */
function outlookHeaderAt(lines: readonly string[], i: number): boolean {
  if (!/^\*?(from|de|von|van|da)\s*:\*?\s/i.test(lines[i] ?? '')) return false;
  const next = lines.slice(i + 1, i + 5).join('\n');
  return (
    /^\*?(sent|date|envoyé|gesendet|enviado|data)\s*:/im.test(next) &&
    /^\*?(to|subject|à|an|para|objet|betreff|assunto|asunto)\s*:/im.test(next)
  );
}

/** An attribution a client wrapped over two or three lines ("On …, Parley <\nreply+…> wrote:"). */
function wrappedAttributionAt(lines: readonly string[], i: number): boolean {
  const first = lines[i]?.trim() ?? '';
  if (!/^(on|le|am|el|em|op|il)\s/i.test(first)) return false;
  for (let n = 1; n <= 3 && i + n <= lines.length; n++) {
    const joined = lines
      .slice(i, i + n)
      .map((l) => l.trim())
      .join(' ');
    if (ATTRIBUTION.some((re) => re.test(joined))) return true;
  }
  return false;
}

/** The new text of a plain-text reply: no quoted history, no signature, no trailing blank lines. */
export function stripReply(text: string): string {
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  const kept: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? '';
    const trimmed = line.trim();
    if (MARKERS.some((re) => re.test(trimmed))) break;
    if (SIGNATURE.some((re) => re.test(line.trimEnd()) || re.test(trimmed))) break;
    if (wrappedAttributionAt(lines, i) || outlookHeaderAt(lines, i)) break;
    if (trimmed.startsWith('>')) continue;
    kept.push(line.trimEnd());
  }
  return kept
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' };

function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, name: string) => {
    if (name[0] === '#') {
      const code = name[1] === 'x' || name[1] === 'X' ? Number.parseInt(name.slice(2), 16) : Number(name.slice(1));
      return Number.isFinite(code) && code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    }
    return ENTITIES[name.toLowerCase()] ?? whole;
  });
}

/** Where an HTML reply's quoted history starts (Gmail, Outlook, Apple Mail, Thunderbird). */
const HTML_QUOTE_START =
  /<(blockquote\b|div[^>]*class="[^"]*gmail_(quote|signature)|div[^>]*id="(appendonsend|divRplyFwdMsg|mail-editor-reference-message-container)"|div[^>]*class="[^"]*moz-cite-prefix|hr\b[^>]*id="stopSpelling")/i;

/** The text of an HTML reply, its quoted history cut first, then tags dropped and entities decoded. */
export function htmlToText(html: string): string {
  const start = html.search(HTML_QUOTE_START);
  const body = start >= 0 ? html.slice(0, start) : html;
  return decodeEntities(
    body
      .replace(/<(head|style|script|title)\b[\s\S]*?<\/\1\s*>/gi, '')
      .replace(/<br\s*\/?>/gi, '\n')
      .replace(/<\/(p|div|li|tr|h[1-6])\s*>/gi, '\n')
      .replace(/<[^>]*>/g, '')
      .replace(/[ \t]+\n/g, '\n'),
  );
}

/** The new text of a parsed email: its text part, or its HTML part as text. */
export function replyText(parts: { text?: string | undefined; html?: string | undefined }): string {
  if (parts.text?.trim()) return stripReply(parts.text);
  if (parts.html?.trim()) return stripReply(htmlToText(parts.html));
  return '';
}
