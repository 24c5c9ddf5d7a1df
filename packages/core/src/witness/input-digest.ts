import { redactedCanonicalJson } from './canonical-json';
import { sha256Hex } from './hash-chain';

/**
 * SHA-256 of the canonical JSON of `input` with secrets redacted, in one pass: equal to
 * `sha256Hex(canonicalJson(redact(input)))` without building the intermediate copy.
 */
export function inputDigest(input: unknown): string {
  return sha256Hex(redactedCanonicalJson(input));
}

function collectObjects(value: unknown, into: Set<object>, depth: number): void {
  if (value === null || typeof value !== 'object' || depth > 32 || into.has(value)) return;
  into.add(value);
  for (const key in value) collectObjects((value as Record<string, unknown>)[key], into, depth + 1);
}

function reachesAny(value: unknown, objects: Set<object>, depth: number): boolean {
  if (value === null || typeof value !== 'object' || depth > 32) return false;
  if (objects.has(value)) return !(value instanceof Uint8Array); // bytes are digested by length only
  for (const key in value)
    if (reachesAny((value as Record<string, unknown>)[key], objects, depth + 1)) return true;
  return false;
}

/**
 * Walks `parsed` and `raw` side by side (validation keeps the shape): true when a parsed object is
 * the raw one at the same place; undefined when the shapes part (a transform), so the caller falls
 * back to a full search.
 */
function sharesAligned(parsed: object, raw: unknown, depth: number): boolean | undefined {
  if (depth > 32) return undefined;
  if (raw === null || typeof raw !== 'object') return undefined;
  for (const key in parsed) {
    const value = (parsed as Record<string, unknown>)[key];
    if (value === null || typeof value !== 'object') continue;
    const rawValue = (raw as Record<string, unknown>)[key];
    if (value === rawValue) {
      if (!(value instanceof Uint8Array)) return true; // bytes are digested by length only
      continue;
    }
    const nested = sharesAligned(value, rawValue, depth + 1);
    if (nested !== false) return nested;
  }
  return false;
}

/**
 * Whether `parsed` (a validated copy of `raw`) still contains objects of `raw` itself: validation
 * copies the objects its schema describes, but passes free-form parts (`z.unknown()`) through, and
 * the caller may change those after the call. A digest taken later must then be taken now.
 */
export function sharesObjectsWith(parsed: unknown, raw: unknown): boolean {
  if (parsed === null || typeof parsed !== 'object') return false;
  if (parsed === raw) return true;
  const aligned = sharesAligned(parsed, raw, 0);
  if (aligned !== undefined) return aligned;
  const objects = new Set<object>();
  collectObjects(raw, objects, 0);
  return reachesAny(parsed, objects, 0);
}
