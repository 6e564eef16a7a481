// A run's Redis keys carry its prefix (`parley-bench:<run>:`): the clean-up deletes them all, so
// runs leave nothing behind in the shared Redis.
import { Redis } from 'ioredis';

/** Deletes every key under `prefix`, a page of SCAN at a time (no KEYS on a shared server). */
export async function deleteKeys(redisUrl: string, prefix: string): Promise<void> {
  const redis = new Redis(redisUrl);
  try {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000);
      cursor = next;
      if (keys.length) await redis.del(...keys);
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
}
