import type { AdapterKind } from '../adapters/adapter';
import type { ErrorCode } from '../errors/error-codes';
import type { Money } from '../schemas/money';

/** The fields of an audit entry that the dispatcher provides. */
export interface AuditRecord {
  /** ISO 8601 time the operation finished. */
  time: string;
  /** Correlates the entries of one logical flow (a broadcast, a profile run). */
  traceId: string;
  /** Id of the command (one per logical operation, shared by its retries). */
  commandId: string;
  kind: AdapterKind;
  /** Adapter name on the bus (usually the provider name). */
  provider: string;
  operation: string;
  /** SHA-256 of the redacted, canonical input: proves what was sent without storing it. */
  inputDigest: string;
  idempotencyKey?: string | undefined;
  outcome: 'ok' | 'error';
  errorCode?: ErrorCode | undefined;
  /** The provider's own error code, if any. */
  providerCode?: string | undefined;
  attempts: number;
  latencyMs: number;
  estimatedCost?: Money | undefined;
  cost?: Money | undefined;
}

/** An audit entry as stored: the record plus its place in the hash chain. */
export interface AuditEntry extends AuditRecord {
  /** 1, 2, 3... within one chain. */
  seq: number;
  /** Hash of the previous entry (64 zeros for the first). */
  prevHash: string;
  /** SHA-256 over `prevHash` and the canonical JSON of this entry without `hash`. */
  hash: string;
}

/** Result of verifying a chain. */
export interface VerifyResult {
  ok: boolean;
  /** Entries checked. */
  checked: number;
  /** The first entry that does not verify, by sequence number. */
  firstBadSeq?: number | undefined;
  reason?: string | undefined;
}

/** Where audit entries go. Sinks receive complete, hashed entries, in order. */
export interface AuditSink {
  /** Persists one entry. May be sync; a returned promise is awaited before the next write. */
  write(entry: AuditEntry): void | Promise<void>;
  /** The last entry already in the sink (so a restarted process continues the chain). */
  last?(): AuditEntry | undefined;
  /** Entries the sink can read back, oldest first. */
  entries?(): AuditEntry[] | Promise<AuditEntry[]>;
  close?(): void | Promise<void>;
  /**
   * True when the sink keeps entries only in this process's memory, so nothing it holds survives a
   * crash either way. When every sink of a witness is volatile, entries may be hashed and written in
   * a batch just after their operations return (off the caller's path); every read through the
   * witness writes the batch first.
   */
  readonly volatile?: boolean;
  /**
   * Given to a volatile sink that can be read directly: it writes any entries still waiting in a
   * batch. The sink calls it before answering `entries()` or `last()`.
   */
  bindFlush?(flush: () => void): void;
}
