import { describe, expect, it } from 'vitest';
import { DeadlineQueue } from '../src/policies/deadlines';

const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('DeadlineQueue', () => {
  it('fires deadlines in deadline order, whatever order they were added in', async () => {
    const queue = new DeadlineQueue();
    const fired: string[] = [];
    queue.add(80, () => fired.push('80 ms'));
    queue.add(20, () => fired.push('20 ms'));
    queue.add(50, () => fired.push('50 ms'));
    expect(queue.size).toBe(3);
    await wait(40);
    expect(fired).toEqual(['20 ms']);
    await wait(80);
    expect(fired).toEqual(['20 ms', '50 ms', '80 ms']);
    expect(queue.size).toBe(0);
  });

  it('never fires a cancelled deadline, and cancelling twice or after firing is harmless', async () => {
    const queue = new DeadlineQueue();
    const fired: string[] = [];
    const first = queue.add(10, () => fired.push('first'));
    const second = queue.add(10, () => fired.push('second'));
    queue.cancel(first);
    queue.cancel(first);
    expect(queue.size).toBe(1);
    await wait(40);
    expect(fired).toEqual(['second']);
    queue.cancel(second);
    expect(queue.size).toBe(0);
  });

  it('does not fire early: a deadline is never called before its time', async () => {
    const queue = new DeadlineQueue();
    const started = performance.now();
    const at = await new Promise<number>((resolve) => queue.add(30, () => resolve(performance.now())));
    expect(at - started).toBeGreaterThanOrEqual(30);
  });

  it('keeps only live deadlines when many finish out of order behind a long one', async () => {
    const queue = new DeadlineQueue();
    const fired: number[] = [];
    const long = queue.add(60_000, () => fired.push(-1));
    const short = Array.from({ length: 5000 }, (_, i) => queue.add(60_000 + i, () => fired.push(i)));
    for (const d of short) queue.cancel(d);
    expect(queue.size).toBe(1);
    const soon = queue.add(10, () => fired.push(42));
    expect(queue.size).toBe(2);
    await wait(40);
    expect(fired).toEqual([42]);
    expect(soon.done).toBe(true);
    queue.cancel(long);
    expect(queue.size).toBe(0);
  });

  it('lets a firing callback add the next deadline', async () => {
    const queue = new DeadlineQueue();
    const fired: string[] = [];
    queue.add(5, () => {
      fired.push('first');
      queue.add(5, () => fired.push('chained'));
    });
    await wait(50);
    expect(fired).toEqual(['first', 'chained']);
  });
});

describe('DeadlineQueue limits', () => {
  it('never fires an infinite deadline, and one longer than a Node timer does not fire early', async () => {
    const queue = new DeadlineQueue();
    const fired: string[] = [];
    const never = queue.add(Number.POSITIVE_INFINITY, () => fired.push('infinite'));
    const far = queue.add(3_000_000_000, () => fired.push('far'));
    await wait(30);
    expect(fired).toEqual([]);
    queue.cancel(never);
    queue.cancel(far);
    expect(queue.size).toBe(0);
  });
});
