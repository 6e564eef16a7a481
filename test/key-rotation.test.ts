// Key rotation for secrets at rest: rows under an old key are re-encrypted to the active one (by
// the function and by the cron trigger), after which a Worker that no longer has the old key reads them.
import { createScheduledController } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { readConfig } from '../core/platform/config.ts';
import { connectDb } from '../core/platform/db.ts';
import type { Keyring } from '../core/platform/keyring.ts';
import { decryptSecret, encryptSecret } from '../core/platform/secrets.ts';
import worker from '../worker/index.ts';
import { reencryptSecrets } from '../worker/operations/key-rotation.ts';
import { login, signUp } from './helpers/accounts.ts';
import { sql } from './helpers/db.ts';
import { httpJson } from './helpers/http.ts';
import { awayFromStepEdge, enableMfa, totpCode } from './helpers/totp.ts';

const b64 = (bytes: Uint8Array) => btoa(String.fromCharCode(...bytes));

/** A retired key `kid` that only this test knows, and the Worker's ring with it appended. */
function withOldKey(kid: string): { old: Keyring; ring: Keyring; ringText: string } {
  const current = readConfig(env).ENCRYPTION_KEYS;
  const raw = crypto.getRandomValues(new Uint8Array(32));
  const old: Keyring = { active: kid, keys: new Map([[kid, raw]]) };
  const ring: Keyring = { active: current.active, keys: new Map([...current.keys, [kid, raw]]) };
  const ringText = [...ring.keys].map(([k, v]) => `${k}:${b64(v)}`).join(',');
  return { old, ring, ringText };
}

/** A project with an identity secret and a user with 2FA, both moved back under `old`. */
async function secretsUnderOldKey(old: Keyring) {
  const owner = await signUp();
  const { secret: totpSecret } = await enableMfa(owner);
  const created = await httpJson<{ secret: string }>('POST', `/api/projects/${owner.projectId}/identity-secret`, {
    token: owner.accessToken,
  });
  const identity = created.body.secret;
  const idCtx = `projects.identity_secret:${owner.projectId}`;
  const mfaCtx = `user_mfa.secret:${owner.userId}`;
  await sql('update projects set identity_secret = $1 where id = $2', [
    await encryptSecret(old, identity, idCtx),
    owner.projectId,
  ]);
  await sql('update user_mfa set secret = $1 where user_id = $2', [
    await encryptSecret(old, totpSecret, mfaCtx),
    owner.userId,
  ]);
  const read = async () => {
    const [p] = await sql<{ identity_secret: string }>('select identity_secret from projects where id = $1', [
      owner.projectId,
    ]);
    const [m] = await sql<{ secret: string }>('select secret from user_mfa where user_id = $1', [owner.userId]);
    return { identity: p?.identity_secret ?? '', mfa: m?.secret ?? '' };
  };
  return { owner, identity, totpSecret, idCtx, mfaCtx, read };
}

describe('key rotation', () => {
  it('re-encrypts rows under a retired key to the active key; the Worker then reads them without the old key', async () => {
    const { old, ring } = withOldKey(`old${crypto.randomUUID().slice(0, 6)}`);
    const s = await secretsUnderOldKey(old);
    expect((await s.read()).identity).toMatch(new RegExp(`^enc1:${old.active}:`));

    const conn = await connectDb(readConfig(env));
    try {
      const report = await reencryptSecrets(conn.client, ring);
      expect(report.reencrypted).toBeGreaterThanOrEqual(2);
      expect(report.failed).toBe(0);
      const again = await reencryptSecrets(conn.client, ring);
      expect(again.reencrypted).toBe(0);
    } finally {
      await conn.close();
    }
    const rows = await s.read();
    const active = readConfig(env).ENCRYPTION_KEYS;
    expect(rows.identity).toMatch(new RegExp(`^enc1:${active.active}:`));
    expect(rows.mfa).toMatch(new RegExp(`^enc1:${active.active}:`));
    expect(rows.identity).not.toContain(s.identity);
    expect(await decryptSecret(active, rows.identity, s.idCtx)).toBe(s.identity);
    // The Worker (which never had the old key) verifies a TOTP code with the re-encrypted seed.
    await awayFromStepEdge();
    const challenge = await login(s.owner.email, s.owner.password);
    const done = await httpJson('POST', '/api/auth/2fa/challenge', {
      json: { challengeToken: challenge.body.challengeToken, code: await totpCode(s.totpSecret, 0) },
    });
    expect(done.body).toMatchObject({ status: 'signed_in' });
  });

  it('the cron trigger re-encrypts a batch; values under an unknown key are left alone and counted', async () => {
    const { old, ringText } = withOldKey(`cron${crypto.randomUUID().slice(0, 6)}`);
    const s = await secretsUnderOldKey(old);
    await worker.scheduled(createScheduledController({ cron: '* * * * *' }), { ...env, ENCRYPTION_KEYS: ringText });
    const rows = await s.read();
    const active = readConfig(env).ENCRYPTION_KEYS.active;
    expect(rows.identity).toMatch(new RegExp(`^enc1:${active}:`));
    expect(rows.mfa).toMatch(new RegExp(`^enc1:${active}:`));

    // A value under a key nobody has any more: reported as failed, never destroyed.
    const lost = withOldKey(`lost${crypto.randomUUID().slice(0, 6)}`);
    const orphan = await encryptSecret(lost.old, 'unrecoverable', s.idCtx);
    await sql('update projects set identity_secret = $1 where id = $2', [orphan, s.owner.projectId]);
    const conn = await connectDb(readConfig(env));
    try {
      const report = await reencryptSecrets(conn.client, readConfig(env).ENCRYPTION_KEYS);
      expect(report.failed).toBeGreaterThanOrEqual(1);
      expect(report.remaining).toBeGreaterThanOrEqual(1);
    } finally {
      await conn.close();
    }
    expect((await s.read()).identity).toBe(orphan);
    await sql('update projects set identity_secret = null where id = $1', [s.owner.projectId]);
  });
});

describe('the auth cron', () => {
  it('prunes challenges and email tokens a day after expiry and sessions a week after', async () => {
    const user = await signUp();
    await sql(`update sessions set expires_at = now() - interval '8 days' where user_id = $1`, [user.userId]);
    await sql(`update email_tokens set expires_at = now() - interval '2 days' where user_id = $1`, [user.userId]);
    const fresh = await login(user.email, user.password);
    await worker.scheduled(createScheduledController({ cron: '* * * * *' }), env);
    const sessions = await sql<{ id: string }>('select id from sessions where user_id = $1', [user.userId]);
    expect(sessions.map((s) => s.id)).toEqual([fresh.body.sessionId]);
    expect(await sql('select 1 from email_tokens where user_id = $1', [user.userId])).toHaveLength(0);
  });
});
