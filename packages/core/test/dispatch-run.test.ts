// How one dispatched call settles: exactly once, with the provider's in-flight count restored and
// one audit entry, whatever the adapter does (returns a plain value, throws synchronously, throws
// something that is not an error), and without the audit batch holding on to outputs.
import { sendOnlyChatCapabilities } from '@infrafabric/testing';
import { describe, expect, it } from 'vitest';
import {
  Bus,
  type ChatAdapter,
  MemoryAuditSink,
  ProviderError,
  SPECIFICATION_VERSION,
  type SendMessageInput,
  type SentMessage,
  Witness,
  runWithPolicies,
  startPolicyRun,
} from '../src/index';

const message = { to: { chatId: 'C1' }, text: 'hello' };

function chat(
  sendMessage: (input: SendMessageInput) => unknown,
  extra: Partial<ChatAdapter> = {},
): ChatAdapter {
  return {
    specificationVersion: SPECIFICATION_VERSION,
    kind: 'chat',
    provider: 'plain',
    inputIsReadOnly: true,
    capabilities: sendOnlyChatCapabilities(),
    check: async () => ({ id: 'plain' }),
    sendMessage: sendMessage as (input: SendMessageInput) => Promise<SentMessage>,
    ...extra,
  };
}

describe('a dispatched call', () => {
  it('settles once with the value of an adapter method that returns a plain value (no promise)', async () => {
    let calls = 0;
    const bus = new Bus({
      adapters: [chat(() => ({ id: `m${++calls}`, chatId: 'C1' }))],
      policies: { retry: { maxAttempts: 3, baseDelayMs: 1 }, timeoutMs: 50 },
    });
    const outcome = await bus.dispatchSettled({
      kind: 'chat',
      provider: 'plain',
      operation: 'sendMessage',
      input: message,
    });
    expect(outcome).toMatchObject({ ok: true, value: { id: 'm1' }, attempts: 1 });
    await new Promise((resolve) => setTimeout(resolve, 80)); // past the timeout: nothing fires again
    expect(calls).toBe(1);
    expect(bus.health('plain')[0]?.inFlight).toBe(0);
    expect(await bus.audit.entries()).toHaveLength(1);
  });

  it('settles a plain value or a synchronous throw on a rate-limited provider too', async () => {
    let next: () => unknown = () => ({ id: 'plain-value', chatId: 'C1' });
    const bus = new Bus({
      adapters: [chat(() => next())],
      policies: {
        retry: false,
        rateLimit: { capacity: 1, refillPerSecond: 1000 },
        timeoutMs: Number.POSITIVE_INFINITY, // nothing but the adapter's own answer settles the call
      },
    });
    const send = () =>
      bus.dispatchSettled({ kind: 'chat', provider: 'plain', operation: 'sendMessage', input: message });
    expect(await send()).toMatchObject({ ok: true, value: { id: 'plain-value' } });
    next = () => {
      throw new TypeError('boom');
    };
    const failed = await send();
    expect(failed.ok).toBe(false);
    if (!failed.ok) expect(failed.error).toBeInstanceOf(ProviderError);
    expect(bus.health('plain')[0]?.inFlight).toBe(0);
    expect((await bus.audit.entries()).map((e) => e.outcome)).toEqual(['ok', 'error']);
  });

  it('restores the in-flight count when the thrown value cannot even be printed', async () => {
    const bus = new Bus({
      adapters: [
        chat(async () => ({ id: 'x', chatId: 'C1' }), {
          costModel: {
            estimate: () => {
              throw Object.create(null);
            },
          },
        }),
      ],
    });
    const outcome = await bus.dispatchSettled({
      kind: 'chat',
      provider: 'plain',
      operation: 'sendMessage',
      input: message,
    });
    expect(outcome.ok).toBe(false);
    if (!outcome.ok) expect(outcome.error.message).toContain('[object Object]');
    expect(bus.health('plain')[0]?.inFlight).toBe(0);
  });

  it('does not keep outputs alive in the audit batch until it is written', async () => {
    const outputs: object[] = [];
    const bus = new Bus({
      adapters: [
        chat(async () => {
          const output = { id: `m${outputs.length}`, chatId: 'C1', big: 'x'.repeat(1000) };
          outputs.push(output);
          return output;
        }),
      ],
      auditSinks: [new MemoryAuditSink()],
    });
    for (let i = 0; i < 5; i++) await bus.chat.send('plain', message);
    // White box: what the batch holds before it is written.
    const pending = (bus.audit as unknown as { batch: unknown[] }).batch;
    expect(pending.length).toBeGreaterThan(0);
    const held = new Set<unknown>();
    for (const item of pending)
      if (item && typeof item === 'object') for (const value of Object.values(item)) held.add(value);
    for (const output of outputs) expect(held.has(output)).toBe(false);
    expect(await bus.audit.entries()).toHaveLength(5);
  });

  it('settles after the caller’s abort() has returned, not inside it', async () => {
    const bus = new Bus({ adapters: [chat(() => new Promise(() => {}))] });
    const ended: string[] = [];
    bus.on('end', (e) => ended.push(e.entry.outcome));
    const controller = new AbortController();
    const pending = bus.dispatchSettled(
      { kind: 'chat', provider: 'plain', operation: 'sendMessage', input: message },
      { signal: controller.signal },
    );
    controller.abort(new Error('stop'));
    expect(ended).toEqual([]);
    expect((await pending).ok).toBe(false);
    expect(ended).toEqual(['error']);
  });
});

describe('Witness.appendSoon', () => {
  it('copies the record it is given: the same record appended twice makes two entries', async () => {
    const witness = new Witness([new MemoryAuditSink()]);
    const record = {
      time: '2026-11-24T00:00:00.000Z',
      traceId: 't',
      commandId: 'c',
      kind: 'chat' as const,
      provider: 'p',
      operation: 'sendMessage',
      inputDigest: 'd'.repeat(64),
      outcome: 'ok' as const,
      attempts: 1,
      latencyMs: 1,
    };
    witness.appendSoon((r) => r, record);
    witness.appendSoon((r) => r, record);
    expect((await witness.entries()).map((e) => e.seq)).toEqual([1, 2]);
    expect((await witness.verify()).ok).toBe(true);
    expect(record).not.toHaveProperty('seq');
  });
});

describe('runWithPolicies', () => {
  it("calls a context object's own methods (a class instance keeps its retrySafe)", async () => {
    class Context {
      provider = 'p';
      operation = 'op';
      policies = { retry: { maxAttempts: 3, baseDelayMs: 1 } };
      state = {};
      retrySafe(): boolean {
        return false;
      }
    }
    let calls = 0;
    await expect(
      runWithPolicies(async () => {
        calls += 1;
        throw new ProviderError('reset after sending', { retryable: true, outcomeUnknown: true });
      }, new Context()),
    ).rejects.toBeInstanceOf(ProviderError);
    expect(calls).toBe(1);
  });

  it('hands the outcome to a target exactly once, even when its settled() throws', async () => {
    const outcomes: unknown[] = [];
    startPolicyRun({
      provider: 'p',
      operation: 'op',
      policies: { retry: { maxAttempts: 3, baseDelayMs: 1 } },
      state: {},
      attempt: async () => {
        throw new ProviderError('503', { retryable: false });
      },
      settled: (error) => {
        outcomes.push(error?.code);
        throw new Error('a broken target');
      },
    });
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(outcomes).toEqual(['provider']);
  });
});
