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

describe('DeadlineQueue and the process', () => {
  it('keeps the process alive while a hung call waits, so it ends with a TimeoutError', async () => {
    const { execFile } = await import('node:child_process');
    const { fileURLToPath } = await import('node:url');
    const script = fileURLToPath(new URL('./fixtures/hung-adapter.ts', import.meta.url));
    const root = fileURLToPath(new URL('../../../', import.meta.url));
    const out = await new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
      execFile(
        process.execPath,
        ['--import', 'tsx', script],
        { cwd: root, env: { ...process.env, TSX_TSCONFIG_PATH: 'tsconfig.json' } },
        (error, stdout, stderr) =>
          resolve({ code: error ? ((error as { code?: number }).code ?? 1) : 0, stdout, stderr }),
      );
    });
    expect(out.stdout.trim(), out.stderr).toBe('TimeoutError');
    expect(out.code).toBe(0);
  }, 20_000);

  it('replaces a timer lost to fake timers that were uninstalled since', async () => {
    const { vi } = await import('vitest');
    const queue = new DeadlineQueue();
    vi.useFakeTimers();
    const first = queue.add(50, () => undefined);
    vi.useRealTimers();
    queue.cancel(first);
    await wait(1200); // the armed (fake) timer is now long overdue
    const fired = await new Promise<boolean>((resolve) => {
      queue.add(20, () => resolve(true));
      setTimeout(() => resolve(false), 1000);
    });
    expect(fired).toBe(true);
  });
});
