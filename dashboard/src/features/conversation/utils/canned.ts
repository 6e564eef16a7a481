// Canned responses in the composer: finding the "/shortcut" being typed at the cursor, ranking
// the matches, and filling a response's placeholders ({{visitor.name}}, {{agent.name}}, …).

export interface CannedResponse {
  id: string;
  shortcut: string;
  title: string;
  body: string;
}

export interface SlashToken {
  /** Index of the "/" in the text. */
  start: number;
  /** Index just past the token. */
  end: number;
  query: string;
}

/** The "/word" the cursor is in, when it starts the text or follows whitespace. */
export function slashTokenAt(text: string, cursor: number): SlashToken | null {
  let start = cursor;
  while (start > 0 && !/\s/.test(text[start - 1] ?? '')) start--;
  if (text[start] !== '/') return null;
  let end = cursor;
  while (end < text.length && !/\s/.test(text[end] ?? '')) end++;
  const query = text.slice(start + 1, cursor);
  if (!/^[\w-]*$/.test(query)) return null;
  return { start, end, query };
}

/** Shortcut prefix matches first, then shortcut or title substrings. */
export function matchCanned(responses: CannedResponse[], query: string, limit = 8): CannedResponse[] {
  const q = query.toLowerCase();
  const prefix: CannedResponse[] = [];
  const contains: CannedResponse[] = [];
  for (const r of responses) {
    const shortcut = r.shortcut.toLowerCase();
    if (shortcut.startsWith(q)) prefix.push(r);
    else if (shortcut.includes(q) || r.title.toLowerCase().includes(q)) contains.push(r);
  }
  prefix.sort((a, b) => a.shortcut.length - b.shortcut.length || a.shortcut.localeCompare(b.shortcut));
  return [...prefix, ...contains].slice(0, limit);
}

export interface TemplateValues {
  visitorName: string | null;
  visitorEmail: string | null;
  agentName: string;
}

/** Fills {{visitor.name}}, {{visitor.first_name}}, {{visitor.email}}, {{agent.name}}; unknown ones stay. */
export function fillTemplate(body: string, values: TemplateValues): string {
  const firstName = values.visitorName?.trim().split(/\s+/)[0] ?? '';
  const table: Record<string, string> = {
    'visitor.name': values.visitorName?.trim() || 'there',
    'visitor.first_name': firstName || 'there',
    'visitor.email': values.visitorEmail ?? '',
    'agent.name': values.agentName,
    'agent.first_name': values.agentName.trim().split(/\s+/)[0] ?? values.agentName,
  };
  return body.replace(/\{\{\s*([\w.]+)\s*\}\}/g, (whole, name: string) => table[name] ?? whole);
}

/** The text with the slash token replaced by the filled response, and where the cursor goes. */
export function insertCanned(
  text: string,
  token: SlashToken,
  response: CannedResponse,
  values: TemplateValues,
): { text: string; cursor: number } {
  const filled = fillTemplate(response.body, values);
  const next = text.slice(0, token.start) + filled + text.slice(token.end);
  return { text: next, cursor: token.start + filled.length };
}
