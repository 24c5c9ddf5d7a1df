import { inspect } from 'node:util';

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

/**
 * Removes registered secrets from an error in place: its message and stack and those of every
 * error in its `cause` chain. A cause that would still print a secret (an SDK error carrying the
 * request and its headers, say) is replaced by a plain copy with scrubbed text (or, if it is not
 * an error, by its scrubbed printed form). Returns the same error, for chaining.
 * Without registered secrets it does nothing.
 */
export function scrubErrorSecrets<E>(error: E): E {
  if (store().values.size === 0) return error;
  let current: unknown = error;
  for (let depth = 0; depth < 8 && current instanceof Error; depth++) {
    scrubOwnText(current);
    const cause: unknown = current.cause;
    if (cause === undefined) break;
    const printed = inspect(cause, { depth: 6 });
    if (scrubSecrets(printed) !== printed) {
      // The cause prints a secret (its message, or a request/headers object an SDK attached):
      // keep a plain copy with the text scrubbed and the rest of the chain, drop the properties.
      current.cause = cause instanceof Error ? plainCopy(cause) : scrubSecrets(printed);
    }
    current = current.cause;
  }
  return error;
}

function scrubOwnText(error: Error): void {
  if (typeof error.message === 'string') {
    const message = scrubSecrets(error.message);
    if (message !== error.message) error.message = message;
  }
  if (typeof error.stack === 'string') {
    const stack = scrubSecrets(error.stack);
    if (stack !== error.stack) error.stack = stack;
  }
}

function plainCopy(error: Error): Error {
  const copy = new Error(typeof error.message === 'string' ? scrubSecrets(error.message) : '', {
    cause: error.cause,
  });
  copy.name = error.name;
  copy.stack = typeof error.stack === 'string' ? scrubSecrets(error.stack) : undefined;
  return copy;
}
