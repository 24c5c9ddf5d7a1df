import type { CloudAdapter } from '../adapters/cloud-adapter';
import { MANAGED_TAG_KEY, type Server } from '../schemas/cloud';

/** Options of {@link sweepManagedServers}. */
export interface SweepOptions {
  /** Only servers launched at least this long ago are destroyed (protects ones still in use). */
  olderThanMs: number;
  /** Region to sweep; the adapter's default region when absent. */
  region?: string | undefined;
  /** List what would be destroyed without destroying it. */
  dryRun?: boolean | undefined;
  /** Clock, for tests. */
  now?: () => number;
  signal?: AbortSignal | undefined;
}

/** What a sweep found and did. */
export interface SweepResult {
  /** Servers destroyed (or, with `dryRun`, that would have been). */
  destroyed: Server[];
  /** Servers whose destruction failed, with the error. */
  failed: Array<{ server: Server; error: unknown }>;
}

/**
 * Destroys every server carrying InfraFabric's managed tag (`infrafabric-managed=true`) that was
 * created more than `olderThanMs` ago and is not already terminating. Use it to clean up after
 * crashed test runs. Servers without a creation time are left alone.
 *
 * @example
 * ```ts
 * const { destroyed } = await sweepManagedServers(cloud, { olderThanMs: 2 * 60 * 60 * 1000 });
 * ```
 */
export async function sweepManagedServers(
  adapter: Pick<CloudAdapter, 'listServers' | 'destroyServer'>,
  options: SweepOptions,
): Promise<SweepResult> {
  const now = (options.now ?? Date.now)();
  const servers = await adapter.listServers(
    { tags: { [MANAGED_TAG_KEY]: 'true' }, ...(options.region ? { region: options.region } : {}) },
    { signal: options.signal },
  );
  const stale = servers.filter((server) => {
    if (server.status === 'terminated' || server.status === 'terminating') return false;
    if (server.tags[MANAGED_TAG_KEY] !== 'true' || !server.createdAt) return false;
    return now - Date.parse(server.createdAt) >= options.olderThanMs;
  });
  const result: SweepResult = { destroyed: [], failed: [] };
  for (const server of stale) {
    if (options.dryRun) {
      result.destroyed.push(server);
      continue;
    }
    try {
      await adapter.destroyServer({ id: server.id }, { signal: options.signal });
      result.destroyed.push(server);
    } catch (error) {
      result.failed.push({ server, error });
    }
  }
  return result;
}
