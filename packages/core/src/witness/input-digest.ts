import { redactedCanonicalJson } from './canonical-json';
import { sha256Hex } from './hash-chain';

/**
 * SHA-256 of the canonical JSON of `input` with secrets redacted, in one pass: equal to
 * `sha256Hex(canonicalJson(redact(input)))` without building the intermediate copy.
 */
export function inputDigest(input: unknown): string {
  return sha256Hex(redactedCanonicalJson(input));
}
