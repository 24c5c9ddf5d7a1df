import type { OperationCommand } from '@infrafabric/core';
import { loadBullmq, type RedisConnection } from './load';
import { deadLetterQueueName, providerQueueName, type QueueNaming } from './names';
import type { SerializedOutcome } from './serialized-outcome';

/** A command that failed every attempt. */
export interface DeadLetter {
  id: string;
  command: OperationCommand;
  outcome: SerializedOutcome;
  failedAt: string;
}

/** Inspect and replay the dead-letter queue. */
export interface DeadLetterQueue {
  list(limit?: number): Promise<DeadLetter[]>;
  /** Sends a dead command back to its provider queue (as a new job with a new id; same idempotency key). */
  replay(id: string): Promise<string>;
  remove(id: string): Promise<void>;
  close(): Promise<void>;
}

/** Opens the dead-letter queue of a fleet. */
export async function openDeadLetters(
  connection: RedisConnection,
  options: { name?: string } = {},
): Promise<DeadLetterQueue> {
  const naming: QueueNaming = { name: options.name ?? 'infrafabric' };
  const { Queue } = await loadBullmq();
  const dead = new Queue(deadLetterQueueName(naming), { connection: connection as never });
  const targets = new Map<string, InstanceType<typeof Queue>>();
  return {
    async list(limit = 100) {
      const jobs = await dead.getJobs(['waiting', 'delayed', 'prioritized'], 0, limit - 1);
      return jobs
        .filter(Boolean)
        .map((job) => ({ id: job.id as string, ...(job.data as Omit<DeadLetter, 'id'>) }));
    },
    async replay(id) {
      const job = await dead.getJob(id);
      if (!job) throw new Error(`No dead letter ${id}.`);
      const { command } = job.data as DeadLetter;
      const name = providerQueueName(naming, command.provider);
      let target = targets.get(name);
      if (!target) {
        target = new Queue(name, { connection: connection as never });
        targets.set(name, target);
      }
      const replayId = `${command.id}-replay-${Date.now()}`;
      await target.add(command.operation, { ...command, id: replayId }, { jobId: replayId, attempts: 1 });
      await job.remove();
      return replayId;
    },
    async remove(id) {
      await (await dead.getJob(id))?.remove();
    },
    async close() {
      for (const q of targets.values()) await q.close();
      await dead.close();
    },
  };
}
