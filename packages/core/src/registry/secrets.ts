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
 * error in its `cause` chain; a non-error cause that would print a secret (an SDK's response
 * object, say) is replaced by its scrubbed printed form. Returns the same error, for chaining.
 * Without registered secrets it does nothing.
 */
export function scrubErrorSecrets<E>(error: E): E {
  if (store().values.size === 0) return error;
  let current: unknown = error;
  for (let depth = 0; depth < 8 && current instanceof Error; depth++) {
    if (typeof current.message === 'string') {
      const scrubbedMessage = scrubSecrets(current.message);
      if (scrubbedMessage !== current.message) current.message = scrubbedMessage;
    }
    if (typeof current.stack === 'string') {
      const scrubbedStack = scrubSecrets(current.stack);
      if (scrubbedStack !== current.stack) current.stack = scrubbedStack;
    }
    const cause: unknown = current.cause;
    if (cause !== undefined && !(cause instanceof Error)) {
      const printed = inspect(cause, { depth: 6 });
      const scrubbed = scrubSecrets(printed);
      if (scrubbed !== printed) current.cause = scrubbed;
    }
    current = cause;
  }
  return error;
}
