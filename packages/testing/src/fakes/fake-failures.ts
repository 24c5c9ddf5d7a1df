import { type InfraFabricError, sleep } from '@infrafabric/core';

/** Queue of errors a fake throws on its next calls, per operation (or `*` for any). */
export class FailurePlan {
  private readonly queue = new Map<string, InfraFabricError[]>();

  /** The next call of `operation` (or any operation, `*`) throws `error`, `times` times. */
  failNext(operation: string, error: InfraFabricError, times = 1): void {
    const list = this.queue.get(operation) ?? [];
    for (let i = 0; i < times; i++) list.push(error);
    this.queue.set(operation, list);
  }

  /** Throws the planned error for `operation`, if any. */
  maybeThrow(operation: string): void {
    for (const key of [operation, '*']) {
      const list = this.queue.get(key);
      const next = list?.shift();
      if (next) throw next;
    }
  }

  /** Forgets every planned failure. */
  clear(): void {
    this.queue.clear();
  }
}

/** Shared options of the fakes. */
export interface FakeOptions {
  /** Adapter name on a bus (defaults to the fake's provider name). */
  name?: string;
  /** Simulated latency per call, ms. */
  latencyMs?: number;
}

/** Sleeps for the fake's latency, honouring an abort signal (core's `sleep`). */
export function simulateLatency(ms: number | undefined, signal?: AbortSignal): Promise<void> {
  return sleep(ms ?? 0, signal);
}
