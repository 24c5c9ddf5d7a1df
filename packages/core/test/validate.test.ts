import { describe, expect, it } from 'vitest';
import {
  ValidationError,
  parseInput,
  parseInputOnce,
  sendMessageInputSchema,
  sendSmsInputSchema,
} from '../src/index';

describe('parseInputOnce', () => {
  const message = { to: { chatId: 'C1' }, text: 'hello' };

  it('hands its result to the next parse with the same schema once, then validates again', () => {
    const parsed = parseInputOnce(sendMessageInputSchema, message);
    expect(parsed).toMatchObject(message);
    expect(parsed).not.toBe(message);
    expect(parseInput(sendMessageInputSchema, parsed)).toBe(parsed);
    // The hand-off is used up: a second parse (a retry) validates the value again.
    (parsed as { text: unknown }).text = 42;
    expect(() => parseInput(sendMessageInputSchema, parsed)).toThrow(ValidationError);
  });

  it('does not skip the parse of another value or with another schema', () => {
    const parsed = parseInputOnce(sendMessageInputSchema, message);
    expect(() => parseInput(sendSmsInputSchema, parsed)).toThrow(ValidationError);
    const other = { to: { chatId: 'C1' }, text: 7 };
    expect(() => parseInput(sendMessageInputSchema, other)).toThrow(/invalid "text"/);
  });

  it('throws the same named-field error as parseInput for bad input', () => {
    expect(() => parseInputOnce(sendMessageInputSchema, { to: {}, text: 'x' }, { path: 'input' })).toThrow(
      /invalid "input\.to\.chatId"/,
    );
  });
});
