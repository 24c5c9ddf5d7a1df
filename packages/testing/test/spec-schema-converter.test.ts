import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { describeErrors, validateAgainst } from '../src/spec/ajv-validator';
import { type Json, RefResolver } from '../src/spec/document-store';
import { SchemaConverter } from '../src/spec/schema-converter';

/** Writes the files, converts `#/schema` of main.json, and returns a validate-and-describe function. */
function compileFrom(files: Record<string, Json>) {
  const dir = mkdtempSync(join(tmpdir(), 'infrafabric-converter-'));
  for (const [name, content] of Object.entries(files))
    writeFileSync(join(dir, name), JSON.stringify(content));
  const file = join(dir, 'main.json');
  const converter = new SchemaConverter(new RefResolver(file));
  const schema = converter.convertRoot({ $ref: '#/schema' }, { file, pointer: '' });
  return (data: unknown) => describeErrors(validateAgainst(schema, data), 'body', data);
}

describe('OpenAPI → JSON Schema conversion', () => {
  it('handles nullable, boolean exclusiveMinimum and relative-file refs', () => {
    const check = compileFrom({
      'main.json': {
        schema: {
          type: 'object',
          properties: {
            note: { type: 'string', nullable: true },
            count: { type: 'integer', minimum: 0, exclusiveMinimum: true },
            size: { $ref: 'models.json#/Size' },
            gone: { $ref: 'missing.json#/Nothing' },
          },
        },
      },
      'models.json': { Size: { type: 'string', enum: ['s', 'm'] } },
    });
    expect(check({ note: null, count: 1, size: 'm', gone: 42 })).toEqual([]);
    expect(check({ count: 0 })).toEqual(['body field "count": must be > 0 (got 0)']);
    expect(check({ size: 'xl' })).toEqual(['body field "size": "xl" is not one of "s", "m"']);
    expect(check({ note: 5 })).toEqual(['body field "note": must be string,null (got 5)']);
  });

  it('lets allOf siblings define properties that an additionalProperties:false branch does not know', () => {
    const check = compileFrom({
      'main.json': {
        schema: {
          allOf: [
            { $ref: '#/Base' },
            { type: 'object', additionalProperties: false, properties: { text: { type: 'string' } } },
          ],
        },
        Base: { type: 'object', required: ['to'], properties: { to: { type: 'string' } } },
      },
    });
    expect(check({ to: 'a', text: 'hi' })).toEqual([]);
    expect(check({ to: 'a', txt: 'hi' })).toEqual(['body: unknown property "txt" (not in the spec)']);
  });

  it('checks the subtype a discriminator names, and shows only the closest oneOf branch', () => {
    const check = compileFrom({
      'main.json': {
        schema: { type: 'array', items: { $ref: '#/Message' } },
        Message: {
          type: 'object',
          required: ['type'],
          properties: { type: { type: 'string' } },
          discriminator: { propertyName: 'type', mapping: { text: '#/Text', image: '#/Image' } },
        },
        Text: {
          allOf: [
            { $ref: '#/Message' },
            { type: 'object', required: ['text'], properties: { text: { type: 'string' } } },
          ],
        },
        Image: {
          allOf: [
            { $ref: '#/Message' },
            { type: 'object', required: ['url'], properties: { url: { type: 'string' } } },
          ],
        },
        Union: { oneOf: [{ $ref: '#/Text' }, { $ref: '#/Image' }] },
      },
    });
    expect(
      check([
        { type: 'text', text: 'hi' },
        { type: 'image', url: 'u' },
      ]),
    ).toEqual([]);
    expect(check([{ type: 'image', text: 'hi' }])).toEqual([
      'body field "0": missing required property "url"',
    ]);
    const union = compileFrom({
      'main.json': {
        schema: {
          oneOf: [
            { type: 'object', required: ['a', 'b'], properties: { kind: { enum: ['ab'] } } },
            { type: 'object', required: ['c'], properties: { kind: { enum: ['c'] } } },
          ],
        },
      },
    });
    expect(union({ kind: 'c' })).toEqual(['body: missing required property "c"']);
  });
});
