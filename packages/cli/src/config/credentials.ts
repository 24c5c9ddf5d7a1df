import { UsageError } from '../exit-codes';
import type { StoredConnection } from './connections';

const ENV_REF = /^env:([A-Za-z_][A-Za-z0-9_]*)$/;

/**
 * Parses repeated `--cred key=value` / `--cred key=env:VAR` flags. The value is kept verbatim, so an
 * `env:VAR` reference is stored as the reference and resolved only when a command runs.
 */
export function parseCredentialFlags(flags: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const flag of flags) {
    const eq = flag.indexOf('=');
    if (eq <= 0) {
      throw new UsageError(
        `--cred "${flag.split('=')[0]}" has no value.`,
        'Write --cred key=value or --cred key=env:VAR.',
      );
    }
    out[flag.slice(0, eq)] = flag.slice(eq + 1);
  }
  return out;
}

/** The environment variable an `env:VAR` reference names, or undefined for a literal. */
export function envReference(value: string): string | undefined {
  return ENV_REF.exec(value)?.[1];
}

/**
 * The connection's credentials with `env:VAR` references read from `env`.
 * @throws UsageError naming the unset variable.
 */
export function resolveCredentials(
  connection: StoredConnection,
  env: NodeJS.ProcessEnv = process.env,
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(connection.credentials)) {
    const variable = envReference(value);
    if (variable === undefined) {
      out[key] = value;
      continue;
    }
    const resolved = env[variable];
    if (resolved === undefined || resolved === '') {
      throw new UsageError(
        `Connection "${connection.name}" reads ${key} from $${variable}, which is not set.`,
        `Export ${variable} in this shell, or re-add the connection with another --cred ${key}=...`,
      );
    }
    out[key] = resolved;
  }
  return out;
}

/**
 * A credential value as it may be shown: references as they are, secrets as `********`,
 * non-secret literals (a region, a URL) in full.
 */
export function displayCredential(connection: StoredConnection, key: string): string {
  const value = connection.credentials[key] ?? '';
  if (envReference(value) !== undefined) return value;
  return connection.secretKeys.includes(key) ? '********' : value;
}

/** Every credential of a connection, masked for output. */
export function maskedCredentials(connection: StoredConnection): Record<string, string> {
  return Object.fromEntries(
    Object.keys(connection.credentials).map((key) => [key, displayCredential(connection, key)]),
  );
}
