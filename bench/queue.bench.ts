// Durable Bus throughput with 1, 2 and 4 worker processes (BullMQ on a local redis-server).
import { type ChildProcess, fork } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { Bus } from '@infrafabric/core';
import { bullmqTransport } from '../packages/queue-bullmq/src/index';
import { startPlatform } from '../packages/queue-bullmq/test/fixtures/platform';
import { ensureRedisInstalled, startRedis } from '../packages/queue-bullmq/test/redis-server';
import type { BenchResult } from './dispatch.bench';

const root = join(import.meta.dirname, '..');

export async function runQueueBenchmarks(messages = 2000): Promise<BenchResult[]> {
  const unavailable = ensureRedisInstalled();
  if (unavailable)
    return [{ name: 'durable Bus throughput', value: 0, unit: 'msg/s', detail: `skipped: ${unavailable}` }];
  const redis = await startRedis();
  const platform = await startPlatform({ dedupeByKey: true, latencyMs: 5 });
  const results: BenchResult[] = [];
  try {
    for (const workers of [1, 2, 4]) {
      const name = `bench-${randomUUID().slice(0, 8)}`;
      const env = {
        ...process.env,
        REDIS_PORT: String(redis.port),
        PLATFORM_URL: platform.url,
        QUEUE_NAME: name,
        AUDIT_STREAM: `${name}:audit`,
      };
      const children: ChildProcess[] = [];
      for (let i = 0; i < workers; i++) {
        children.push(
          await new Promise<ChildProcess>((resolve, reject) => {
            const child = fork(join(root, 'packages/queue-bullmq/test/fixtures/worker-process.ts'), [], {
              env,
              execArgv: ['--import', 'tsx'],
              cwd: root,
              stdio: 'ignore',
            });
            child.once('message', () => resolve(child));
            child.once('error', reject);
          }),
        );
      }
      const bus = new Bus({
        transport: bullmqTransport({ connection: { host: '127.0.0.1', port: redis.port }, name }),
      });
      const targets = Array.from({ length: messages }, (_, i) => ({ provider: 'sim-chat', chatId: `c${i}` }));
      const started = performance.now();
      const result = await bus.broadcast({ text: 'bench' }, targets, { concurrency: messages });
      const seconds = (performance.now() - started) / 1000;
      await bus.close();
      for (const child of children) child.kill('SIGTERM');
      results.push({
        name: `durable Bus throughput, ${workers} worker process${workers > 1 ? 'es' : ''} (5 ms provider latency, audit to a Redis Stream)`,
        value: Math.round(messages / seconds),
        unit: 'msg/s',
        detail: `${messages} messages, ${result.status}`,
      });
    }
  } finally {
    await platform.close();
    await redis.stop();
  }
  return results;
}
