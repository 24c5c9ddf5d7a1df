/** A pending deadline, as returned by {@link DeadlineQueue.add}. */
export interface Deadline {
  /** `performance.now()` time at which it fires (set by {@link DeadlineQueue.schedule}). */
  at: number;
  /** @internal Fired or cancelled. */
  done: boolean;
  /** Called when the deadline passes (by the queue, at most once). */
  fire(): void;
}

/** The longest delay a Node timer takes (2^31 − 1 ms). */
const MAX_TIMER_DELAY = 2_147_483_647;

/** An armed timer this late is taken as lost and replaced. */
const OVERDUE_MS = 1000;

/** Cancelled entries are dropped from the middle of the queue once there are this many. */
const COMPACT_AFTER = 1024;

/**
 * Many deadlines on one Node timer: adding and cancelling a deadline is plain array work, so a
 * per-attempt timeout costs no timer of its own on the hot path. The timer is armed for the
 * earliest live deadline and re-armed only when it fires or an earlier deadline arrives.
 *
 * The timer is unref'd, so it never holds the process open by itself and costs nothing to keep
 * armed between calls. When the process would otherwise exit (`beforeExit`) while a deadline is
 * still live — a hung call with no socket or timer of its own — the timer is ref'd until no
 * deadline is live, so that call still ends with its timeout, as it would with a timer of its own.
 */
export class DeadlineQueue {
  /** Sorted by `at`; `items[head]` is the earliest not yet removed. */
  private items: Deadline[] = [];
  private head = 0;
  private cancelled = 0;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private timerAt = Number.POSITIVE_INFINITY;
  /** Set at `beforeExit` while deadlines are live: the timer then holds the process open. */
  private holdProcess = false;
  private watched = false;

  /** Calls `fire` after `ms` unless the returned deadline is cancelled first. */
  add(ms: number, fire: () => void): Deadline {
    const deadline: Deadline = { at: 0, done: false, fire };
    this.schedule(deadline, ms);
    return deadline;
  }

  /**
   * Queues a deadline object of the caller's own (`done: false` and `fire`; `at` is set here) to
   * fire after `ms`: the same as {@link DeadlineQueue.add} without a separate object per deadline.
   */
  schedule(deadline: Deadline, ms: number): void {
    const now = performance.now();
    deadline.at = now + ms;
    if (!this.watched) {
      this.watched = true;
      watchExit(this);
    }
    const items = this.items;
    // Deadlines of equal timeouts arrive in order: the insert point is almost always the end.
    let i = items.length;
    while (i > this.head && (items[i - 1] as Deadline).at > deadline.at) i--;
    if (i === items.length) items.push(deadline);
    else items.splice(i, 0, deadline);
    // Re-arm for an earlier deadline, or when the armed timer is long overdue (it was lost, e.g.
    // armed under a test's fake timers that were uninstalled since).
    if (deadline.at < this.timerAt || this.timer === undefined || this.timerAt < now - OVERDUE_MS)
      this.arm(deadline.at);
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
      items.length = 0; // the same array is reused: nothing to allocate for the next deadline
      this.head = 0;
      if (this.holdProcess) {
        this.holdProcess = false; // nothing live: stop holding the process open
        this.timer?.unref?.();
      }
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
    if (!this.holdProcess) this.timer.unref?.();
  }

  /** @internal Called at `beforeExit`: keeps the process alive until live deadlines are settled. */
  holdWhileLive(): void {
    if (this.size === 0 || this.holdProcess) return;
    this.holdProcess = true;
    if (this.timer === undefined) {
      const earliest = this.items[this.head];
      if (earliest) this.arm(earliest.at);
    } else this.timer.ref?.();
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
    // Fired last: a callback may add or cancel deadlines. One that throws does not stop the others.
    for (const deadline of due) {
      try {
        deadline.fire();
      } catch (error) {
        queueMicrotask(() => {
          throw error;
        });
      }
    }
  };
}

const watchedQueues = new Set<DeadlineQueue>();
let exitHookInstalled = false;

/** Registers `queue` with the one `beforeExit` hook that keeps live deadlines from being dropped. */
function watchExit(queue: DeadlineQueue): void {
  watchedQueues.add(queue);
  if (exitHookInstalled || typeof process === 'undefined' || typeof process.on !== 'function') return;
  exitHookInstalled = true;
  process.on('beforeExit', () => {
    for (const watched of watchedQueues) watched.holdWhileLive();
  });
}

/** The process-wide queue behind per-attempt timeouts. */
export const attemptDeadlines = new DeadlineQueue();
