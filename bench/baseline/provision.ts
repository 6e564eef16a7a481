// Baseline set-up outside the timed windows: conversations in its own database and signed
// handshake tokens for their visitors and agents.
import { randomUUID } from 'node:crypto';
import { adminQuery } from '../../local/admin-query.ts';
import type { ProvisionedConversation, Provisioner } from '../drivers/types.ts';
import { signBaselineToken } from './tokens.ts';

export class BaselineProvisioner implements Provisioner {
  readonly #databaseUrl: string;
  readonly #key: Uint8Array;
  readonly #projectId = randomUUID();
  readonly #agentIds = Array.from({ length: 40 }, () => randomUUID());

  constructor(databaseUrl: string, key: Uint8Array) {
    this.#databaseUrl = databaseUrl;
    this.#key = key;
  }

  async conversations(count: number, agentsPerConversation: number): Promise<ProvisionedConversation[]> {
    const ids = Array.from({ length: count }, () => randomUUID());
    await adminQuery(this.#databaseUrl, 'insert into conversations (id, project_id) select unnest($1::uuid[]), $2', [
      ids,
      this.#projectId,
    ]);
    const agentTokens = new Map<string, string>();
    for (const id of this.#agentIds) {
      agentTokens.set(id, await signBaselineToken(this.#key, { sub: id, kind: 'agent', projectId: this.#projectId }));
    }
    return Promise.all(
      ids.map(async (conversationId, i) => {
        const visitorId = randomUUID();
        const token = await signBaselineToken(this.#key, {
          sub: visitorId,
          kind: 'visitor',
          projectId: this.#projectId,
          conversationId,
        });
        const agents = Array.from({ length: agentsPerConversation }, (_, k) => {
          const id = this.#agentIds[(i * agentsPerConversation + k) % this.#agentIds.length] ?? '';
          return { role: 'agent' as const, id, conversationId, token: agentTokens.get(id) ?? '' };
        });
        return { conversationId, visitor: { role: 'visitor' as const, id: visitorId, conversationId, token }, agents };
      }),
    );
  }
}
