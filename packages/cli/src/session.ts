import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { AdapterKind, AnyAdapter, Bus } from '@infrafabric/core';
import { ConnectionStore, type StoredConnection } from './config/connections';
import { resolveCredentials } from './config/credentials';
import { defaultAuditPath } from './config/paths';
import { UsageError } from './exit-codes';
import type { GlobalOptions } from './output';
import { loadCore, requireProviderPackage } from './providers';

/** A Bus holding the adapters of some saved connections, each addressed by its connection name. */
export interface Session {
  bus: Bus;
  core: typeof import('@infrafabric/core');
  connections: StoredConnection[];
  /** Closes adapters and the audit file. */
  close(): Promise<void>;
}

/** Builds one adapter from a saved connection through core's registry. */
export async function adapterFor(connection: StoredConnection): Promise<AnyAdapter> {
  await requireProviderPackage(connection.packageName, connection.provider);
  const core = await loadCore();
  return core.createAdapter(connection.provider, resolveCredentials(connection), {
    baseUrl: connection.baseUrl,
    name: connection.name,
  });
}

/**
 * Looks up connections by name, checking they are of `kind` when one is given.
 * @throws UsageError for an unknown connection or one of another kind.
 */
export function pickConnections(names: readonly string[], kind?: AdapterKind): StoredConnection[] {
  const store = new ConnectionStore();
  return names.map((name) => {
    const connection = store.get(name);
    if (kind && connection.kind !== kind) {
      throw new UsageError(
        `Connection "${name}" is a ${connection.kind} connection (${connection.provider}), not ${kind}.`,
        `List ${kind} connections with \`infrafabric connections list --kind ${kind}\`.`,
      );
    }
    return connection;
  });
}

/**
 * Opens a Bus over the named connections, with the JSON Lines audit file as its audit sink, so
 * every operation the CLI runs is in the hash-chained log (`audit verify`, `costs report`).
 */
export async function openSession(
  options: GlobalOptions,
  names: readonly string[],
  kind?: AdapterKind,
): Promise<Session> {
  const connections = pickConnections(names, kind);
  const core = await loadCore();
  const adapters = await Promise.all(connections.map((c) => adapterFor(c)));
  const auditPath = options.auditFile ?? defaultAuditPath();
  mkdirSync(dirname(auditPath), { recursive: true, mode: 0o700 });
  const bus = new core.Bus({ adapters, auditSinks: [new core.JsonlAuditSink(auditPath)] });
  return { bus, core, connections, close: () => bus.close() };
}

/** Runs `work` on a session and always closes it. */
export async function withSession<T>(
  options: GlobalOptions,
  names: readonly string[],
  kind: AdapterKind | undefined,
  work: (session: Session) => Promise<T>,
): Promise<T> {
  const session = await openSession(options, names, kind);
  try {
    return await work(session);
  } finally {
    await session.close();
  }
}
