import { inspect } from 'node:util';
import { Bus, type InfraFabricError } from '@infrafabric/core';
import { createHttpFaultInjector, type FaultKind } from '@infrafabric/testing';
import { setupServer } from 'msw/node';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { canaryProviders } from './support/canary-providers';

const providers = await canaryProviders();
const server = setupServer(...providers.flatMap((p) => p.handlers));
beforeAll(() =>
  server.listen({
    // The OBS simulator is a real loopback WebSocket server: let it through; fail on anything else.
    onUnhandledFrame: ({ frame, defaults }) => {
      const url = (frame.data as { request?: Request } | undefined)?.request?.url;
      if (url && new URL(url).hostname === '127.0.0.1') return;
      defaults.error();
    },
  }),
);
afterAll(async () => {
  server.close();
  for (const provider of providers) await provider.close?.();
});

/** Everything an operator could ever see: log lines, errors (as printed), events, audit entries. */
const seen: Array<{ where: string; text: string }> = [];
const record = (where: string, text: string) => seen.push({ where, text });

/** How `console.error(error)` would print it: message, stack and the whole `cause` chain. */
const printed = (value: unknown) => inspect(value, { depth: 8, getters: false, showHidden: false });

/**
 * Where `secret` appears in `text`, whole or as any 12-character slice of its middle (a masked
 * `sk_test_****0001` is fine; a truncated or re-encoded secret is not). Returns the surrounding
 * text with the match masked, for the failure message, or undefined.
 */
function findLeak(secret: string, raw: string): string | undefined {
  // Source locations in stack frames are not output: this file's own name ("canary-secrets")
  // would otherwise match a slice of a token that contains "canary-secret".
  const text = raw.replace(/(?:file:\/\/)?\/[\w.@+/-]+\.(?:ts|js|mjs|cjs)(?::\d+)+/g, '<source>');
  const core = secret.length > 24 ? secret.slice(8, -4) : secret;
  const needles = [secret];
  for (let i = 0; i + 12 <= core.length; i += 6) needles.push(core.slice(i, i + 12));
  for (const needle of needles) {
    const at = text.indexOf(needle);
    if (at >= 0)
      return `${text.slice(Math.max(0, at - 120), at)}<<${needle.length} secret chars>>${text.slice(at + needle.length, at + needle.length + 40)}`;
  }
  return undefined;
}

const FAULT_PLAN: ReadonlyArray<readonly [FaultKind | 'none', number]> = [
  ['none', 0],
  ['unauthorized', 1],
  ['forbidden', 1],
  ['server_error', 3],
  ['rate_limited', 1],
  ['connection_reset', 3],
  ['success_then_dropped', 1],
];

describe('canary secrets never leak', () => {
  const errorsByProvider = new Map<string, number>();

  beforeAll(async () => {
    const consoleSpies = (['log', 'info', 'warn', 'error', 'debug', 'trace'] as const).map((level) =>
      vi.spyOn(console, level).mockImplementation((...args: unknown[]) => {
        record(`console.${level}`, args.map((a) => (typeof a === 'string' ? a : printed(a))).join(' '));
      }),
    );
    const bus = new Bus({
      policies: {
        timeoutMs: 2_000,
        retry: { maxAttempts: 3, baseDelayMs: 1, maxDelayMs: 2, maxRetryAfterMs: 0 },
      },
      onInboundError: (error) => record('inbound error', printed(error)),
    });
    bus.use(...providers.map((p) => p.adapter));
    for (const event of ['start', 'end', 'inbound'] as const) {
      bus.on(event, (payload) =>
        record(`bus event ${event}`, `${JSON.stringify(payload)}\n${printed(payload)}`),
      );
    }
    try {
      for (const provider of providers) {
        const injectors = provider.faults
          ? [provider.faults]
          : provider.baseUrls.map((baseUrl) =>
              createHttpFaultInjector(server, { baseUrl, simulator: provider.handlers }),
            );
        for (const [fault, times] of FAULT_PLAN) {
          if (fault !== 'none' && provider.notApplicable?.includes(fault)) continue;
          for (const command of provider.operations) {
            if (fault !== 'none') for (const injector of injectors) injector.inject(fault, { times });
            const outcome = await bus.dispatchSettled(command);
            for (const injector of injectors) injector.reset();
            if (!outcome.ok) {
              errorsByProvider.set(provider.name, (errorsByProvider.get(provider.name) ?? 0) + 1);
              const error: InfraFabricError = outcome.error;
              record(
                `${provider.name}.${command.operation} error (${fault})`,
                [error.message, error.stack ?? '', JSON.stringify(error), String(error), printed(error)].join(
                  '\n',
                ),
              );
            }
          }
        }
        // Invalid input: the validation error names the field, never the credentials.
        const invalid = await bus.dispatchSettled({
          ...provider.operations.at(-1)!,
          input: { nonsense: true },
        });
        if (!invalid.ok) record(`${provider.name} validation error`, printed(invalid.error));
        // A forged webhook, where the adapter receives them.
        if (typeof (provider.adapter as { parseWebhook?: unknown }).parseWebhook === 'function') {
          const response = await bus.webhooks.handle(
            new Request(`https://hooks.example.com/webhooks/${provider.name}`, {
              method: 'POST',
              headers: { 'content-type': 'application/json' },
              body: '{"forged":true}',
            }),
          );
          record(`${provider.name} webhook response`, `${response.status} ${await response.text()}`);
        }
      }
      const entries = await bus.audit.entries();
      record('audit log', JSON.stringify(entries));
      expect(entries.length).toBeGreaterThan(providers.length * FAULT_PLAN.length);
    } finally {
      await bus.close();
      for (const spy of consoleSpies) spy.mockRestore();
    }
  }, 120_000);

  it('exercised failures at every provider (so the scan has something to scan)', () => {
    for (const provider of providers)
      expect(errorsByProvider.get(provider.name) ?? 0, provider.name).toBeGreaterThan(3);
    expect(seen.some((s) => s.where.startsWith('audit log'))).toBe(true);
  });

  it('the scan finds a canary when one is there (negative control)', () => {
    const secret = providers[0]!.secrets[0]!;
    expect(findLeak(secret, `oops ${secret.slice(4, 20)} printed`)).toBeDefined();
    expect(findLeak(secret, 'Invalid API Key provided: sk_test_********************0001')).toBeUndefined();
  });

  it.each(providers.map((p) => [p.name, p] as const))(
    'no %s canary in logs, errors, events or the audit log',
    (_name, provider) => {
      const found = seen.flatMap(({ where, text }) =>
        provider.secrets.flatMap((secret) => {
          const leak = findLeak(secret, text);
          return leak === undefined ? [] : [`${where}: ${leak}`];
        }),
      );
      expect(found).toEqual([]);
    },
  );
});
