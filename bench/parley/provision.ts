// Parley set-up outside the timed windows. Agents are created directly in Postgres (user, session,
// membership) with access tokens from worker/auth/access-token.ts, as the Worker tests do.
// Visitors go through the real API (POST /api/widget/session, then POST /api/widget/conversations)
// when there are few of them (S2, S4); hundreds or thousands (S1, S3) are inserted in bulk with
// tokens from worker/visitors/token.ts, because the API would spend the run's time budget.
import { randomBytes } from 'node:crypto';
import type { QueryResultRow } from 'pg';
import type { Keyring } from '../../core/platform/config.ts';
import { adminQuery } from '../../local/admin-query.ts';
import { parseKeyring } from '../../local/keys.ts';
import { signAccessToken } from '../../worker/auth/access-token.ts';
import { signVisitorToken } from '../../worker/visitors/token.ts';
import type { Participant, ProvisionedConversation, Provisioner } from '../drivers/types.ts';
import { mapLimit } from '../lib/limit.ts';

const AGENTS = 40;
const TOKEN_TTL_SECONDS = 2 * 3600;
const API_LIMIT = 50;

interface Setup {
  projectId: string;
  widgetKey: string;
  agents: { id: string; token: string }[];
}

export class ParleyProvisioner implements Provisioner {
  readonly #base: string;
  readonly #databaseUrl: string;
  readonly #keys: Keyring;
  #setup: Promise<Setup> | null = null;

  constructor(baseUrl: string, databaseUrl: string, authJwtKeys: string) {
    this.#base = baseUrl;
    this.#databaseUrl = databaseUrl;
    this.#keys = parseKeyring(authJwtKeys);
  }

  #query<R extends QueryResultRow>(text: string, values: unknown[]): Promise<R[]> {
    return adminQuery<R>(this.#databaseUrl, text, values);
  }

  /** One project with its agents, made once per run. */
  #ensureSetup(): Promise<Setup> {
    this.#setup ??= (async () => {
      const tag = randomBytes(4).toString('hex');
      const widgetKey = `pk_bench_${tag}`;
      const [project] = await this.#query<{ id: string }>(
        'insert into projects (name, widget_key) values ($1, $2) returning id',
        [`Bench ${tag}`, widgetKey],
      );
      if (!project) throw new Error('project insert returned no row');
      const users = await this.#query<{ id: string }>(
        `insert into users (email, name, email_verified)
         select 'agent-' || i || '-' || $1 || '@bench.parley.local', 'Agent ' || i, true from generate_series(1, $2) i
         returning id`,
        [tag, AGENTS],
      );
      const ids = users.map((u) => u.id);
      await this.#query(`insert into memberships (project_id, user_id, role) select $1, unnest($2::uuid[]), 'agent'`, [
        project.id,
        ids,
      ]);
      const sessions = await this.#query<{ id: string; user_id: string }>(
        `insert into sessions (user_id, refresh_token_hash, expires_at)
         select u, md5(random()::text), now() + interval '2 hours' from unnest($1::uuid[]) u
         returning id, user_id`,
        [ids],
      );
      const agents = await Promise.all(
        sessions.map(async (s) => ({
          id: s.user_id,
          token: await signAccessToken(this.#keys, { userId: s.user_id, sessionId: s.id }, TOKEN_TTL_SECONDS),
        })),
      );
      return { projectId: project.id, widgetKey, agents };
    })();
    return this.#setup;
  }

  async #viaApi(setup: Setup, count: number): Promise<{ conversationId: string; visitorId: string; token: string }[]> {
    return mapLimit(Array.from({ length: count }), 16, async () => {
      const session = await this.#post('/api/widget/session', { widgetKey: setup.widgetKey });
      const { token, visitor } = session as { token: string; visitor: { id: string } };
      const opened = (await this.#post(
        '/api/widget/conversations',
        { clientId: `open-${randomBytes(6).toString('hex')}` },
        token,
      )) as { conversation: { id: string } };
      return { conversationId: opened.conversation.id, visitorId: visitor.id, token };
    });
  }

  async #inBulk(setup: Setup, count: number): Promise<{ conversationId: string; visitorId: string; token: string }[]> {
    const rows = await this.#query<{ conversation_id: string; visitor_id: string }>(
      `with v as (
         insert into visitors (project_id) select $1 from generate_series(1, $2) returning id
       )
       insert into conversations (project_id, visitor_id) select $1, v.id from v
       returning id as conversation_id, visitor_id`,
      [setup.projectId, count],
    );
    return Promise.all(
      rows.map(async (r) => ({
        conversationId: r.conversation_id,
        visitorId: r.visitor_id,
        token: (
          await signVisitorToken(this.#keys, { visitorId: r.visitor_id, projectId: setup.projectId }, TOKEN_TTL_SECONDS)
        ).token,
      })),
    );
  }

  async #post(path: string, body: unknown, token?: string): Promise<unknown> {
    const res = await fetch(`${this.#base}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify(body),
    });
    if (!res.ok) throw new Error(`${path}: ${res.status} ${await res.text()}`);
    return res.json();
  }

  async conversations(count: number, agentsPerConversation: number): Promise<ProvisionedConversation[]> {
    const setup = await this.#ensureSetup();
    const made = count <= API_LIMIT ? await this.#viaApi(setup, count) : await this.#inBulk(setup, count);
    return made.map((m, i) => {
      const agents: Participant[] = Array.from({ length: agentsPerConversation }, (_, k) => {
        const agent = setup.agents[(i * agentsPerConversation + k) % setup.agents.length];
        if (!agent) throw new Error('no agents');
        return { role: 'agent', id: agent.id, conversationId: m.conversationId, token: agent.token };
      });
      return {
        conversationId: m.conversationId,
        visitor: { role: 'visitor', id: m.visitorId, conversationId: m.conversationId, token: m.token },
        agents,
      };
    });
  }
}
