import { channel } from 'node:diagnostics_channel';
import {
  FakeChatAdapter,
  FakeCloud,
  FakeDeviceHub,
  FakePaymentProcessor,
  FakeSipCarrier,
  FakeSwitcher,
} from '@infrafabric/testing';
import { describe, expect, it } from 'vitest';
import {
  type AuditEntry,
  BudgetExceededError,
  Bus,
  CircuitOpenError,
  DeclinedError,
  MemoryAuditSink,
  NetworkError,
  NotSupportedError,
  OPERATION_CHANNEL,
  ProviderError,
  RateLimitError,
  ValidationError,
  parseInput,
  sendMessageInputSchema,
} from '../src/index';

describe('Bus', () => {
  it('dispatches through typed facades and audits every operation', async () => {
    const chat = new FakeChatAdapter({ name: 'team' });
    const bus = new Bus({ adapters: [chat] });
    const sent = await bus.chat.send('team', { to: { chatId: 'ops' }, text: 'deployed' });
    expect(sent.id).toBe('m1');
    expect(chat.sent[0]?.text).toBe('deployed');
    const [entry] = await bus.audit.entries();
    expect(entry).toMatchObject({
      kind: 'chat',
      provider: 'team',
      operation: 'sendMessage',
      outcome: 'ok',
      attempts: 1,
      seq: 1,
    });
    expect(entry?.inputDigest).toMatch(/^[0-9a-f]{64}$/);
    expect((await bus.audit.verify()).ok).toBe(true);
  });

  it('validates input before calling the adapter and names the field', async () => {
    const chat = new FakeChatAdapter();
    const bus = new Bus({ adapters: [chat] });
    const error = await bus.chat.send('fake-chat', { to: { chatId: '' }, text: 'x' }).catch((e) => e);
    expect(ValidationError.isInstance(error)).toBe(true);
    expect(error.field).toBe('input.to.chatId');
    expect(chat.sent).toHaveLength(0);
    const [entry] = await bus.audit.entries();
    expect(entry).toMatchObject({ outcome: 'error', errorCode: 'validation' });
  });

  it('throws NotSupportedError for an operation the adapter lacks', async () => {
    const bus = new Bus({ adapters: [new FakeChatAdapter()] });
    const error = await bus.chat.addMember('fake-chat', { chatId: 'c', userId: 'u' }).catch((e) => e);
    expect(NotSupportedError.isInstance(error)).toBe(true);
  });

  it('rejects unknown adapters and kind mismatches', async () => {
    const bus = new Bus({ adapters: [new FakeChatAdapter()] });
    await expect(bus.payment.charge('fake-chat', { amount: { amount: 1, currency: 'GBP' } })).rejects.toThrow(
      /chat adapter, not payment/,
    );
    await expect(bus.chat.send('nobody', { to: { chatId: 'x' }, text: 'x' })).rejects.toThrow(
      /No adapter named "nobody"/,
    );
  });

  it('retries with one idempotency key, so a retried payment is charged once', async () => {
    const stripe = new FakePaymentProcessor({ name: 'pay' });
    stripe.failuresAfterCommit.failNext(
      'createPayment',
      new NetworkError('reset after commit', { provider: 'pay', outcomeUnknown: true }),
    );
    const bus = new Bus({ adapters: [stripe], policies: { retry: { maxAttempts: 3, baseDelayMs: 1 } } });
    const payment = await bus.payment.charge('pay', {
      amount: { amount: 1999, currency: 'GBP' },
      reference: 'order-1',
    });
    expect(payment.status).toBe('captured');
    expect(stripe.charges('order-1')).toBe(1);
    const [entry] = await bus.audit.entries();
    expect(entry?.attempts).toBe(2);
    expect(entry?.idempotencyKey).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('does not retry an uncertain call at a provider without idempotency keys', async () => {
    const chat = new FakeChatAdapter();
    (chat.capabilities as { idempotencyKeys?: boolean }).idempotencyKeys = false;
    chat.failures.failNext('sendMessage', new NetworkError('reset', { outcomeUnknown: true }));
    const bus = new Bus({ adapters: [chat], policies: { retry: { maxAttempts: 3, baseDelayMs: 1 } } });
    await expect(bus.chat.send('fake-chat', { to: { chatId: 'c' }, text: 'x' })).rejects.toSatisfy((e) =>
      NetworkError.isInstance(e),
    );
    expect(chat.sent).toHaveLength(0);
  });

  it('never retries a decline', async () => {
    const pay = new FakePaymentProcessor();
    const bus = new Bus({ adapters: [pay], policies: { retry: { maxAttempts: 5, baseDelayMs: 1 } } });
    const error = await bus.payment
      .charge('fake-payment', { amount: { amount: 500, currency: 'USD' }, paymentMethod: 'tok_declined' })
      .catch((e) => e);
    expect(DeclinedError.isInstance(error)).toBe(true);
    expect((await bus.audit.entries())[0]?.attempts).toBe(1);
  });

  it('opens the circuit after repeated failures and then refuses without calling', async () => {
    const chat = new FakeChatAdapter();
    const bus = new Bus({
      adapters: [chat],
      policies: { retry: false, circuitBreaker: { failureThreshold: 2, resetTimeoutMs: 60_000 } },
    });
    chat.failures.failNext('sendMessage', new ProviderError('down', { retryable: true }), 5);
    for (let i = 0; i < 2; i++)
      await bus.chat.send('fake-chat', { to: { chatId: 'c' }, text: 'x' }).catch(() => undefined);
    const error = await bus.chat.send('fake-chat', { to: { chatId: 'c' }, text: 'x' }).catch((e) => e);
    expect(CircuitOpenError.isInstance(error)).toBe(true);
    expect(bus.health('fake-chat')[0]).toMatchObject({ circuit: 'open', failures: 3, successRate: 0 });
  });

  it('refuses an operation over budget before sending, and reports costs', async () => {
    const pay = new FakePaymentProcessor({ fee: { basisPoints: 0, fixed: 30 } });
    const bus = new Bus({
      adapters: [pay],
      budgets: [{ limit: { amount: 70, currency: 'GBP' }, period: 'day', kind: 'payment' }],
    });
    await bus.payment.charge('fake-payment', { amount: { amount: 1000, currency: 'GBP' } });
    await bus.payment.charge('fake-payment', { amount: { amount: 1000, currency: 'GBP' } });
    const error = await bus.payment
      .charge('fake-payment', { amount: { amount: 1000, currency: 'GBP' } })
      .catch((e) => e);
    expect(BudgetExceededError.isInstance(error)).toBe(true);
    expect(error.message).toMatch(/0\.60 of its daily budget of 0\.70 GBP/);
    expect(pay.payments.size).toBe(2);
    expect(bus.costs.report({ by: 'provider' })).toEqual([
      {
        key: 'fake-payment',
        currency: 'GBP',
        total: { amount: 60, currency: 'GBP' },
        operations: 2,
        estimated: 2,
      },
    ]);
  });

  it('emits start/end events and publishes on diagnostics_channel', async () => {
    const bus = new Bus({ adapters: [new FakeDeviceHub()] });
    const events: string[] = [];
    bus.on('start', ({ command }) => events.push(`start:${command.operation}`));
    bus.on('end', ({ entry }) => events.push(`end:${entry.outcome}`));
    const published: AuditEntry[] = [];
    const listener = (message: unknown) => published.push(message as AuditEntry);
    channel(OPERATION_CHANNEL).subscribe(listener);
    const changed = await bus.device.callService('fake-device', {
      domain: 'light',
      service: 'turn_on',
      target: { entityId: 'light.studio' },
      data: { brightness_pct: 80 },
    });
    channel(OPERATION_CHANNEL).unsubscribe(listener);
    expect(changed[0]).toMatchObject({ entityId: 'light.studio', state: 'on' });
    expect(events).toEqual(['start:callService', 'end:ok']);
    expect(published[0]).toMatchObject({ operation: 'callService', provider: 'fake-device' });
  });

  it('audits every call in order whether or not the entry is awaited (batched for in-memory sinks)', async () => {
    const sink = new MemoryAuditSink();
    const bus = new Bus({ adapters: [new FakeDeviceHub()], auditSinks: [sink] });
    const input = { domain: 'light', service: 'turn_on', target: { entityId: 'light.studio' } };
    await bus.device.callService('fake-device', input);
    // Nobody listens: the entry may still be in the batch, but any read writes it first.
    expect(sink.entries().map((e) => e.operation)).toEqual(['callService']);
    await bus.device.callService('fake-device', input);
    const ends: AuditEntry[] = [];
    const stop = bus.on('end', ({ entry }) => ends.push(entry));
    await bus.device.callService('fake-device', input); // a listener: written before the event
    stop();
    await bus.device.callService('fake-device', input);
    const entries = await bus.audit.entries();
    expect(entries.map((e) => e.seq)).toEqual([1, 2, 3, 4]);
    expect(ends[0]?.seq).toBe(3);
    expect(ends[0]?.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(await bus.audit.verify()).toEqual({ ok: true, checked: 4 });
  });

  it('covers every kind through its facade', async () => {
    const bus = new Bus({
      adapters: [new FakeCloud({ bootMs: 5 }), new FakeSipCarrier(), new FakeSwitcher()],
      auditSinks: [new MemoryAuditSink(100)],
    });
    const server = await bus.cloud.provision('fake-cloud', {
      name: 'gpu-1',
      size: 'g1',
      image: 'ubuntu',
      region: 'eu',
    });
    expect(server.status).toBe('pending');
    const running = await bus.cloud.waitForServer('fake-cloud', {
      id: server.id,
      status: 'running',
      pollIntervalMs: 2,
    });
    expect(running.addresses.public.length).toBe(1);
    expect(running.tags['infrafabric-managed']).toBe('true');
    const sms = await bus.sip.sms('fake-sip', {
      from: '+14155552671',
      to: '+33612345678',
      text: 'Live in 5',
    });
    expect(sms.status).toBe('queued');
    await bus.production.scene('fake-switcher', { scene: 'Live' });
    expect((await bus.production.listScenes('fake-switcher')).program).toBe('Live');
    expect((await bus.audit.entries()).length).toBe(5);
  });

  it('never writes a secret to the audit log', async () => {
    const chat = new FakeChatAdapter();
    const sink = new MemoryAuditSink();
    const bus = new Bus({ adapters: [chat], auditSinks: [sink] });
    await bus.chat.send('fake-chat', {
      to: { chatId: 'c' },
      text: 'x',
      providerOptions: { slack: { token: 'xoxb-should-not-appear' } },
    });
    expect(JSON.stringify(sink.entries())).not.toContain('xoxb-should-not-appear');
  });
});

describe('Bus audit digests and adapter input', () => {
  it('digests the input as it was sent, even when the caller changes it after the call', async () => {
    const digestAfterChange = async (observed: boolean) => {
      const bus = new Bus({ adapters: [new FakeChatAdapter({ name: 'team' })] });
      if (observed) bus.on('end', () => undefined);
      const blocks = [{ type: 'section', text: 'deploy finished' }];
      await bus.chat.send('team', {
        to: { chatId: 'ops' },
        text: 'deploy finished',
        providerOptions: { slack: { blocks } },
      });
      blocks[0]!.text = 'the next message'; // the caller reuses its payload
      const [entry] = await bus.audit.entries();
      return entry?.inputDigest;
    };
    const batched = await digestAfterChange(false);
    const immediate = await digestAfterChange(true);
    expect(batched).toMatch(/^[0-9a-f]{64}$/);
    expect(batched).toBe(immediate);
  });

  it('gives an adapter that does not declare inputIsReadOnly its own copy on every attempt', async () => {
    const seen: string[] = [];
    let attempts = 0;
    const adapter = new FakeChatAdapter({ name: 'team' });
    Object.defineProperty(adapter, 'inputIsReadOnly', { value: false });
    const send = adapter.sendMessage.bind(adapter);
    adapter.sendMessage = async (raw, options) => {
      const input = parseInput(sendMessageInputSchema, raw);
      seen.push(input.text);
      input.text = `[tagged] ${input.text}`; // changes its own copy
      attempts += 1;
      if (attempts === 1) throw new RateLimitError(undefined, { provider: 'team', retryAfterMs: 1 });
      return send(input, options);
    };
    const bus = new Bus({ adapters: [adapter], policies: { retry: { maxAttempts: 2, baseDelayMs: 1 } } });
    await bus.chat.send('team', { to: { chatId: 'ops' }, text: 'hello' });
    expect(seen).toEqual(['hello', 'hello']);
  });
});
