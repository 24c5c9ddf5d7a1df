import { randomUUID } from 'node:crypto';
import type { Job, Queue, QueueEvents } from 'bullmq';
import {
  type DispatchOptions,
  type OperationCommand,
  type OperationOutcome,
  TimeoutError,
  type Transport,
} from '@infrafabric/core';
import { isClient, loadBullmq, openRedis, type RedisConnection, type RedisLike } from './load';
import { type QueueNaming, providerQueueName } from './names';
import { type SerializedOutcome, deserializeOutcome } from './serialized-outcome';

/** Options of {@link bullmqTransport}. */
export interface BullmqTransportOptions {
  connection: RedisConnection;
  /** Base name of queues and keys. Default `infrafabric`. */
  name?: string;
  /** Job attempts (BullMQ-level, after the worker's in-process retries). Default 3. */
  attempts?: number;
  /** How long `execute` waits for a job's result, ms. Default 5 minutes. */
  resultTimeoutMs?: number;
}

/** A queued command, for fire-and-forget use. */
export interface JobHandle {
  id: string;
  queue: string;
  /** Waits for the job's outcome. */
  result<T = unknown>(timeoutMs?: number): Promise<OperationOutcome<T>>;
}

/** The BullMQ transport: a core `Transport` plus queue-level extras. */
export interface BullmqTransport extends Transport {
  /** Queues a command and returns at once with a handle. */
  enqueue(command: OperationCommand): Promise<JobHandle>;
}

/**
 * Carries the Bus's commands through BullMQ queues on Redis (one queue per provider), to workers
 * started with `startWorker` on any number of machines. `execute` resolves with the outcome the
 * worker produced, so `bus.broadcast(...)` still returns per-target results.
 *
 * @example
 * ```ts
 * const bus = new Bus({ transport: bullmqTransport({ connection: { host: '127.0.0.1', port: 6379 } }) });
 * const result = await bus.broadcast({ text: 'Live!' }, targets);
 * ```
 */
export function bullmqTransport(options: BullmqTransportOptions): BullmqTransport {
  const naming: QueueNaming = { name: options.name ?? 'infrafabric' };
  type QueuePair = { queue: Queue; events: QueueEvents };
  // Promises, not values: a broadcast calls this for thousands of targets at once, and they must
  // share one Queue and one QueueEvents per provider (each holds Redis connections).
  const queues = new Map<string, Promise<QueuePair>>();
  let client: Promise<RedisLike> | undefined;
  const connection = () => {
    client ??= openRedis(options.connection);
    return client;
  };

  async function openQueue(name: string): Promise<QueuePair> {
    const { Queue, QueueEvents } = await loadBullmq();
    const conn = isClient(options.connection) ? await connection() : options.connection;
    const eventsConn = isClient(options.connection) ? (await connection()).duplicate() : options.connection;
    const pair: QueuePair = {
      queue: new Queue(name, { connection: conn as never }),
      events: new QueueEvents(name, { connection: eventsConn as never }),
    };
    // Connection errors surface as failed jobs/timeouts to the caller; do not let BullMQ print them.
    pair.queue.on('error', () => undefined);
    pair.events.on('error', () => undefined);
    // Every in-flight job waits on the same QueueEvents; a broadcast has thousands.
    pair.events.setMaxListeners(0);
    pair.queue.setMaxListeners(0);
    await pair.events.waitUntilReady();
    return pair;
  }

  function queueFor(provider: string): Promise<QueuePair> {
    const name = providerQueueName(naming, provider);
    let pair = queues.get(name);
    if (!pair) {
      pair = openQueue(name);
      queues.set(name, pair);
    }
    return pair;
  }

  async function enqueue(command: OperationCommand): Promise<JobHandle> {
    // Fixed before the first delivery, so every re-delivery carries the same key to the provider.
    command.idempotencyKey ??= randomUUID();
    const { queue, events } = await queueFor(command.provider);
    const job: Job = await queue.add(command.operation, command, {
      jobId: command.id,
      attempts: options.attempts ?? 3,
      backoff: { type: 'infrafabric' },
      removeOnComplete: { age: 24 * 3600, count: 100_000 },
      removeOnFail: { age: 7 * 24 * 3600 },
    });
    return {
      id: job.id ?? command.id,
      queue: queue.name,
      async result<T>(timeoutMs = options.resultTimeoutMs ?? 300_000) {
        try {
          const value = (await job.waitUntilFinished(events, timeoutMs)) as SerializedOutcome;
          return deserializeOutcome<T>(command, value);
        } catch (error) {
          const message = (error as Error).message ?? String(error);
          if (/timed out/i.test(message)) {
            return {
              ok: false,
              error: new TimeoutError(
                `${command.provider}.${command.operation}: no result from the queue within ${timeoutMs} ms; the job ${job.id} may still run.`,
                { provider: command.provider, operation: command.operation },
              ),
              command,
              attempts: 0,
              latencyMs: timeoutMs,
            };
          }
          throw error;
        }
      },
    };
  }

  return {
    enqueue,
    /**
     * Enqueues and waits for the job's outcome. The caller's `signal` stops the wait (the job may
     * still run: the outcome is then unknown). Per-call `policies` do not travel: the workers' Bus
     * policies apply to the provider call.
     */
    async execute<T>(command: OperationCommand, dispatch: DispatchOptions): Promise<OperationOutcome<T>> {
      const { signal } = dispatch;
      const stopped = (): OperationOutcome<T> => ({
        ok: false,
        error: new TimeoutError(
          `${command.provider}.${command.operation}: the caller stopped waiting for job ${command.id}; it may still run. Look it up before repeating it.`,
          {
            provider: command.provider,
            operation: command.operation,
            outcomeUnknown: true,
            cause: signal?.reason,
          },
        ),
        command,
        attempts: 0,
        latencyMs: 0,
      });
      if (signal?.aborted) return stopped();
      const handle = await enqueue(command);
      if (!signal) return handle.result<T>();
      let onAbort: (() => void) | undefined;
      const aborted = new Promise<OperationOutcome<T>>((resolve) => {
        onAbort = () => resolve(stopped());
        signal.addEventListener('abort', onAbort, { once: true });
      });
      try {
        return await Promise.race([handle.result<T>(), aborted]);
      } finally {
        if (onAbort) signal.removeEventListener('abort', onAbort);
      }
    },
    async close() {
      for (const pair of queues.values()) {
        const { queue, events } = await pair;
        await events.close();
        await queue.close();
      }
      queues.clear();
      if (client && !isClient(options.connection)) await (await client).quit();
    },
  };
}
