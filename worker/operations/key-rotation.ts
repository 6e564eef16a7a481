// Re-encrypts secrets at rest whose key id is not the active one (after a new key is put first in
// ENCRYPTION_KEYS). Every encrypted column is registered here; the cron trigger runs a batch each
// minute and `npm run secrets:rotate` runs it to the end. Each update is a compare-and-swap on the
// old ciphertext, so a secret rotated meanwhile by a user is never overwritten.
import type { Keyring } from '../../core/platform/keyring.ts';
import { errorFields, log } from '../../core/platform/log.ts';
import { decryptSecret, encryptSecret } from '../../core/platform/secrets.ts';
import { identitySecretContext, totpSecretContext } from '../auth/secret-contexts.ts';

/** What the Neon driver's Client and node-postgres's Client both offer. */
export interface Queryable {
  query(text: string, params?: unknown[]): Promise<{ rows: Record<string, unknown>[]; rowCount?: number | null }>;
}

export interface EncryptedColumn {
  table: string;
  /** The row's key column, used in the encryption context. */
  key: string;
  column: string;
  /** The additional data the value was encrypted with (must match its writer's). */
  context: (key: string) => string;
}

/** Every AES-GCM column. Other modules' secrets (e.g. webhook secrets) are added here. */
export const ENCRYPTED_COLUMNS: EncryptedColumn[] = [
  { table: 'projects', key: 'id', column: 'identity_secret', context: identitySecretContext },
  { table: 'user_mfa', key: 'user_id', column: 'secret', context: totpSecretContext },
  { table: 'webhook_endpoints', key: 'id', column: 'secret', context: (id) => `webhook_endpoints.secret:${id}` },
];

export interface RotationReport {
  reencrypted: number;
  /** Values whose key is not in the keyring (or that do not decrypt): left as they are, logged. */
  failed: number;
  /** Values still not on the active key after this run (more batches needed, or failures). */
  remaining: number;
}

const ident = (name: string) => {
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`bad identifier ${name}`);
  return `"${name}"`;
};

export async function reencryptSecrets(
  db: Queryable,
  keys: Keyring,
  opts: { batchSize?: number } = {},
): Promise<RotationReport> {
  const batchSize = opts.batchSize ?? 500;
  const report: RotationReport = { reencrypted: 0, failed: 0, remaining: 0 };
  for (const col of ENCRYPTED_COLUMNS) {
    const [table, key, column] = [ident(col.table), ident(col.key), ident(col.column)];
    const notActive = `${column} is not null and split_part(${column}, ':', 2) <> $1`;
    const { rows } = await db.query(
      `select ${key}::text as key, ${column} as value from ${table} where ${notActive} order by ${key} limit $2`,
      [keys.active, batchSize],
    );
    for (const row of rows) {
      const id = String(row.key);
      const value = String(row.value);
      let plaintext: string;
      try {
        plaintext = await decryptSecret(keys, value, col.context(id));
      } catch (err) {
        report.failed++;
        // The key id names what is missing; the row by its table only (its key may be a user id).
        log.error('key rotation: cannot decrypt', {
          column: `${col.table}.${col.column}`,
          keyId: value.split(':')[1] ?? '',
          ...errorFields(err),
        });
        continue;
      }
      const next = await encryptSecret(keys, plaintext, col.context(id));
      const updated = await db.query(`update ${table} set ${column} = $1 where ${key}::text = $2 and ${column} = $3`, [
        next,
        id,
        value,
      ]);
      if (updated.rowCount !== 0) report.reencrypted++;
    }
    const { rows: left } = await db.query(`select count(*)::int as n from ${table} where ${notActive}`, [keys.active]);
    report.remaining += Number(left[0]?.n ?? 0);
  }
  return report;
}
