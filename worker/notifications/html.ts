// The small HTML the notification emails and the Worker's own little pages share: every value
// escaped, no script, no inline style (the pages' CSP allows none).

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export const escapeHtml = (text: string): string => text.replace(/[&<>"']/g, (ch) => ENTITIES[ch] ?? ch);

/** Text with its line breaks kept. */
export const paragraph = (text: string): string => escapeHtml(text).replace(/\r?\n/g, '<br>');
