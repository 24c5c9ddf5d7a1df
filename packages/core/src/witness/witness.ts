import type { AuditEntry, AuditRecord, AuditSink, VerifyResult } from './audit-entry';
import { chainEntry, chainRecordInPlace, verifyChain } from './hash-chain';
import { MemoryAuditSink } from './memory-sink';
import { scrubErrorSecrets } from '../registry/secrets';

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

/** Options of a {@link Witness}. */
export interface WitnessOptions {
  /**
   * Receives a failed write of a batched entry (see {@link Witness.appendSoon}), which has no
   * caller left to reject. Default: logged with `console.error`, secrets scrubbed.
   */
  onError?: ((error: AuditWriteError) => void) | undefined;
}

/** Batched records are written at the latest after this many, even if the event loop never idles. */
const MAX_BATCH = 128;

/**
 * The audit log ("witness"): appends one hash-chained entry per dispatched operation to every sink.
 * The chain continues from the first sink that already holds entries (e.g. a JSONL file after a
 * restart). `verify()` re-checks the chain and names the first bad entry.
 *
 * When every sink is volatile (in-memory), `appendSoon` lets the dispatcher hand over a record and
 * return to its caller at once: the batch is digested, hashed and written two turns of the event
 * loop later (or after 128 records), in order, and before anything reads the log.
 */
export class Witness {
  private readonly sinks: AuditSink[];
  private lastEntry: AuditEntry | undefined;
  private pending: Promise<void> = Promise.resolve();
  /** Builder, state and whether the built record is owned (see appendOwnedSoon), flat. */
  private batch: unknown[] = [];
  private flushScheduled = false;
  private readonly onError: (error: AuditWriteError) => void;
  /** Whether records may be batched: every sink keeps entries in this process's memory only. */
  readonly batchable: boolean;

  constructor(sinks: AuditSink[] = [new MemoryAuditSink()], options: WitnessOptions = {}) {
    this.sinks = sinks;
    this.onError =
      options.onError ?? ((error) => console.error('[infrafabric] audit:', scrubErrorSecrets(error)));
    for (const sink of sinks) {
      const last = sink.last?.();
      if (last && (!this.lastEntry || last.seq > this.lastEntry.seq)) this.lastEntry = last;
    }
    this.batchable = sinks.length > 0 && sinks.every((sink) => sink.volatile === true);
    for (const sink of sinks) sink.bindFlush?.(this.flush);
  }

  /** The configured sinks. */
  get sinkList(): readonly AuditSink[] {
    return this.sinks;
  }

  /** Appends a record; resolves when every sink has it. Records batched before it are written first. */
  append(record: AuditRecord): AuditEntry | Promise<AuditEntry> {
    if (this.batch.length > 0) this.flush();
    return this.write(record);
  }

  /**
   * Queues a record to be written soon, together with any others queued by then: two turns of the
   * event loop later (after I/O the caller started meanwhile has been sent, so the work falls in
   * time the process spends waiting), after 128 records, or before anything reads the
   * log. `build(state)` runs at that time, so digesting the input is off the caller's path too.
   * Only for a {@link batchable} witness (appends at once otherwise). Entries keep their order
   * relative to {@link append}.
   */
  appendSoon<S>(build: (state: S) => AuditRecord, state: S): void {
    this.queue(build, state, false);
  }

  /**
   * @internal {@link Witness.appendSoon} for a `build` that returns a new record on every call,
   * which then becomes the entry itself instead of being copied (the dispatcher's records).
   */
  appendOwnedSoon<S>(build: (state: S) => AuditRecord, state: S): void {
    this.queue(build, state, true);
  }

  private queue<S>(build: (state: S) => AuditRecord, state: S, owned: boolean): void {
    if (!this.batchable) {
      const written = this.append(build(state));
      if (written instanceof Promise) written.catch((error: AuditWriteError) => this.reportError(error));
      return;
    }
    this.batch.push(build as (state: unknown) => AuditRecord, state, owned);
    if (this.batch.length >= MAX_BATCH * 3) this.flush();
    else if (!this.flushScheduled) {
      this.flushScheduled = true;
      setImmediate(this.flushNextTurn);
    }
  }

  private readonly flushNextTurn = (): void => {
    setImmediate(this.flush);
  };

  /** Writes every batched record now. */
  readonly flush = (): void => {
    this.flushScheduled = false;
    if (this.batch.length === 0) return;
    const batch = this.batch;
    this.batch = [];
    for (let i = 0; i < batch.length; i += 3) {
      const build = batch[i] as (state: unknown) => AuditRecord;
      let entry: AuditEntry;
      try {
        const record = build(batch[i + 1]);
        // An owned record was made for this entry alone: it is linked in place, not copied.
        entry = batch[i + 2]
          ? chainRecordInPlace(record, this.lastEntry)
          : chainEntry(record, this.lastEntry);
      } catch (cause) {
        // No caller is left to reject (the flush may run from the event loop): report it.
        const seq = (this.lastEntry?.seq ?? 0) + 1;
        this.report({ seq, provider: '(unknown)', operation: '(unknown)' } as AuditEntry, cause);
        continue;
      }
      this.lastEntry = entry;
      for (const sink of this.sinks) {
        try {
          const result = sink.write(entry);
          if (result instanceof Promise) result.catch((cause: unknown) => this.report(entry, cause));
        } catch (cause) {
          this.report(entry, cause);
        }
      }
    }
  };

  private report(entry: AuditEntry, cause: unknown): void {
    this.reportError(new AuditWriteError(entry, cause));
  }

  /**
   * Hands a failed write to the `onError` option (for the dispatcher too, whose operation stands);
   * a throwing handler must not crash a flush, or the process.
   */
  reportError(error: AuditWriteError): void {
    try {
      this.onError(error);
    } catch (handlerError) {
      console.error('[infrafabric] audit: onError threw', scrubErrorSecrets(error), handlerError);
    }
  }

  private write(record: AuditRecord): AuditEntry | Promise<AuditEntry> {
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
    this.flush();
    for (const sink of this.sinks) if (sink.entries) return sink.entries();
    return [];
  }

  /** Verifies the chain held by the first readable sink. */
  async verify(): Promise<VerifyResult> {
    this.flush();
    const sink = this.sinks.find((s) => s.entries);
    if (!sink?.entries) return { ok: true, checked: 0 };
    const entries = await sink.entries();
    const partial = sink instanceof MemoryAuditSink ? sink.wrapped : false;
    return verifyChain(entries, { allowPartialStart: partial });
  }

  /** Waits for async sinks and closes every sink. */
  async close(): Promise<void> {
    this.flush();
    await this.pending;
    for (const sink of this.sinks) await sink.close?.();
  }
}
