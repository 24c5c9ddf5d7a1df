import { readdirSync, readFileSync } from 'node:fs';
import { createAdapter, listProviders, ValidationError } from '@infrafabric/core';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { azure, azureCatalog, createAzure } from '../src/index';
import { CANARY } from './helpers';

afterEach(() => vi.unstubAllEnvs());

describe('@infrafabric/azure package', () => {
  it('never imports an Azure SDK at module top level (only `import type` and the lazy loaders)', () => {
    const dir = new URL('../src/', import.meta.url);
    for (const file of readdirSync(dir)) {
      const text = readFileSync(new URL(file, dir), 'utf8');
      for (const line of text.split('\n').filter((l) => /from '@azure\//.test(l)))
        expect(line, `${file}: ${line}`).toMatch(/^import type /);
    }
  });

  it('registers the azure provider and flags the client secret', () => {
    expect(listProviders({ kind: 'cloud' }).map((p) => p.name)).toContain('azure');
    expect(azureCatalog.env.filter((v) => v.secret).map((v) => v.name)).toEqual(['AZURE_CLIENT_SECRET']);
  });

  it('names the missing service-principal field when no credential is injected', () => {
    const { clientSecret: _, ...withoutSecret } = CANARY;
    expect(() => createAzure(withoutSecret)).toThrow(
      expect.objectContaining({ field: 'credentials.clientSecret', rule: 'required' }),
    );
    expect(() => createAdapter('azure', { ...CANARY, subscriptionId: 'abc' })).toThrow(ValidationError);
    expect(() => createAdapter('azure', { ...CANARY, password: 'x' })).toThrow(ValidationError);
  });

  it('the default instance reads the environment on first call and names a missing credential', () => {
    vi.stubEnv('AZURE_SUBSCRIPTION_ID', '');
    expect(() => azure()).toThrow(expect.objectContaining({ field: 'credentials.subscriptionId' }));
  });
});
