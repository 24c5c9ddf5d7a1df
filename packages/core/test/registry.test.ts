import { sendOnlyChatCapabilities } from '@infrafabric/testing';
import { describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import {
  type ChatAdapter,
  SPECIFICATION_VERSION,
  ValidationError,
  createAdapter,
  credentialsFromEnv,
  defineProvider,
  getProvider,
  lazyModule,
  listProviders,
  scrubSecrets,
} from '../src/index';

function makeChat(provider: string, token: string): ChatAdapter {
  return {
    specificationVersion: SPECIFICATION_VERSION,
    kind: 'chat',
    provider,
    capabilities: sendOnlyChatCapabilities({ maxTextLength: 100 }),
    check: async () => ({ id: `bot-for-${token.length}` }),
    sendMessage: async () => ({ id: '1', chatId: 'c' }),
  };
}

const catalog = (name: string, packageName = `@example/${name}`) => ({
  name,
  kind: 'chat' as const,
  displayName: name,
  packageName,
  docsUrl: 'https://example.com',
  env: [
    {
      name: `${name.toUpperCase()}_TOKEN`,
      credential: 'token',
      secret: true,
      required: true,
      description: 'bot token',
    },
    {
      name: `${name.toUpperCase()}_TEAM`,
      credential: 'team',
      secret: false,
      required: false,
      description: 'team id',
    },
  ],
  capabilities: { operations: {} },
});

describe('provider registry', () => {
  it('registers on define and builds adapters by name with validated credentials', () => {
    const create = vi.fn((c: { token: string }) => makeChat('reg-a', c.token));
    defineProvider({
      catalog: catalog('reg-a'),
      credentials: z.object({ token: z.string().min(10), team: z.string().optional() }).strict(),
      create,
    });
    const adapter = createAdapter('reg-a', { token: 'a-very-long-token' });
    expect(adapter.provider).toBe('reg-a');
    expect(create).toHaveBeenCalledWith({ token: 'a-very-long-token' }, {});
    expect(listProviders({ kind: 'chat' }).map((p) => p.name)).toContain('reg-a');
    expect(listProviders({ kind: 'payment' }).map((p) => p.name)).not.toContain('reg-a');
  });

  it('falls back to environment variables, explicit values winning', () => {
    const entry = catalog('envx');
    expect(credentialsFromEnv(entry, {}, { ENVX_TOKEN: 'from-env', ENVX_TEAM: 'T1' })).toEqual({
      token: 'from-env',
      team: 'T1',
    });
    expect(credentialsFromEnv(entry, { token: 'explicit' }, { ENVX_TOKEN: 'from-env' })).toEqual({
      token: 'explicit',
    });
  });

  it('names the bad credential field, before the factory runs', () => {
    const create = vi.fn();
    defineProvider({
      catalog: catalog('reg-b'),
      credentials: z.object({ token: z.string().min(10) }).strict(),
      create,
    });
    let error: unknown;
    try {
      createAdapter('reg-b', {}, {}, {});
    } catch (e) {
      error = e;
    }
    expect(ValidationError.isInstance(error)).toBe(true);
    expect((error as ValidationError).field).toBe('credentials.token');
    expect((error as ValidationError).rule).toBe('required');
    expect(create).not.toHaveBeenCalled();
  });

  it('registers secret credentials so they are scrubbed from any text', () => {
    defineProvider({
      catalog: catalog('reg-c'),
      credentials: z.object({ token: z.string() }).strict(),
      create: (c) => makeChat('reg-c', c.token),
    });
    createAdapter('reg-c', { token: 'canary-secret-abcdef' });
    expect(scrubSecrets('oops canary-secret-abcdef')).toBe('oops [REDACTED]');
  });

  it('rejects an unknown provider with a hint', () => {
    expect(() => createAdapter('nope-provider')).toThrow(/Install and import its package/);
  });

  it('lets the same package register twice (ESM + CJS copies) but not another package', () => {
    const def = { catalog: catalog('reg-d'), credentials: z.object({}), create: () => makeChat('reg-d', '') };
    defineProvider(def);
    expect(() => defineProvider({ ...def, catalog: catalog('reg-d') })).not.toThrow();
    expect(() => defineProvider({ ...def, catalog: catalog('reg-d', '@other/reg-d') })).toThrow(
      /registered by @example\/reg-d/,
    );
  });

  it('is shared by a second copy of core loaded into the same process', async () => {
    defineProvider({
      catalog: catalog('reg-e'),
      credentials: z.object({}),
      create: () => makeChat('reg-e', ''),
    });
    vi.resetModules();
    const copy = await import('../src/index');
    expect(copy.getProvider).not.toBe(getProvider);
    expect(copy.getProvider('reg-e')?.catalog.packageName).toBe('@example/reg-e');
    copy.defineProvider({
      catalog: catalog('reg-f'),
      credentials: z.object({}),
      create: () => makeChat('reg-f', ''),
    });
    expect(getProvider('reg-f')).toBeDefined();
  });

  it('refuses a registry of an incompatible layout left by another copy', async () => {
    const key = Symbol.for('infrafabric.registry');
    const holder = globalThis as unknown as Record<symbol, unknown>;
    const saved = holder[key];
    holder[key] = { format: 999, coreVersions: new Set(), providers: new Map() };
    try {
      expect(() => listProviders()).toThrow(/Deduplicate @infrafabric\/core/);
    } finally {
      holder[key] = saved;
    }
  });
});

describe('lazyModule', () => {
  it('loads once, on first use', async () => {
    const load = vi.fn(async () => ({ value: 42 }));
    const get = lazyModule('some-sdk', load);
    expect(load).not.toHaveBeenCalled();
    expect((await get()).value).toBe(42);
    await get();
    expect(load).toHaveBeenCalledTimes(1);
  });
  it('explains a missing SDK and retries next time', async () => {
    let fail = true;
    const get = lazyModule('missing-sdk', async () => {
      if (fail) throw new Error('Cannot find module');
      return 1;
    });
    await expect(get()).rejects.toThrow(/npm install missing-sdk/);
    fail = false;
    await expect(get()).resolves.toBe(1);
  });
});
