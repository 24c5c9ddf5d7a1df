/** A pending deadline, as returned by {@link DeadlineQueue.add}. */
export interface Deadline {
  /** `performance.now()` time at which it fires. */
  readonly at: number;
  /** @internal Fired or cancelled. */
  done: boolean;
  /** @internal */
  readonly fire: () => void;
}

/** The longest delay a Node timer takes (2^31 − 1 ms). */
const MAX_TIMER_DELAY = 2_147_483_647;

/** Cancelled entries are dropped from the middle of the queue once there are this many. */
const COMPACT_AFTER = 1024;

/**
 * Many deadlines on one Node timer: adding and cancelling a deadline is plain array work, so a
 * per-attempt timeout costs no timer of its own on the hot path. The timer is armed for the
 * earliest live deadline and re-armed only when it fires or an earlier deadline arrives.
 *
 * The timer is unref'd: a deadline does not keep the process alive by itself (an attempt with a
 * socket or a timer of its own keeps it alive, as it would without the Bus).
 */
export class DeadlineQueue {
  /** Sorted by `at`; `items[head]` is the earliest not yet removed. */
  private items: Deadline[] = [];
  private head = 0;
  private cancelled = 0;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private timerAt = Number.POSITIVE_INFINITY;

  /** Calls `fire` after `ms` unless the returned deadline is cancelled first. */
  add(ms: number, fire: () => void): Deadline {
    const deadline: Deadline = { at: performance.now() + ms, done: false, fire };
    const items = this.items;
    // Deadlines of equal timeouts arrive in order: the insert point is almost always the end.
    let i = items.length;
    while (i > this.head && (items[i - 1] as Deadline).at > deadline.at) i--;
    if (i === items.length) items.push(deadline);
    else items.splice(i, 0, deadline);
    if (deadline.at < this.timerAt) this.arm(deadline.at);
    return deadline;
  }

  /** Cancels a deadline (no effect once it has fired). */
  cancel(deadline: Deadline): void {
    if (deadline.done) return;
    deadline.done = true;
    this.cancelled += 1;
    this.dropDone();
  }

  /** Deadlines not yet fired or cancelled. */
  get size(): number {
    return this.items.length - this.head - this.cancelled;
  }

  private dropDone(): void {
    const items = this.items;
    while (this.head < items.length && (items[this.head] as Deadline).done) {
      this.head += 1;
      this.cancelled -= 1;
    }
    if (this.head === items.length) {
      this.items = [];
      this.head = 0;
    } else if (this.cancelled >= COMPACT_AFTER && this.cancelled > this.size) {
      this.items = items.slice(this.head).filter((d) => !d.done);
      this.head = 0;
      this.cancelled = 0;
    }
  }

  private arm(at: number): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    this.timerAt = at;
    if (at === Number.POSITIVE_INFINITY) return; // never due
    // Node fires longer delays at once; a clamped timer re-arms when it fires early.
    const delay = Math.min(MAX_TIMER_DELAY, Math.max(0, Math.ceil(at - performance.now())));
    this.timer = setTimeout(this.run, delay);
    this.timer.unref?.();
  }

  private readonly run = (): void => {
    this.timer = undefined;
    this.timerAt = Number.POSITIVE_INFINITY;
    const now = performance.now();
    const due: Deadline[] = [];
    const items = this.items;
    while (this.head < items.length) {
      const next = items[this.head] as Deadline;
      if (!next.done) {
        if (next.at > now) break;
        next.done = true;
        due.push(next);
      } else this.cancelled -= 1;
      this.head += 1;
    }
    this.dropDone();
    const earliest = this.items[this.head];
    if (earliest) this.arm(earliest.at);
    // Fired last: a callback may add or cancel deadlines.
    for (const deadline of due) deadline.fire();
  };
}

/** The process-wide queue behind per-attempt timeouts. */
export const attemptDeadlines = new DeadlineQueue();
