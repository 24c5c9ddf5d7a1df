import { type ChildProcess, fork } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { Bus, MemoryAuditSink, ProviderError, TimeoutError, ValidationError } from '@infrafabric/core';
import { FakeChatAdapter } from '@infrafabric/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  RedisDedupStore,
  RedisStreamAuditSink,
  type RedisLike,
  bullmqTransport,
  openDeadLetters,
  openRedis,
  startWorker,
  verifyRedisAudit,
} from '../src/index';
import { startPlatform } from './fixtures/platform';
import { type LocalRedis, ensureRedisInstalled, startRedis } from './redis-server';

const unavailable = ensureRedisInstalled();
if (unavailable) console.info(`[queue-bullmq] skipping the Redis tests: ${unavailable}`);
if (unavailable && process.env.CI === 'true') throw new Error(`queue-bullmq: ${unavailable}`);

describe.skipIf(unavailable !== undefined)('durable Bus on BullMQ + a real redis-server', () => {
  let redisServer: LocalRedis;
  let redis: RedisLike;
  let connection: { host: string; port: number };

  beforeAll(async () => {
    redisServer = await startRedis();
    connection = { host: '127.0.0.1', port: redisServer.port };
    redis = await openRedis(connection);
  });
  afterAll(async () => {
    await redis?.quit();
    await redisServer?.stop();
  });

  it('broadcasts through queues and returns per-target results from the workers', async () => {
    const name = `t-${randomUUID().slice(0, 8)}`;
    const chat = new FakeChatAdapter({ name: 'team' });
    const workerBus = new Bus({
      adapters: [chat],
      auditSinks: [new RedisStreamAuditSink(redis, `${name}:audit`)],
    });
    const worker = await startWorker({ bus: workerBus, connection, name });
    const producer = new Bus({ transport: bullmqTransport({ connection, name }) });
    try {
      const result = await producer.broadcast(
        { text: 'live' },
        Array.from({ length: 5 }, (_, i) => ({ provider: 'team', chatId: `c${i}` })),
      );
      expect(result.results[0], JSON.stringify(result.results[0])).toMatchObject({ status: 'sent' });
      expect(result.status).toBe('success');
      expect(result.results.map((r) => r.status)).toEqual(['sent', 'sent', 'sent', 'sent', 'sent']);
      expect(chat.sent.map((m) => m.chatId).sort()).toEqual(['c0', 'c1', 'c2', 'c3', 'c4']);
      const audit = await verifyRedisAudit(redis, `${name}:audit`);
      expect(audit).toMatchObject({ ok: true, entries: 5, chains: 1 });
      expect(worker.health()).toEqual([{ provider: 'team', queue: `${name}-op-team`, running: true }]);
    } finally {
      await producer.close();
      await worker.close();
    }
  });

  it('carries typed errors across the queue and dead-letters exhausted retryable failures', async () => {
    const name = `t-${randomUUID().slice(0, 8)}`;
    const chat = new FakeChatAdapter({ name: 'team' });
    const worker = await startWorker({
      bus: new Bus({ adapters: [chat], policies: { retry: false } }),
      connection,
      name,
      backoff: { baseDelayMs: 10, maxDelayMs: 20 },
    });
    const producer = new Bus({ transport: bullmqTransport({ connection, name, attempts: 2 }) });
    const dead = await openDeadLetters(connection, { name });
    try {
      const invalid = await producer.chat.send('team', { to: { chatId: '' }, text: 'x' }).catch((e) => e);
      expect(ValidationError.isInstance(invalid)).toBe(true);
      expect(invalid.field).toBe('input.to.chatId');

      chat.failures.failNext(
        'sendMessage',
        new ProviderError('platform down', { provider: 'team', retryable: true }),
        2,
      );
      const failed = await producer.chat.send('team', { to: { chatId: 'ops' }, text: 'x' }).catch((e) => e);
      expect(ProviderError.isInstance(failed) && failed.retryable).toBe(true);
      const letters = await dead.list();
      expect(letters).toHaveLength(1);
      expect(letters[0]?.command.input).toMatchObject({ to: { chatId: 'ops' } });

      const replayed = await dead.replay(letters[0]!.id);
      expect(replayed).toContain('replay');
      for (let i = 0; i < 100 && chat.sent.length === 0; i++) await new Promise((r) => setTimeout(r, 20));
      expect(chat.sent.map((m) => m.chatId)).toEqual(['ops']);
      expect(await dead.list()).toHaveLength(0);
    } finally {
      await dead.close();
      await producer.close();
      await worker.close();
    }
  });

  it('enforces a per-provider rate limit across workers', async () => {
    const name = `t-${randomUUID().slice(0, 8)}`;
    const chatA = new FakeChatAdapter({ name: 'team' });
    const chatB = new FakeChatAdapter({ name: 'team' });
    const rateLimits = { team: { max: 5, durationMs: 1000 } };
    const w1 = await startWorker({ bus: new Bus({ adapters: [chatA] }), connection, name, rateLimits });
    const w2 = await startWorker({ bus: new Bus({ adapters: [chatB] }), connection, name, rateLimits });
    const producer = new Bus({ transport: bullmqTransport({ connection, name }) });
    try {
      const started = Date.now();
      const result = await producer.broadcast(
        { text: 'x' },
        Array.from({ length: 12 }, (_, i) => ({ provider: 'team', chatId: `c${i}` })),
        { concurrency: 12 },
      );
      expect(result.status).toBe('success');
      expect(chatA.sent.length + chatB.sent.length).toBe(12);
      expect(Date.now() - started).toBeGreaterThanOrEqual(1900);
    } finally {
      await producer.close();
      await w1.close();
      await w2.close();
    }
  });

  it("stops waiting when the caller's signal aborts, with an outcome-unknown error", async () => {
    const name = `t-${randomUUID().slice(0, 8)}`;
    const producer = new Bus({ transport: bullmqTransport({ connection, name }) });
    const controller = new AbortController();
    try {
      // No worker runs: without the signal this would wait for the result timeout (5 minutes).
      const pending = producer.dispatchSettled(
        {
          kind: 'chat',
          provider: 'team',
          operation: 'sendMessage',
          input: { to: { chatId: 'c' }, text: 'x' },
        },
        { signal: controller.signal },
      );
      setTimeout(() => controller.abort(new Error('caller gave up')), 50);
      const outcome = await pending;
      expect(outcome.ok).toBe(false);
      if (outcome.ok) return;
      expect(TimeoutError.isInstance(outcome.error)).toBe(true);
      expect(outcome.error.outcomeUnknown).toBe(true);
      expect(outcome.error.message).toContain('may still run');
    } finally {
      await producer.close();
    }
  });

  it('deduplicates inbound events atomically in Redis', async () => {
    const store = new RedisDedupStore(redis, `seen-${randomUUID()}:`);
    const claims = await Promise.all(Array.from({ length: 20 }, () => store.claim('evt-1', 60_000)));
    expect(claims.filter(Boolean)).toHaveLength(1);
    await store.release('evt-1');
    expect(await store.claim('evt-1', 60_000)).toBe(true);
  });

  it('survives kill -9 of a worker mid-broadcast of 1,000 messages: every target once, audit verifies', async () => {
    const name = `crash-${randomUUID().slice(0, 8)}`;
    const platform = await startPlatform({ dedupeByKey: true, latencyMs: 2 });
    const script = join(import.meta.dirname, 'fixtures', 'worker-process.ts');
    const env = {
      ...process.env,
      REDIS_PORT: String(connection.port),
      PLATFORM_URL: platform.url,
      QUEUE_NAME: name,
      AUDIT_STREAM: `${name}:audit`,
    };
    const spawnWorker = () =>
      new Promise<ChildProcess>((resolve, reject) => {
        const child = fork(script, [], {
          env,
          execArgv: ['--import', 'tsx'],
          cwd: join(import.meta.dirname, '..', '..', '..'),
          stdio: 'ignore',
        });
        child.once('message', () => resolve(child));
        child.once('error', reject);
        child.once('exit', (code) => reject(new Error(`worker exited early with ${code}`)));
      });
    const producer = new Bus({
      transport: bullmqTransport({ connection, name }),
      auditSinks: [new MemoryAuditSink()],
    });
    const first = await spawnWorker();
    let second: ChildProcess | undefined;
    try {
      const targets = Array.from({ length: 1000 }, (_, i) => ({ provider: 'sim-chat', chatId: `chat-${i}` }));
      const broadcast = producer.broadcast({ text: 'doors open' }, targets, { concurrency: 1000 });
      while (platform.deliveries < 300) await new Promise((r) => setTimeout(r, 5));
      first.kill('SIGKILL');
      second = await spawnWorker();
      const result = await broadcast;
      const missing = targets.filter((t) => (platform.effects.get(t.chatId) ?? 0) === 0);
      const duplicates = [...platform.effects.values()].filter((n) => n > 1).length;
      console.info(
        `[queue-bullmq crash test] deliveries ${platform.deliveries}, duplicate effects ${duplicates}, re-sends absorbed by idempotency keys ${platform.deliveries - 1000}`,
      );
      expect(result.status).toBe('success');
      expect(missing).toHaveLength(0);
      expect(duplicates).toBe(0);
      const audit = await verifyRedisAudit(redis, `${name}:audit`);
      expect(audit.ok).toBe(true);
      expect(audit.chains).toBe(2);
      expect(audit.entries).toBeGreaterThanOrEqual(1000);
    } finally {
      first.kill('SIGKILL');
      second?.kill('SIGTERM');
      await producer.close();
      await platform.close();
    }
  }, 120_000);
});
