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

describe('sharesObjectsWith', () => {
  it('finds caller objects that validation passed through, wherever they sit', async () => {
    const { sharesObjectsWith } = await import('../src/witness/input-digest');
    const blocks = [{ type: 'section' }];
    const raw = { to: { chatId: 'C1' }, text: 'x', providerOptions: { slack: { blocks } } };
    const parsed = parseInput(sendMessageInputSchema, raw);
    expect(sharesObjectsWith(parsed, raw)).toBe(true);
    const plain = { to: { chatId: 'C1' }, text: 'x' };
    expect(sharesObjectsWith(parseInput(sendMessageInputSchema, plain), plain)).toBe(false);
    // Shapes that part (a transform moved it): the full search still finds it.
    const moved = { renamed: { deep: blocks } };
    expect(sharesObjectsWith(moved, { original: blocks })).toBe(true);
    // Bytes are digested by their length only, so sharing them is harmless.
    const bytes = new Uint8Array(4);
    expect(sharesObjectsWith({ media: { data: bytes } }, { media: { data: bytes } })).toBe(false);
  });
});
