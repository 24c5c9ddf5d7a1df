import { describe, expect, it } from 'vitest';
import { mapCallStatus, mapSmsStatus } from '../src/index';

describe('status mapping', () => {
  it.each([
    ['queued', 'queued'],
    ['initiated', 'queued'],
    ['ringing', 'ringing'],
    ['in-progress', 'in-progress'],
    ['answered', 'in-progress'],
    ['completed', 'completed'],
    ['busy', 'busy'],
    ['failed', 'failed'],
    ['no-answer', 'no-answer'],
    ['canceled', 'canceled'],
    ['something-new', 'unknown'],
    [undefined, 'unknown'],
  ])('call %s → %s', (twilio, core) => {
    expect(mapCallStatus(twilio)).toBe(core);
  });

  it.each([
    ['accepted', 'queued'],
    ['scheduled', 'queued'],
    ['queued', 'queued'],
    ['sending', 'sending'],
    ['sent', 'sent'],
    ['delivered', 'delivered'],
    ['read', 'delivered'],
    ['undelivered', 'undelivered'],
    ['partially_delivered', 'undelivered'],
    ['failed', 'failed'],
    ['canceled', 'failed'],
    ['receiving', 'received'],
    ['received', 'received'],
    [null, 'unknown'],
  ])('message %s → %s', (twilio, core) => {
    expect(mapSmsStatus(twilio)).toBe(core);
  });
});
