/**
 * An unbounded async queue read as an async iterator: `push` never blocks; each reader gets the
 * items pushed after it started, until `close()` or its signal aborts. Readers that fall behind
 * keep at most `maxBuffered` items (oldest dropped, counted in `dropped`).
 */
export class AsyncQueue<T> {
  private readonly readers = new Set<{ buffer: T[]; wake?: (() => void) | undefined; dropped: number }>();
  private closed = false;

  constructor(private readonly maxBuffered = 10_000) {}

  /** Delivers `item` to every current reader. */
  push(item: T): void {
    for (const reader of this.readers) {
      reader.buffer.push(item);
      if (reader.buffer.length > this.maxBuffered) {
        reader.buffer.shift();
        reader.dropped += 1;
      }
      reader.wake?.();
    }
  }

  /** Ends every reader. */
  close(): void {
    this.closed = true;
    for (const reader of this.readers) reader.wake?.();
  }

  /** A new reader; it receives every item pushed from this call on (not only after the first `next()`). */
  read(signal?: AbortSignal): AsyncGenerator<T> {
    const reader: { buffer: T[]; wake?: (() => void) | undefined; dropped: number } = {
      buffer: [],
      dropped: 0,
    };
    this.readers.add(reader);
    return this.drain(reader, signal);
  }

  private async *drain(
    reader: { buffer: T[]; wake?: (() => void) | undefined; dropped: number },
    signal?: AbortSignal,
  ): AsyncGenerator<T> {
    const onAbort = () => reader.wake?.();
    signal?.addEventListener('abort', onAbort);
    try {
      for (;;) {
        while (reader.buffer.length > 0) yield reader.buffer.shift() as T;
        if (this.closed || signal?.aborted) return;
        await new Promise<void>((resolve) => {
          reader.wake = resolve;
        });
        reader.wake = undefined;
      }
    } finally {
      signal?.removeEventListener('abort', onAbort);
      this.readers.delete(reader);
    }
  }
}
