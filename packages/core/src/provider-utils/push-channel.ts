/**
 * A push-to-pull bridge: socket callbacks push values, an `async for` loop pulls them. Values are
 * buffered (bounded, oldest dropped) while nobody is pulling.
 */
export class PushChannel<T> implements AsyncIterable<T> {
  private readonly buffer: T[] = [];
  private waiter: { resolve: (r: IteratorResult<T>) => void; reject: (e: unknown) => void } | undefined;
  private done = false;
  private failure: unknown;

  constructor(private readonly limit = 1000) {}

  /** Adds a value (ignored after close). */
  push(value: T): void {
    if (this.done) return;
    if (this.waiter) {
      const { resolve } = this.waiter;
      this.waiter = undefined;
      resolve({ value, done: false });
      return;
    }
    this.buffer.push(value);
    if (this.buffer.length > this.limit) this.buffer.shift();
  }

  /** Ends the stream; the consumer sees the buffered values, then the end (or `error`). */
  close(error?: unknown): void {
    if (this.done) return;
    this.done = true;
    this.failure = error;
    if (this.waiter) {
      const waiter = this.waiter;
      this.waiter = undefined;
      if (error === undefined) waiter.resolve({ value: undefined, done: true });
      else waiter.reject(error);
    }
  }

  /** Whether close() was called. */
  get closed(): boolean {
    return this.done;
  }

  [Symbol.asyncIterator](): AsyncIterator<T> {
    return {
      next: () => {
        if (this.buffer.length > 0) return Promise.resolve({ value: this.buffer.shift() as T, done: false });
        if (this.done) {
          if (this.failure !== undefined) {
            const failure = this.failure;
            this.failure = undefined;
            return Promise.reject(failure);
          }
          return Promise.resolve({ value: undefined, done: true });
        }
        return new Promise((resolve, reject) => {
          this.waiter = { resolve, reject };
        });
      },
      return: () => {
        this.close();
        return Promise.resolve({ value: undefined, done: true });
      },
    };
  }
}
