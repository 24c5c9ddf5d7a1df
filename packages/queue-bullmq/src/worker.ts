import type { Job, Worker } from 'bullmq';
import { type Bus, fullJitterDelay, type OperationCommand } from '@infrafabric/core';
import { isClient, loadBullmq, openRedis, type RedisConnection, type RedisLike } from './load';
import { completedKey, deadLetterQueueName, type QueueNaming, providerQueueName } from './names';
import { type SerializedOutcome, serializeOutcome } from './serialized-outcome';

/** Per-provider rate limit shared by every worker of the fleet: at most `max` jobs per `durationMs`. */
export interface FleetRateLimit {
  max: number;
  durationMs: number;
}

/** Options of {@link startWorker}. */
export interface StartWorkerOptions {
  /** A Bus holding the adapters this worker can run (and its audit sinks). */
  bus: Bus;
  connection: RedisConnection;
  /** Base name of queues and keys; must match the transport's. Default `infrafabric`. */
  name?: string;
  /** Adapter names to serve; default every adapter on the bus. */
  providers?: string[];
  /** Jobs processed at once per provider queue. Default 16. */
  concurrency?: number;
  /** Rate limits per adapter name, enforced across all workers by BullMQ. */
  rateLimits?: Record<string, FleetRateLimit>;
  /** How long a completed-operation record is kept, seconds. Default 7 days. */
  completedTtlSeconds?: number;
  /** BullMQ lock settings (shorten them in tests so a killed worker's jobs are recovered quickly). */
  lockDurationMs?: number;
  stalledIntervalMs?: number;
  /** Backoff between BullMQ-level attempts. Default full jitter, 1 s base, 60 s cap. */
  backoff?: { baseDelayMs?: number; maxDelayMs?: number };
}

/** A running worker. */
export interface RunningWorker {
  /** Stops taking jobs, waits for in-flight jobs to finish, closes connections. */
  close(): Promise<void>;
  /** Whether each provider queue's worker is running. */
  health(): Array<{ provider: string; queue: string; running: boolean }>;
}

/**
 * Starts workers for the Bus's adapters: one BullMQ Worker per provider queue (with that provider's
 * fleet-wide rate limit). Each job is one operation command, run through the Bus's dispatcher
 * (policies, audit, costs). Exactly-once where possible: before calling the provider the worker
 * checks a completed-operation record in Redis (a re-delivered job returns the recorded outcome),
 * and it writes the record immediately after the provider answers; the command's idempotency key,
 * fixed at enqueue time, lets providers that support one drop a duplicate in the remaining window.
 * A job whose outcome is a retryable error is retried by BullMQ with full-jitter backoff; after the
 * last attempt it is copied to the dead-letter queue.
 */
export async function startWorker(options: StartWorkerOptions): Promise<RunningWorker> {
  const naming: QueueNaming = { name: options.name ?? 'infrafabric' };
  const { Worker: BullWorker, Queue } = await loadBullmq();
  const redis: RedisLike = await openRedis(options.connection);
  // A client the caller passed is duplicated per BullMQ object; connection options are reused.
  const connectionFor = () =>
    (isClient(options.connection) ? redis.duplicate() : options.connection) as never;
  const deadLetters = new Queue(deadLetterQueueName(naming), { connection: connectionFor() });
  deadLetters.on('error', () => undefined);
  const providers = options.providers ?? options.bus.adapters().map((a) => a.name ?? a.provider);
  const ttl = options.completedTtlSeconds ?? 7 * 24 * 3600;
  const backoff = {
    baseDelayMs: options.backoff?.baseDelayMs ?? 1000,
    maxDelayMs: options.backoff?.maxDelayMs ?? 60_000,
  };

  const process = async (job: Job<OperationCommand>): Promise<SerializedOutcome> => {
    const command = job.data;
    const key = completedKey(naming, command.id);
    const recorded = await redis.get(key);
    if (recorded) return JSON.parse(recorded) as SerializedOutcome;
    const outcome = serializeOutcome(await options.bus.dispatcher.dispatchSettled(command));
    const lastAttempt = job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
    if (!outcome.ok && outcome.error.retryable && !lastAttempt) {
      // Let BullMQ retry later; nothing is recorded, so the next attempt really runs.
      throw new Error(`${outcome.error.code}: ${outcome.error.message}`);
    }
    await redis.set(key, JSON.stringify(outcome), 'EX', ttl);
    if (!outcome.ok && outcome.error.retryable) {
      await deadLetters.add(
        'dead',
        { command, outcome, failedAt: new Date().toISOString(), queue: job.queueName },
        { jobId: command.id },
      );
    }
    return outcome;
  };

  const workers: Array<{ provider: string; worker: Worker }> = [];
  for (const provider of providers) {
    const limit = options.rateLimits?.[provider];
    const worker = new BullWorker(providerQueueName(naming, provider), process, {
      connection: connectionFor(),
      concurrency: options.concurrency ?? 16,
      ...(limit ? { limiter: { max: limit.max, duration: limit.durationMs } } : {}),
      ...(options.lockDurationMs ? { lockDuration: options.lockDurationMs } : {}),
      ...(options.stalledIntervalMs ? { stalledInterval: options.stalledIntervalMs } : {}),
      settings: {
        backoffStrategy: (attemptsMade: number) => Math.max(50, fullJitterDelay(attemptsMade - 1, backoff)),
      },
    });
    worker.on('error', () => undefined);
    workers.push({ provider, worker });
  }
  await Promise.all(workers.map(({ worker }) => worker.waitUntilReady()));

  return {
    async close() {
      await Promise.all(workers.map(({ worker }) => worker.close()));
      await deadLetters.close();
      await redis.quit();
    },
    health() {
      return workers.map(({ provider, worker }) => ({
        provider,
        queue: worker.name,
        running: worker.isRunning(),
      }));
    },
  };
}
