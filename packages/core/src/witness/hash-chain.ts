import { hash } from 'node:crypto';
import type { AuditEntry, AuditRecord, VerifyResult } from './audit-entry';
import { canonicalJson } from './canonical-json';

/** `prevHash` of the first entry of a chain. */
export const GENESIS_HASH = '0'.repeat(64);

/** SHA-256 hex of a string. */
export function sha256Hex(text: string): string {
  // One-shot hashing: no Hash object per call (this runs twice per dispatched operation).
  return hash('sha256', text, 'hex');
}

/** The entry fields covered by the hash, in a fixed order (faster than sorting keys per entry). */
const HASHED_FIELDS = [
  'seq',
  'prevHash',
  'time',
  'traceId',
  'commandId',
  'kind',
  'provider',
  'operation',
  'inputDigest',
  'idempotencyKey',
  'outcome',
  'errorCode',
  'providerCode',
  'attempts',
  'latencyMs',
] as const;
const KNOWN_FIELDS = new Set<string>([...HASHED_FIELDS, 'estimatedCost', 'cost', 'hash']);

function money(value: unknown): unknown {
  const m = value as { amount?: unknown; currency?: unknown } | undefined;
  return m === undefined || m === null ? null : [m.amount, m.currency];
}

/**
 * The exact text an entry's hash covers: every known field in a fixed order, then any other field
 * (sorted), so adding, removing or changing any field changes the hash.
 */
export function entryHashPayload(entry: Omit<AuditEntry, 'hash'>): string {
  const record = entry as unknown as Record<string, unknown>;
  const n = HASHED_FIELDS.length;
  const values: unknown[] = new Array(n + 2);
  for (let i = 0; i < n; i++) values[i] = record[HASHED_FIELDS[i] as string] ?? null;
  values[n] = money(record.estimatedCost);
  values[n + 1] = money(record.cost);
  let extra: Record<string, unknown> | undefined;
  for (const key in record) {
    if (!KNOWN_FIELDS.has(key) && record[key] !== undefined) {
      extra ??= {};
      extra[key] = record[key];
    }
  }
  if (extra) values.push(canonicalJson(extra));
  return JSON.stringify(values);
}

/** Computes the hash of an entry from its content and `prevHash`. */
export function hashEntry(entry: Omit<AuditEntry, 'hash'>): string {
  return sha256Hex(entryHashPayload(entry));
}

/** Links a record after `previous` (or starts a chain). */
export function chainEntry(
  record: AuditRecord,
  previous: Pick<AuditEntry, 'seq' | 'hash'> | undefined,
): AuditEntry {
  return chainRecordInPlace({ ...record }, previous);
}

/**
 * Links a record the caller built for this purpose and hands over: the record itself becomes the
 * entry (its fields first, then `seq`, `prevHash` and `hash`, as {@link chainEntry} orders them),
 * so no copy is made.
 */
export function chainRecordInPlace(
  record: AuditRecord,
  previous: Pick<AuditEntry, 'seq' | 'hash'> | undefined,
): AuditEntry {
  const entry = record as AuditEntry;
  // `hash` is not covered by the payload, so it is filled in last.
  entry.seq = (previous?.seq ?? 0) + 1;
  entry.prevHash = previous?.hash ?? GENESIS_HASH;
  entry.hash = '';
  entry.hash = hashEntry(entry);
  return entry;
}

/**
 * Verifies a chain: every entry's hash matches its content, links to the previous entry's hash,
 * and sequence numbers increase by one. A chain read from a ring buffer may start mid-way
 * (`allowPartialStart`). Returns the first bad entry.
 */
export function verifyChain(
  entries: readonly AuditEntry[],
  options: { allowPartialStart?: boolean } = {},
): VerifyResult {
  let previous: AuditEntry | undefined;
  for (const [index, entry] of entries.entries()) {
    const { hash, ...rest } = entry;
    if (hashEntry(rest) !== hash) {
      return {
        ok: false,
        checked: index,
        firstBadSeq: entry.seq,
        reason: `entry ${entry.seq}: content does not match its hash (altered)`,
      };
    }
    if (previous) {
      if (entry.prevHash !== previous.hash) {
        return {
          ok: false,
          checked: index,
          firstBadSeq: entry.seq,
          reason: `entry ${entry.seq}: does not link to entry ${previous.seq} (inserted, removed or reordered)`,
        };
      }
      if (entry.seq !== previous.seq + 1) {
        return {
          ok: false,
          checked: index,
          firstBadSeq: entry.seq,
          reason: `entry ${entry.seq}: sequence jumps from ${previous.seq}`,
        };
      }
    } else if (!options.allowPartialStart && (entry.seq !== 1 || entry.prevHash !== '0'.repeat(64))) {
      return {
        ok: false,
        checked: index,
        firstBadSeq: entry.seq,
        reason: `entry ${entry.seq}: chain does not start at entry 1 (entries before it were removed)`,
      };
    }
    previous = entry;
  }
  return { ok: true, checked: entries.length };
}
