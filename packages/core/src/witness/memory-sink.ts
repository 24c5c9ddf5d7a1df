import type { AuditEntry, AuditSink } from './audit-entry';

/** Keeps the newest `capacity` entries in memory (a ring buffer). */
export class MemoryAuditSink implements AuditSink {
  private readonly buffer: AuditEntry[] = [];
  private start = 0;
  private readonly flushers = new Set<() => void>();

  /** Entries live in this process's memory only: the witness may batch writes to it. */
  readonly volatile = true;

  constructor(readonly capacity = 10_000) {
    if (!(capacity >= 1)) throw new RangeError('MemoryAuditSink capacity must be at least 1.');
  }

  /** Called by the witness: `flush` writes entries still waiting in a batch before any read. */
  bindFlush(flush: () => void): void {
    this.flushers.add(flush);
  }

  private flushPending(): void {
    for (const flush of this.flushers) flush();
  }

  write(entry: AuditEntry): void {
    if (this.buffer.length < this.capacity) this.buffer.push(entry);
    else {
      this.buffer[this.start] = entry;
      this.start = (this.start + 1) % this.capacity;
    }
  }

  last(): AuditEntry | undefined {
    this.flushPending();
    if (this.buffer.length === 0) return undefined;
    return this.buffer[(this.start + this.buffer.length - 1) % this.buffer.length];
  }

  /** Entries oldest first. Once the ring has wrapped, the oldest have been dropped. */
  entries(): AuditEntry[] {
    this.flushPending();
    return [...this.buffer.slice(this.start), ...this.buffer.slice(0, this.start)];
  }

  /** True once entries have been dropped (the chain then starts mid-way). */
  get wrapped(): boolean {
    this.flushPending();
    return this.buffer.length === this.capacity && (this.start !== 0 || (this.buffer[0]?.seq ?? 1) !== 1);
  }
}
