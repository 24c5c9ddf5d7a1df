import { describe, expect, it } from 'vitest';
import { PushChannel, unixSecondsToIso } from '../src/index';

describe('PushChannel', () => {
  it('buffers pushed values for the consumer, then ends on close', async () => {
    const channel = new PushChannel<number>(2);
    channel.push(1);
    channel.push(2);
    channel.push(3);
    channel.close();
    const seen: number[] = [];
    for await (const value of channel) seen.push(value);
    expect(seen).toEqual([2, 3]);
  });
  it('hands a value straight to a waiting consumer and rejects on close(error)', async () => {
    const channel = new PushChannel<string>();
    const iterator = channel[Symbol.asyncIterator]();
    const next = iterator.next();
    channel.push('a');
    expect(await next).toEqual({ value: 'a', done: false });
    const failed = iterator.next();
    channel.close(new Error('socket closed'));
    await expect(failed).rejects.toThrow('socket closed');
  });
});

describe('unixSecondsToIso', () => {
  it('reads numbers and numeric strings, and falls back for anything else', () => {
    expect(unixSecondsToIso(1_700_000_000)).toBe('2023-11-14T22:13:20.000Z');
    expect(unixSecondsToIso('1700000000')).toBe('2023-11-14T22:13:20.000Z');
    expect(unixSecondsToIso('soon', 0)).toBe('1970-01-01T00:00:00.000Z');
    expect(unixSecondsToIso(1e20, 0)).toBe('1970-01-01T00:00:00.000Z');
    expect(unixSecondsToIso([], 0)).toBe('1970-01-01T00:00:00.000Z');
  });
});
