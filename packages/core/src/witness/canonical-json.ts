import { scrubSecrets } from '../registry/secrets';
import { boundedMemo } from './bounded-memo';
import { REDACTED, isSecretKey, maskCardNumbers } from './redact-rules';

/** Quoted JSON of a property name, computed once per name. */
const quoteKey = boundedMemo((key) => JSON.stringify(key));

/**
 * Sorts property names in place by UTF-16 code units, as `Array.prototype.sort()` does. Objects
 * here have a handful of keys: an insertion sort allocates nothing (the built-in sort allocates a
 * work buffer on every call).
 */
function sortKeys(keys: string[]): string[] {
  if (keys.length > 16) return keys.sort();
  for (let i = 1; i < keys.length; i++) {
    const key = keys[i] as string;
    let j = i - 1;
    while (j >= 0 && (keys[j] as string) > key) {
      keys[j + 1] = keys[j] as string;
      j--;
    }
    keys[j + 1] = key;
  }
  return keys;
}

function write(value: unknown, depth: number, redacting: boolean): string {
  if (value === null || value === undefined) return 'null';
  switch (typeof value) {
    case 'string':
      return JSON.stringify(redacting ? maskCardNumbers(scrubSecrets(value)) : value);
    case 'number':
      return Number.isFinite(value) ? String(value) : 'null';
    case 'boolean':
      return value ? 'true' : 'false';
    case 'bigint':
      return JSON.stringify(value.toString());
    case 'object':
      break;
    default:
      return 'null';
  }
  if (depth > 32) return '"[TOO DEEP]"';
  if (value instanceof Uint8Array) return `{"$bytes":${value.byteLength}}`;
  if (Array.isArray(value))
    return `[${value.map((v) => (v === undefined ? 'null' : write(v, depth + 1, redacting))).join(',')}]`;
  if (value instanceof Date) return JSON.stringify(value.toISOString());
  const keys = sortKeys(Object.keys(value));
  let out = '{';
  let first = true;
  for (const key of keys) {
    const v = (value as Record<string, unknown>)[key];
    if (v === undefined) continue;
    const text =
      redacting && isSecretKey(key) && v !== null ? JSON.stringify(REDACTED) : write(v, depth + 1, redacting);
    out += `${first ? '' : ','}${quoteKey(key)}:${text}`;
    first = false;
  }
  return `${out}}`;
}

/**
 * JSON with object keys sorted (by UTF-16 code units) at every level, so equal values always hash
 * equally. `undefined` properties are dropped; bytes become `{ "$bytes": length }`.
 */
export function canonicalJson(value: unknown): string {
  return write(value, 0, false);
}

/**
 * Canonical JSON of `value` with secrets redacted in the same pass (see `redact`): what the audit
 * log digests instead of storing inputs.
 */
export function redactedCanonicalJson(value: unknown): string {
  return write(value, 0, true);
}
