// What the data scenario measures: the requests the dashboard makes, through the Worker's API, on
// the seeded project. Routes other branches are building (the label filter, contacts search,
// reports) are looked up in the Worker's own OpenAPI document and planned only when there; each
// missing one becomes a `skipped: <route> not present` line instead.
import { COMMON_WORD, orderNumber, type Seeded, UNCOMMON_WORD } from './seed.ts';

interface Parameter {
  name: string;
  in: string;
  required?: boolean;
}
/** The part of the OpenAPI document the plan reads. */
export interface OpenApiDoc {
  paths: Record<string, Record<string, { parameters?: Parameter[] } | undefined> | undefined>;
}

export interface Measured {
  /** The row's name in the table. */
  name: string;
  /** The request for the n-th sample (rotating through agents, conversations, order numbers). */
  path: (n: number) => string;
  /** Walk this many pages of `path(0)` first and measure the next one (keyset pagination). */
  pageDepth?: number;
}

export interface Plan {
  measured: Measured[];
  skipped: string[];
}

/** The dashboard's inbox page size (dashboard/src/features/inbox/api/get-conversations.ts). */
export const INBOX_PAGE = 30;
const PROJECT = '/api/projects/{projectId}';

function queryParams(doc: OpenApiDoc, path: string): Parameter[] {
  return (doc.paths[path]?.get?.parameters ?? []).filter((p) => p.in === 'query');
}

/** The first of `names` the operation takes as a query parameter. */
function paramOf(doc: OpenApiDoc, path: string, names: string[]): string | undefined {
  const params = queryParams(doc, path).map((p) => p.name);
  return names.find((n) => params.includes(n));
}

const ymd = (d: Date) => d.toISOString().slice(0, 10);

export function plan(seeded: Seeded, doc: OpenApiDoc, now = new Date()): Plan {
  const base = `/api/projects/${seeded.projectId}/conversations`;
  const list = (q: string) => `${base}?limit=${INBOX_PAGE}${q ? `&${q}` : ''}`;
  const pick = <T>(xs: T[], n: number): T => {
    const x = xs[n % xs.length];
    if (x === undefined) throw new Error('nothing seeded to pick from');
    return x;
  };
  // Agent 1 is the caller (the Manager); the others rotate.
  const others = seeded.agentIds.slice(1);
  const measured: Measured[] = [
    { name: 'inbox: all', path: () => list('') },
    { name: 'inbox: status=open', path: () => list('status=open') },
    { name: 'inbox: status=resolved', path: () => list('status=resolved') },
    { name: 'inbox: status=snoozed (rare)', path: () => list('status=snoozed') },
    { name: 'inbox: assignee (each agent in turn)', path: (n) => list(`assignee=${pick(others, n)}`) },
    { name: 'inbox: mine, status=open', path: () => list('mine=true&status=open') },
    { name: 'inbox: unassigned', path: () => list('unassigned=true') },
    { name: 'inbox: unassigned, status=open', path: () => list('unassigned=true&status=open') },
    { name: 'inbox: page 21 of status=resolved', path: () => list('status=resolved'), pageDepth: 20 },
    { name: `search: common word ("${COMMON_WORD}")`, path: () => `${base}/search?q=${COMMON_WORD}` },
    { name: `search: uncommon word ("${UNCOMMON_WORD}")`, path: () => `${base}/search?q=${UNCOMMON_WORD}` },
    {
      name: 'search: an order number (one match)',
      path: (n) => `${base}/search?q=${orderNumber(pick(seeded.sample, n).i)}`,
    },
    { name: 'open a conversation (+ latest 50 messages)', path: (n) => `${base}/${pick(seeded.sample, n).id}` },
  ];
  const skipped: string[] = [];

  // Labels (labels branch): the inbox's label filter, alone, with a status, and with search.
  const listPath = `${PROJECT}/conversations`;
  const labelParam = paramOf(doc, listPath, ['label', 'labels', 'labelId', 'labelIds']);
  if (!labelParam) skipped.push(`skipped: GET ${listPath}?label= not present`);
  else if (seeded.labelIds.length === 0) skipped.push('skipped: label filter (no labels seeded)');
  else {
    const common = seeded.labelIds[0] ?? '';
    const rare = seeded.labelIds.at(-1) ?? '';
    measured.push(
      { name: 'inbox: label (the most used)', path: () => list(`${labelParam}=${common}`) },
      { name: 'inbox: label (the least used)', path: () => list(`${labelParam}=${rare}`) },
      { name: 'inbox: label + status=open', path: () => list(`${labelParam}=${common}&status=open`) },
    );
    const searchLabel = paramOf(doc, `${listPath}/search`, [labelParam]);
    if (searchLabel) {
      measured.push({
        name: 'search + label',
        path: () => `${base}/search?q=${COMMON_WORD}&${searchLabel}=${common}`,
      });
    }
  }

  // Contacts (contacts branch): the Contacts page's search.
  const contactsPath = `${PROJECT}/contacts`;
  const contactsQ = paramOf(doc, contactsPath, ['q', 'search', 'query']);
  if (!contactsQ) skipped.push(`skipped: GET ${contactsPath}?q= not present`);
  else if (!('contacts' in seeded.counts)) skipped.push('skipped: contacts search (no contacts seeded)');
  else {
    const contacts = `/api/projects/${seeded.projectId}/contacts`;
    measured.push(
      { name: 'contacts: search by name', path: (n) => `${contacts}?${contactsQ}=Contact+${1 + ((n * 7919) % 1000)}` },
      { name: 'contacts: search by email', path: (n) => `${contacts}?${contactsQ}=contact-${1 + n * 37}%40example` },
    );
  }

  // Reports (reports branch): the first report route, over the last 90 days.
  const report = Object.keys(doc.paths)
    .filter((p) => p.startsWith(`${PROJECT}/reports`) && doc.paths[p]?.get && !p.slice(PROJECT.length).includes('{'))
    .sort()[0];
  if (!report) skipped.push(`skipped: GET ${PROJECT}/reports not present`);
  else {
    const from = ymd(new Date(now.getTime() - 90 * 86_400_000));
    const values: Record<string, string> = {
      from,
      start: from,
      since: from,
      to: ymd(now),
      end: ymd(now),
      until: ymd(now),
      timezone: 'UTC',
      tz: 'UTC',
    };
    const params = queryParams(doc, report);
    const unknown = params.filter((p) => p.required && !(p.name in values)).map((p) => p.name);
    if (unknown.length) skipped.push(`skipped: GET ${report} (unknown required parameters: ${unknown.join(', ')})`);
    else {
      const q = params
        .filter((p) => p.name in values)
        .map((p) => `${p.name}=${values[p.name]}`)
        .join('&');
      const path = report.replace('{projectId}', seeded.projectId);
      measured.push({ name: `report: ${report.slice(PROJECT.length)} over 90 days`, path: () => `${path}?${q}` });
    }
  }
  return { measured, skipped };
}
