import { readdirSync, readFileSync } from 'node:fs';
import { createAdapter, listProviders, ValidationError } from '@infrafabric/core';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { aws, awsCatalog } from '../src/index';
import { CANARY, ec2TestRig } from './helpers';
import { EC2_SIM_URL } from './simulator';

const rig = ec2TestRig();
beforeAll(() => rig.server.listen({ onUnhandledFrame: 'error' }));
afterAll(() => rig.server.close());
afterEach(() => vi.unstubAllEnvs());

describe('@infrafabric/aws package', () => {
  it('never imports the SDK at module top level (only `import type` and the lazy loader)', () => {
    const dir = new URL('../src/', import.meta.url);
    for (const file of readdirSync(dir)) {
      const text = readFileSync(new URL(file, dir), 'utf8');
      for (const line of text.split('\n').filter((l) => /from '@aws-sdk\//.test(l)))
        expect(line, `${file}: ${line}`).toMatch(/^import type /);
    }
  });

  it('registers the aws provider, built by createAdapter from env variables', async () => {
    expect(listProviders({ kind: 'cloud' }).map((p) => p.name)).toContain('aws');
    const adapter = createAdapter(
      'aws',
      {},
      { baseUrl: EC2_SIM_URL },
      {
        AWS_ACCESS_KEY_ID: CANARY.accessKeyId,
        AWS_SECRET_ACCESS_KEY: CANARY.secretAccessKey,
        AWS_REGION: 'eu-west-1',
      },
    );
    expect((await adapter.check()).id).toBe('eu-west-1');
  });

  it('flags the secret environment variables', () => {
    const secret = awsCatalog.env.filter((v) => v.secret).map((v) => v.name);
    expect(secret).toEqual(['AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN']);
  });

  it('the default instance reads the environment on first call and names a missing credential', () => {
    vi.stubEnv('AWS_ACCESS_KEY_ID', '');
    vi.stubEnv('AWS_SECRET_ACCESS_KEY', '');
    vi.stubEnv('AWS_REGION', '');
    const error = (() => {
      try {
        return aws();
      } catch (e) {
        return e;
      }
    })();
    expect(ValidationError.isInstance(error)).toBe(true);
    expect((error as ValidationError).field).toMatch(/^credentials\./);
    // Once the variables are there it is built, once: every call returns the same adapter.
    vi.stubEnv('AWS_ACCESS_KEY_ID', CANARY.accessKeyId);
    vi.stubEnv('AWS_SECRET_ACCESS_KEY', CANARY.secretAccessKey);
    vi.stubEnv('AWS_REGION', CANARY.region);
    expect(aws()).toBe(aws());
    expect(aws()).toMatchObject({ kind: 'cloud', provider: 'aws' });
  });

  it('rejects unknown credential keys', () => {
    expect(() => createAdapter('aws', { ...CANARY, password: 'x' })).toThrow(ValidationError);
  });
});
