// What the report says about the machine: CPUs, memory, load, versions of every moving part.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import { Redis } from 'ioredis';
import { adminQuery } from '../local/admin-query.ts';
import type { MachineInfo } from './report/results.ts';

const require = createRequire(import.meta.url);

function packageVersion(requireFrom: NodeJS.Require, name: string): string {
  try {
    return (JSON.parse(readFileSync(requireFrom.resolve(`${name}/package.json`), 'utf8')) as { version: string })
      .version;
  } catch {
    return 'unknown';
  }
}

export async function machineInfo(adminUrl: string, redisUrl: string): Promise<MachineInfo> {
  const [pgRow] = await adminQuery<{ v: string }>(adminUrl, 'select version() as v');
  const pgVersion = pgRow?.v ?? 'unknown';
  const redis = new Redis(redisUrl);
  const info = await redis.info('server');
  redis.disconnect();
  const limits = readFileSync('/proc/self/limits', 'utf8').match(/Max open files\s+(\d+)\s+(\d+)/);
  const fromWrangler = createRequire(require.resolve('wrangler'));
  return {
    cpus: os.availableParallelism(),
    cpuModel: os.cpus()[0]?.model ?? 'unknown',
    memoryGiB: os.totalmem() / 2 ** 30,
    loadAverageAtStart: os.loadavg(),
    node: process.version,
    workerd: packageVersion(fromWrangler, 'workerd'),
    wrangler: packageVersion(require, 'wrangler'),
    postgres: pgVersion.split(' on ')[0] ?? pgVersion,
    redis: info.match(/redis_version:(\S+)/)?.[1] ?? 'unknown',
    openFilesLimit: limits ? `${limits[1]} (soft) / ${limits[2]} (hard)` : 'unknown',
    os: `${os.type()} ${os.release()}`,
  };
}
