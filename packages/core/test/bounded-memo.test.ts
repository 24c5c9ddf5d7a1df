import { describe, expect, it } from 'vitest';
import { boundedMemo } from '../src/witness/bounded-memo';
import { isSecretKey, maskCardNumbers } from '../src/witness/redact-rules';

describe('boundedMemo', () => {
  it('computes once per key and starts over at the limit', () => {
    const calls: string[] = [];
    const upper = boundedMemo((key) => {
      calls.push(key);
      return key.toUpperCase();
    }, 2);
    expect([upper('a'), upper('a'), upper('b'), upper('a')]).toEqual(['A', 'A', 'B', 'A']);
    expect(calls).toEqual(['a', 'b']);
    upper('c'); // third key: the cache is cleared first
    upper('a');
    expect(calls).toEqual(['a', 'b', 'c', 'a']);
  });

  it('memoizes false results too (secret-key checks)', () => {
    expect(isSecretKey('chatId')).toBe(false);
    expect(isSecretKey('chatId')).toBe(false);
    expect(isSecretKey('apiKey')).toBe(true);
    expect(isSecretKey('apiKey')).toBe(true);
  });
});

describe('maskCardNumbers digit pre-check', () => {
  it('still masks card numbers with and without separators', () => {
    expect(maskCardNumbers('card 4242 4242 4242 4242 ok')).toBe('card [REDACTED] ok');
    expect(maskCardNumbers('4000-0566-5566-5556')).toBe('[REDACTED]');
    expect(maskCardNumbers('x4111111111111111')).toBe('x4111111111111111'); // no word boundary
  });

  it('leaves text with fewer than 13 digits untouched, and non-Luhn numbers too', () => {
    expect(maskCardNumbers('order 123456789012 shipped')).toBe('order 123456789012 shipped');
    expect(maskCardNumbers('id 4242424242424241')).toBe('id 4242424242424241');
  });
});
