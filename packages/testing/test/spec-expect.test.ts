import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  type ApiSpec,
  expectRequestsToMatchSpec,
  findSpecsRoot,
  loadSpec,
  requireSpec,
  SPECS_DIR_ENV,
} from '../src/spec/index';
import { jsonRequest } from './spec-helpers';

const CONFIRM = { 'x-confirm': 'yes' };

function tinySpecDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'infrafabric-specs-'));
  const spec = {
    openapi: '3.1.0',
    info: { title: 'tiny', version: '1' },
    servers: [{ url: 'https://api.tiny.test/v1' }],
    components: { securitySchemes: { key: { type: 'apiKey', in: 'query', name: 'key' } } },
    paths: {
      '/notes': {
        post: {
          requestBody: {
            required: true,
            content: {
              'application/json': {
                schema: {
                  type: 'object',
                  required: ['text'],
                  additionalProperties: false,
                  properties: { text: { type: 'string' }, pinned: { type: ['boolean', 'null'] } },
                },
              },
            },
          },
        },
      },
      '/notes/{id}': {
        delete: {
          parameters: [
            { name: 'id', in: 'path', required: true, schema: { type: 'integer' } },
            { name: 'X-Confirm', in: 'header', required: true, schema: { type: 'string', enum: ['yes'] } },
          ],
        },
      },
    },
  };
  writeFileSync(join(dir, 'tiny.json'), JSON.stringify(spec));
  return dir;
}

describe('spec validator entry points', () => {
  afterEach(() => {
    vi.unstubAllEnvs();
    vi.restoreAllMocks();
  });

  it('finds the specs root from INFRAFABRIC_SPECS_DIR, else beside the repository', () => {
    const dir = tinySpecDir();
    vi.stubEnv(SPECS_DIR_ENV, dir);
    expect(findSpecsRoot()).toBe(dir);
    vi.stubEnv(SPECS_DIR_ENV, join(dir, 'missing'));
    expect(findSpecsRoot()).toBeUndefined();
    vi.stubEnv(SPECS_DIR_ENV, '');
    const found = findSpecsRoot();
    if (found) expect(found).toMatch(/shared[/\\]specs$/);
  });

  it('loads a spec, uses its server path by default and handles OpenAPI 3.1 type arrays', () => {
    vi.stubEnv(SPECS_DIR_ENV, tinySpecDir());
    const spec = loadSpec('tiny.json', { format: 'openapi' })!;
    expect(spec.name).toBe('tiny.json');
    expect(spec.format).toBe('openapi');
    expect(
      spec.check(jsonRequest('POST', 'https://api.tiny.test/v1/notes', { text: 'a', pinned: null })),
    ).toEqual([]);
    expect(
      spec.check(jsonRequest('POST', 'https://api.tiny.test/v1/notes', { text: 'a', pinned: 'no' })),
    ).toHaveLength(1);
    expect(
      spec.check(jsonRequest('DELETE', 'https://api.tiny.test/v1/notes/12', undefined, CONFIRM)),
    ).toEqual([]);
    expect(spec.check(jsonRequest('DELETE', 'https://api.tiny.test/v1/notes/12'))).toEqual([
      { request: 'DELETE /v1/notes/12', problem: 'missing required header "X-Confirm" [DELETE /notes/{id}]' },
    ]);
    expect(
      spec.check(
        jsonRequest('DELETE', 'https://api.tiny.test/v1/notes/12', undefined, { 'X-Confirm': 'no' }),
      ),
    ).toEqual([
      {
        request: 'DELETE /v1/notes/12',
        problem: 'header "X-Confirm": "no" is not one of "yes" [DELETE /notes/{id}]',
      },
    ]);
    // An API key in the query (a security scheme) is not an unknown parameter; anything else is.
    expect(
      spec.check(jsonRequest('DELETE', 'https://api.tiny.test/v1/notes/12?key=k', undefined, CONFIRM)),
    ).toEqual([]);
    expect(
      spec.check(jsonRequest('DELETE', 'https://api.tiny.test/v1/notes/12?force=1', undefined, CONFIRM)),
    ).toEqual([
      {
        request: 'DELETE /v1/notes/12',
        problem: 'unknown query parameter "force" (not in the spec) [DELETE /notes/{id}]',
      },
    ]);
    expect(loadSpec('nope.json', { format: 'openapi' })).toBeUndefined();
  });

  it('requireSpec skips with a reason locally and throws in CI', () => {
    vi.stubEnv(SPECS_DIR_ENV, tinySpecDir());
    const info = vi.spyOn(console, 'info').mockImplementation(() => undefined);
    const skip = vi.fn(() => {
      throw new Error('skipped');
    });
    vi.stubEnv('CI', 'false');
    expect(() => requireSpec({ skip }, 'missing/spec.json', { format: 'openapi' })).toThrow('skipped');
    expect(skip).toHaveBeenCalledWith(expect.stringContaining('missing/spec.json'));
    expect(info).toHaveBeenCalled();
    vi.stubEnv('CI', 'true');
    expect(() => requireSpec({ skip }, 'missing/spec.json', { format: 'openapi' })).toThrow(
      /missing\/spec\.json.*mandatory in CI/,
    );
    expect(skip).toHaveBeenCalledTimes(1);
  });

  it('expectRequestsToMatchSpec lists every mismatch, honours known differences and ignore, and never passes empty', () => {
    vi.stubEnv(SPECS_DIR_ENV, tinySpecDir());
    const spec = loadSpec('tiny.json', { format: 'openapi' }) as ApiSpec;
    const good = jsonRequest('POST', 'https://api.tiny.test/v1/notes', { text: 'a' });
    const extra = jsonRequest('POST', 'https://api.tiny.test/v1/notes', { text: 'a', colour: 'red' });
    const wrongPath = jsonRequest('GET', 'https://api.tiny.test/v1/nothing');
    expect(() => expectRequestsToMatchSpec(spec, [good])).not.toThrow();
    expect(() => expectRequestsToMatchSpec(spec, [good, extra, wrongPath])).toThrow(
      /2 request mismatch\(es\)[\s\S]*unknown property "colour"[\s\S]*no path in tiny.json matches \/nothing/,
    );
    expect(() =>
      expectRequestsToMatchSpec(spec, [good, extra, wrongPath], {
        knownDifferences: [{ match: (m) => m.problem.includes('"colour"'), reason: 'newer API field' }],
        ignore: (r) => r.url.pathname.endsWith('/nothing'),
      }),
    ).not.toThrow();
    expect(() => expectRequestsToMatchSpec(spec, [])).toThrow(/no request was checked/);
    expect(() => expectRequestsToMatchSpec(spec, [wrongPath], { ignore: () => true })).toThrow(
      /no request was checked/,
    );
  });
});
