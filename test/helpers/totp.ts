// Real TOTP codes for tests: the code of the current time step, or of the one before or after
// (the server accepts ±1 step), computed with otplib like an authenticator app.
import { generate } from 'otplib';
import type { TestUser } from './accounts.ts';
import { httpJson } from './http.ts';

/** Waits (at most ~4 s) until the current 30 s step has at least 4 s left, so a code stays valid. */
export async function awayFromStepEdge(): Promise<void> {
  const left = 30 - ((Date.now() / 1000) % 30);
  if (left < 4) await new Promise((r) => setTimeout(r, left * 1000 + 200));
}

export const totpCode = (secret: string, stepOffset = 0) =>
  generate({ secret, epoch: Math.floor(Date.now() / 1000) + stepOffset * 30 });

/** Enrols and confirms 2FA with the previous step's code; returns the secret and recovery codes. */
export async function enableMfa(
  user: Pick<TestUser, 'accessToken'>,
): Promise<{ secret: string; recoveryCodes: string[] }> {
  await awayFromStepEdge();
  const enrol = await httpJson<{ secret: string }>('POST', '/api/auth/2fa/enrol', { token: user.accessToken });
  const secret = enrol.body.secret;
  const confirm = await httpJson<{ recoveryCodes: string[] }>('POST', '/api/auth/2fa/confirm', {
    token: user.accessToken,
    json: { code: await totpCode(secret, -1) },
  });
  if (confirm.status !== 200) throw new Error(`confirm answered ${confirm.status}`);
  return { secret, recoveryCodes: confirm.body.recoveryCodes };
}
