// The list preview of a message, the same for the events consumer (the row's
// last_message_preview) and the room (its own copy of the conversation after a commit).

/** The list preview of a message: its text, or the attachment's name. */
export function previewOf(body: string, attachmentName: string | null): string {
  const text = body.trim().replace(/\s+/g, ' ');
  if (text.length > 140) {
    // Never cut between the two halves of a surrogate pair: Postgres refuses a lone one in JSON.
    const end = /[\uD800-\uDBFF]/.test(text.charAt(138)) ? 138 : 139;
    return `${text.slice(0, end)}…`;
  }
  if (text) return text;
  return attachmentName ? `📎 ${attachmentName}` : '';
}
