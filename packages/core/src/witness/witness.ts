import type { AuditEntry, AuditRecord, AuditSink, VerifyResult } from './audit-entry';
import { chainEntry, verifyChain } from './hash-chain';
import { MemoryAuditSink } from './memory-sink';

/** An audit sink failed to store `entry` (the operation itself has already happened). */
export class AuditWriteError extends Error {
  constructor(
    /** The entry that was not stored by every sink. */
    readonly entry: AuditEntry,
    cause: unknown,
  ) {
    super(
      `Audit entry ${entry.seq} (${entry.provider}.${entry.operation}) was not written by every sink: ${cause instanceof Error ? cause.message : String(cause)}. Check the audit sink (e.g. its Redis or file).`,
      { cause },
    );
    this.name = 'AuditWriteError';
  }
}

/**
 * The audit log ("witness"): appends one hash-chained entry per dispatched operation to every sink.
 * The chain continues from the first sink that already holds entries (e.g. a JSONL file after a
 * restart). `verify()` re-checks the chain and names the first bad entry.
 */
export class Witness {
  private readonly sinks: AuditSink[];
  private lastEntry: AuditEntry | undefined;
  private pending: Promise<void> = Promise.resolve();

  constructor(sinks: AuditSink[] = [new MemoryAuditSink()]) {
    this.sinks = sinks;
    for (const sink of sinks) {
      const last = sink.last?.();
      if (last && (!this.lastEntry || last.seq > this.lastEntry.seq)) this.lastEntry = last;
    }
  }

  /** The configured sinks. */
  get sinkList(): readonly AuditSink[] {
    return this.sinks;
  }

  /** Appends a record; resolves when every sink has it. */
  append(record: AuditRecord): AuditEntry | Promise<AuditEntry> {
    const entry = chainEntry(record, this.lastEntry);
    this.lastEntry = entry;
    const asyncWrites: Promise<void>[] = [];
    for (const sink of this.sinks) {
      const result = sink.write(entry);
      if (result instanceof Promise) asyncWrites.push(result);
    }
    if (asyncWrites.length === 0) return entry;
    // Entries resolve in order, but one failed write rejects only its own append: `pending` must
    // never stay rejected, or every later operation would fail after its provider call.
    const written = this.pending
      .then(() => Promise.all(asyncWrites))
      .then(
        () => entry,
        (cause: unknown) => {
          throw new AuditWriteError(entry, cause);
        },
      );
    this.pending = written.then(
      () => undefined,
      () => undefined,
    );
    return written;
  }

  /** Entries from the first sink that can read them back. */
  async entries(): Promise<AuditEntry[]> {
    for (const sink of this.sinks) if (sink.entries) return sink.entries();
    return [];
  }

  /** Verifies the chain held by the first readable sink. */
  async verify(): Promise<VerifyResult> {
    const sink = this.sinks.find((s) => s.entries);
    if (!sink?.entries) return { ok: true, checked: 0 };
    const entries = await sink.entries();
    const partial = sink instanceof MemoryAuditSink ? sink.wrapped : false;
    return verifyChain(entries, { allowPartialStart: partial });
  }

  /** Waits for async sinks and closes every sink. */
  async close(): Promise<void> {
    await this.pending;
    for (const sink of this.sinks) await sink.close?.();
  }
}
