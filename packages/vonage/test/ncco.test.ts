import { readFileSync } from 'node:fs';
import { findSpecsRoot } from '@infrafabric/testing';
import { describe, expect, it } from 'vitest';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import { answerToVonage } from '../src/index';

type Validate = ((data: unknown) => boolean) & { errors?: unknown };

function nccoValidator(ctx: { skip: (note?: string) => void }): Validate {
  const root = findSpecsRoot();
  if (!root) {
    if (process.env.CI === 'true')
      throw new Error('vonage/ncco-schema.json missing; spec checks are mandatory in CI');
    console.info('Skipping NCCO schema check: no specs folder');
    ctx.skip();
  }
  const { $schema: _draft04, ...schema } = JSON.parse(
    readFileSync(`${root}/vonage/ncco-schema.json`, 'utf8'),
  ) as Record<string, unknown>;
  const ajv = new Ajv({ strict: false, allErrors: true });
  addFormats(ajv);
  return ajv.compile(schema);
}

describe('NCCO from portable answer forms', () => {
  it.for([
    [{ say: 'Hello <world> & "you"' }, [{ action: 'talk', text: 'Hello <world> & "you"' }]],
    [
      { say: 'Hallo', language: 'de-DE', voice: '2' },
      [{ action: 'talk', text: 'Hallo', language: 'de-DE', style: 2 }],
    ],
    [{ say: 'Hi', voice: 'Amy' }, [{ action: 'talk', text: 'Hi', voiceName: 'Amy' }]],
    [{ play: 'https://example.com/a.mp3' }, [{ action: 'stream', streamUrl: ['https://example.com/a.mp3'] }]],
    [{ conference: 'room-1' }, [{ action: 'conversation', name: 'room-1' }]],
  ] as const)('%j → %j, valid against ncco-schema.json', ([answer, ncco], ctx) => {
    const built = answerToVonage(answer);
    expect(built).toEqual({ ncco });
    const validate = nccoValidator(ctx);
    expect(validate(ncco), JSON.stringify(validate.errors)).toBe(true);
  });

  it('prepends a record action when asked, still valid', (ctx) => {
    const built = answerToVonage({ say: 'This call is recorded' }, { record: true });
    expect(built).toEqual({
      ncco: [{ action: 'record' }, { action: 'talk', text: 'This call is recorded' }],
    });
    expect(nccoValidator(ctx)((built as { ncco: unknown }).ncco)).toBe(true);
  });

  it('the validator does reject a broken NCCO (so the checks above can fail)', (ctx) => {
    const validate = nccoValidator(ctx);
    expect(validate([{ action: 'talk' }])).toBe(false);
    expect(validate([{ action: 'stream', streamUrl: ['ftp://x'] }])).toBe(false);
    expect(validate([])).toBe(false);
  });

  it('maps url to answer_url and passes an NCCO array through; rejects TwiML strings', () => {
    expect(answerToVonage({ url: 'https://example.com/ncco' })).toEqual({
      answerUrl: 'https://example.com/ncco',
    });
    const ncco = [{ action: 'talk', text: 'hi' }];
    expect(answerToVonage({ instructions: ncco })).toEqual({ ncco });
    expect(() => answerToVonage({ instructions: '<Response/>' })).toThrow(/answer.instructions/);
    expect(() => answerToVonage({ url: 'https://example.com/ncco' }, { record: true })).toThrow(/record/);
  });
});
