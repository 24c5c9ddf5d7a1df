import type { CloudAdapter } from '../adapters/cloud-adapter';
import { TimeoutError, ValidationError } from '../errors/infrafabric-error';
import { fullJitterDelay, sleep } from '../policies/backoff';
import type { Server, ServerStatus } from '../schemas/cloud';

/**
 * Polls `getServer` with backoff (capped at `pollIntervalMs × 4`) until the server reaches `status`,
 * failing fast when it lands in a terminal state that can never reach it.
 * @throws TimeoutError at the deadline, ValidationError when the target is unreachable.
 */
export async function waitForServerStatus(
  adapter: Pick<CloudAdapter, 'getServer' | 'provider'>,
  input: {
    id: string;
    status: ServerStatus;
    timeoutMs?: number | undefined;
    pollIntervalMs?: number | undefined;
  },
  options: { signal?: AbortSignal | undefined; now?: () => number } = {},
): Promise<Server> {
  const now = options.now ?? Date.now;
  const timeoutMs = input.timeoutMs ?? 600_000;
  const interval = input.pollIntervalMs ?? 2_000;
  const deadline = now() + timeoutMs;
  for (let attempt = 0; ; attempt++) {
    const server = await adapter.getServer({ id: input.id }, { signal: options.signal });
    if (server.status === input.status) return server;
    const dead = server.status === 'terminated' || server.status === 'error';
    if (dead && input.status !== server.status) {
      throw new ValidationError(
        `${adapter.provider}: server ${input.id} is ${server.status} and will never be ${input.status}.`,
        {
          provider: adapter.provider,
          operation: 'waitForServer',
          field: 'status',
          rule: 'reachable',
        },
      );
    }
    const remaining = deadline - now();
    if (remaining <= 0) {
      throw new TimeoutError(
        `${adapter.provider}: server ${input.id} was still ${server.status} after ${timeoutMs} ms (waiting for ${input.status}).`,
        {
          provider: adapter.provider,
          operation: 'waitForServer',
          outcomeUnknown: false,
        },
      );
    }
    const delay = Math.min(
      remaining,
      interval + fullJitterDelay(attempt, { baseDelayMs: interval, maxDelayMs: interval * 3 }),
    );
    await sleep(delay, options.signal);
  }
}
