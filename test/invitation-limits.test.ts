// Invitations (issue 15, item 12): a project may send only so many a day (the `invitation_project`
// rate limit, 50 by default; 2 here through AUTH_RATE_LIMITS), and the mail's subject carries no
// text a Manager chose — a project named like a phishing lure stays out of the subject line.
import { createExecutionContext, waitOnExecutionContext } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import worker from '../worker/index.ts';
import { signUp, uniqueEmail } from './helpers/accounts.ts';
import { eventually } from './helpers/eventually.ts';
import { BASE, httpJson } from './helpers/http.ts';

const limited = {
  ...env,
  AUTH_RATE_LIMITS: JSON.stringify({ invitation_project: { limit: 2, window: '1 h' } }),
} as unknown as Env;

async function inviteAs(token: string, projectId: string, email: string) {
  const ctx = createExecutionContext();
  const res = await worker.fetch(
    new Request(`${BASE}/api/projects/${projectId}/invitations`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ email, role: 'agent' }),
    }),
    limited,
    ctx,
  );
  await waitOnExecutionContext(ctx);
  return res;
}

describe('invitations', () => {
  it('a project sends at most its daily number; another project is not affected', async () => {
    const owner = await signUp();
    const other = await signUp();
    for (let i = 0; i < 2; i++)
      expect((await inviteAs(owner.accessToken, owner.projectId, uniqueEmail('invitee'))).status).toBe(201);
    const refused = await inviteAs(owner.accessToken, owner.projectId, uniqueEmail('invitee'));
    expect(refused.status).toBe(429);
    expect(await refused.json()).toMatchObject({ error: { code: 'rate_limited' } });
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect((await inviteAs(other.accessToken, other.projectId, uniqueEmail('invitee'))).status).toBe(201);
  });

  it('keeps the Manager-chosen project name out of the subject', async () => {
    const lure = 'URGENT: your account is suspended, verify at evil.example';
    const owner = await signUp({ projectName: lure });
    const email = uniqueEmail('invitee');
    expect((await inviteAs(owner.accessToken, owner.projectId, email)).status).toBe(201);
    const mail = await eventually(
      async () =>
        (
          await httpJson<{ mails: { subject: string; text: string }[] }>(
            'GET',
            `/dev/mail?to=${encodeURIComponent(email)}`,
          )
        ).body.mails[0],
      5_000,
      50,
    );
    expect(mail.subject).toBe('You have been invited to a project on Parley');
    expect(mail.subject).not.toContain('URGENT');
  });
});
