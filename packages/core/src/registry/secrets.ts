const SECRETS_KEY = Symbol.for('infrafabric.secrets.v1');

interface SecretStore {
  values: Set<string>;
}

function store(): SecretStore {
  const holder = globalThis as unknown as Record<symbol, SecretStore | undefined>;
  holder[SECRETS_KEY] ??= { values: new Set() };
  return holder[SECRETS_KEY];
}

/**
 * Remembers credential values (tokens, keys, passwords) so that {@link scrubSecrets} can remove
 * them from any error message, log line or audit entry, even if a provider or SDK echoes one.
 * Adapters call this with their secret credentials when they are created. Values shorter than 6
 * characters are ignored (too likely to match ordinary text).
 */
export function registerSecrets(values: Iterable<string | undefined | null>): void {
  const { values: set } = store();
  for (const value of values) if (typeof value === 'string' && value.length >= 6) set.add(value);
}

/** Replaces every registered secret in `text` with `[REDACTED]`. */
export function scrubSecrets(text: string): string {
  const { values } = store();
  if (values.size === 0) return text;
  let out = text;
  for (const secret of values) if (out.includes(secret)) out = out.split(secret).join('[REDACTED]');
  return out;
}
