import { inspect } from 'node:util';
import { FakeChatAdapter } from '@infrafabric/testing';
import { describe, expect, it } from 'vitest';
import {
  type AuditEntry,
  type AuditSink,
  type AuditWriteError,
  Bus,
  MemoryAuditSink,
  registerSecrets,
} from '../src/index';

/** An async sink (like a Redis stream) that fails its first write only. */
class FlakyAsyncSink implements AuditSink {
  readonly stored: AuditEntry[] = [];
  private failures = 1;
  async write(entry: AuditEntry): Promise<void> {
    if (this.failures > 0) {
      this.failures -= 1;
      throw new Error('redis down');
    }
    this.stored.push(entry);
  }
}

describe('an audit sink that fails once', () => {
  it('reports the failure, keeps the outcome, and does not fail later operations', async () => {
    const flaky = new FlakyAsyncSink();
    const reported: AuditWriteError[] = [];
    const chat = new FakeChatAdapter({ name: 'team' });
    const bus = new Bus({
      adapters: [chat],
      auditSinks: [new MemoryAuditSink(), flaky],
      onAuditError: (error) => reported.push(error),
    });
    const outcomes = [];
    for (let i = 0; i < 3; i++)
      outcomes.push(
        await bus.dispatchSettled({
          kind: 'chat',
          provider: 'team',
          operation: 'sendMessage',
          input: { to: { chatId: 'c' }, text: `m${i}` },
        }),
      );
    expect(outcomes.map((o) => o.ok)).toEqual([true, true, true]);
    expect(chat.sent).toHaveLength(3);
    expect(reported).toHaveLength(1);
    expect(reported[0]?.entry.seq).toBe(1);
    expect(reported[0]?.message).toContain('redis down');
    expect(flaky.stored.map((e) => e.seq)).toEqual([2, 3]);
    expect((await bus.audit.verify()).ok).toBe(true);
  });
});

describe('secrets in provider errors', () => {
  it('are scrubbed from the message, the stack and the wrapped cause chain', async () => {
    const secret = 'sk_live_cause_chain_canary_0042';
    registerSecrets([secret]);
    const chat = new FakeChatAdapter({ name: 'leaky' });
    chat.sendMessage = async () => {
      const sdkError = new Error(`401 for token ${secret}`, {
        cause: { request: { headers: { authorization: `Bearer ${secret}` } } },
      });
      throw new Error(`send failed: ${sdkError.message}`, { cause: sdkError });
    };
    const bus = new Bus({ adapters: [chat], policies: { retry: false } });
    const outcome = await bus.dispatchSettled({
      kind: 'chat',
      provider: 'leaky',
      operation: 'sendMessage',
      input: { to: { chatId: 'c' }, text: 'x' },
    });
    expect(outcome.ok).toBe(false);
    if (outcome.ok) return;
    const printed = inspect(outcome.error, { depth: 10 });
    expect(printed).toContain('send failed');
    expect(printed).toContain('[REDACTED]');
    expect(printed).not.toContain(secret);
  });
});
