import { trace } from '@opentelemetry/api';
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  SimpleSpanProcessor,
} from '@opentelemetry/sdk-trace-base';
import { FakeChatAdapter, FakePaymentProcessor } from '@infrafabric/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Bus, DeclinedError } from '../src/index';
import { preloadTelemetry, spansEnabled } from '../src/witness/telemetry';

describe('OpenTelemetry spans', () => {
  const exporter = new InMemorySpanExporter();
  const provider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });

  beforeAll(async () => {
    trace.setGlobalTracerProvider(provider);
    await preloadTelemetry();
  });

  afterAll(async () => {
    await provider.shutdown();
    trace.disable();
  });

  it('emits one span per dispatched operation with its outcome and timing', async () => {
    exporter.reset();
    const bus = new Bus({ adapters: [new FakeChatAdapter({ name: 'team' }), new FakePaymentProcessor()] });
    await bus.chat.send('team', { to: { chatId: 'ops' }, text: 'deployed' });
    const declined = await bus.payment
      .charge('fake-payment', { amount: { amount: 500, currency: 'USD' }, paymentMethod: 'tok_declined' })
      .catch((e: unknown) => e);
    expect(DeclinedError.isInstance(declined)).toBe(true);

    const spans = exporter.getFinishedSpans();
    expect(spans.map((s) => s.name)).toEqual([
      'infrafabric chat.sendMessage',
      'infrafabric payment.createPayment',
    ]);
    const [sent, charge] = spans;
    expect(sent?.attributes).toMatchObject({
      'infrafabric.kind': 'chat',
      'infrafabric.provider': 'team',
      'infrafabric.operation': 'sendMessage',
      'infrafabric.attempts': 1,
    });
    expect(sent?.status.code).toBe(1); // SpanStatusCode.OK
    expect(charge?.status.code).toBe(2); // SpanStatusCode.ERROR
    expect(charge?.attributes['infrafabric.error_code']).toBe('declined');
    // Start and end come from the audit entry: the span lasts as long as the operation did.
    const startMs = (sent?.startTime[0] ?? 0) * 1000 + (sent?.startTime[1] ?? 0) / 1e6;
    expect(Math.abs(startMs - Date.now())).toBeLessThan(10_000);
    const [entry] = await bus.audit.entries();
    expect(sent?.attributes['infrafabric.trace_id']).toBe(entry?.traceId);
  });

  it('never puts input or secrets on a span', async () => {
    exporter.reset();
    const bus = new Bus({ adapters: [new FakeChatAdapter({ name: 'team' })] });
    await bus.chat.send('team', { to: { chatId: 'ops' }, text: 'token=sk_live_canary_123' });
    const serialized = JSON.stringify(exporter.getFinishedSpans().map((s) => s.attributes));
    expect(serialized).toContain('sendMessage');
    expect(serialized).not.toContain('sk_live_canary_123');
  });
});

describe('OpenTelemetry without an SDK', () => {
  it('emits no span while no SDK is registered, and spans again once one is', async () => {
    await preloadTelemetry();
    trace.disable();
    expect(spansEnabled()).toBe(false);
    const exporter = new InMemorySpanExporter();
    const provider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
    const bus = new Bus({ adapters: [new FakeChatAdapter({ name: 'team' })] });
    await bus.chat.send('team', { to: { chatId: 'ops' }, text: 'before' });
    trace.setGlobalTracerProvider(provider);
    expect(spansEnabled()).toBe(true);
    await bus.chat.send('team', { to: { chatId: 'ops' }, text: 'after' });
    expect(exporter.getFinishedSpans()).toHaveLength(1);
    await provider.shutdown();
    trace.disable();
  });
});
