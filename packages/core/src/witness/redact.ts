import { scrubSecrets } from '../registry/secrets';
import { REDACTED, isSecretKey, maskCardNumbers } from './redact-rules';

export { REDACTED, isSecretKey, maskCardNumbers } from './redact-rules';

/**
 * Returns a deep copy of `value` that is safe to log or audit: values under credential-like keys
 * (token, secret, password, apiKey, authorization, card number, cvc...) are replaced by
 * `[REDACTED]`, card numbers inside strings are masked, and registered secret values are scrubbed
 * wherever they appear. Bytes are summarized by length.
 */
export function redact(value: unknown, depth = 0): unknown {
  if (depth > 32) return '[TOO DEEP]';
  if (typeof value === 'string') return maskCardNumbers(scrubSecrets(value));
  if (value instanceof Uint8Array) return { $bytes: value.byteLength };
  if (Array.isArray(value)) return value.map((v) => redact(v, depth + 1));
  if (value !== null && typeof value === 'object') {
    // fromEntries defines own properties, so a key such as "__proto__" is kept, not a prototype.
    return Object.fromEntries(
      Object.entries(value).map(([key, v]) => [
        key,
        isSecretKey(key) && v !== undefined && v !== null ? REDACTED : redact(v, depth + 1),
      ]),
    );
  }
  return value;
}
