import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { AdapterKind } from '@infrafabric/core';
import { UsageError } from '../exit-codes';
import { connectionsPath } from './paths';

/**
 * A saved connection: which provider, with which credentials. A credential value is either the
 * literal value or `env:VAR`, a reference resolved from the environment at each run and never
 * copied into the file.
 */
export interface StoredConnection {
  name: string;
  provider: string;
  kind: AdapterKind;
  /** npm package that registers the provider (default `@infrafabric/<provider>`). */
  packageName: string;
  credentials: Record<string, string>;
  /** Credential keys the provider's catalog marks secret: always masked on output. */
  secretKeys: string[];
  /** API base URL override (regions, proxies, simulators). */
  baseUrl?: string | undefined;
  createdAt: string;
}

interface ConnectionsFile {
  version: 1;
  connections: Record<string, StoredConnection>;
}

/** Connection names: short, shell-safe, usable as Bus adapter names. */
export const CONNECTION_NAME = /^[a-zA-Z][a-zA-Z0-9_.-]{0,63}$/;

/**
 * The connections file (`$XDG_CONFIG_HOME/infrafabric/connections.json`). It may hold secrets, so
 * the directory is created 0700 and the file written 0600 through a temp file and rename (a
 * crash never leaves half a file, and the secret is never briefly world-readable).
 */
export class ConnectionStore {
  constructor(readonly path: string = connectionsPath()) {}

  /** Every saved connection, sorted by name. */
  list(): StoredConnection[] {
    return Object.values(this.read().connections).sort((a, b) => a.name.localeCompare(b.name));
  }

  /** The connection called `name`, or undefined. */
  find(name: string): StoredConnection | undefined {
    return this.read().connections[name];
  }

  /** The connection called `name`. @throws UsageError naming the saved ones when it is missing. */
  get(name: string): StoredConnection {
    const found = this.find(name);
    if (found) return found;
    const known = this.list().map((c) => c.name);
    throw new UsageError(
      `No connection named "${name}".`,
      known.length > 0
        ? `Saved connections: ${known.join(', ')}.`
        : 'Add one first, e.g. `infrafabric connections add slack --name ops --cred token=env:SLACK_BOT_TOKEN`.',
    );
  }

  /** Saves (or replaces, with `replace`) a connection. */
  save(connection: StoredConnection, options: { replace?: boolean } = {}): void {
    if (!CONNECTION_NAME.test(connection.name)) {
      throw new UsageError(
        `Invalid connection name "${connection.name}".`,
        'Use letters, digits, ".", "_" and "-", starting with a letter (at most 64 characters).',
      );
    }
    const file = this.read();
    if (file.connections[connection.name] && !options.replace) {
      throw new UsageError(
        `A connection named "${connection.name}" already exists.`,
        'Pick another --name, pass --force to replace it, or remove it first.',
      );
    }
    file.connections[connection.name] = connection;
    this.write(file);
  }

  /** Deletes a connection; false when there was none. */
  remove(name: string): boolean {
    const file = this.read();
    if (!file.connections[name]) return false;
    delete file.connections[name];
    this.write(file);
    return true;
  }

  private read(): ConnectionsFile {
    if (!existsSync(this.path)) return { version: 1, connections: {} };
    try {
      const parsed = JSON.parse(readFileSync(this.path, 'utf8')) as ConnectionsFile;
      if (parsed?.version !== 1 || typeof parsed.connections !== 'object') throw new Error('unknown layout');
      return parsed;
    } catch (error) {
      throw new UsageError(
        `Cannot read ${this.path}: ${(error as Error).message}.`,
        'Fix or delete the file (it holds only InfraFabric connections).',
      );
    }
  }

  private write(file: ConnectionsFile): void {
    mkdirSync(dirname(this.path), { recursive: true, mode: 0o700 });
    const temp = `${this.path}.${process.pid}.tmp`;
    writeFileSync(temp, `${JSON.stringify(file, null, 2)}\n`, { mode: 0o600 });
    chmodSync(temp, 0o600);
    renameSync(temp, this.path);
  }
}
