import { FakeChatAdapter, FakePaymentProcessor, FakeSipCarrier } from '@infrafabric/testing';
import { describe, expect, it } from 'vitest';
import {
  Bus,
  DeclinedError,
  type InboundEvent,
  MemoryDedupStore,
  NetworkError,
  ProviderError,
  TimeoutError,
  ValidationError,
  WeightedRoundRobin,
  WebhookVerificationError,
  hmac,
  markdownToPlain,
  overallStatus,
  readRawBody,
  splitText,
  timingSafeEqualString,
} from '../src/index';

describe('portable message helpers', () => {
  it('strips markdown for plain-text platforms', () => {
    expect(markdownToPlain('**Deploy** _done_, see [logs](https://x.test/l) `v2` ~~old~~')).toBe(
      'Deploy done, see logs (https://x.test/l) v2 old',
    );
  });
  it('splits long text at boundaries within the limit', () => {
    const parts = splitText(`${'a'.repeat(30)} ${'b'.repeat(30)}\n\n${'c'.repeat(30)}`, 40);
    expect(parts.every((p) => p.length <= 40)).toBe(true);
    expect(parts.join(' ').replace(/\s+/g, ' ')).toBe(
      `${'a'.repeat(30)} ${'b'.repeat(30)} ${'c'.repeat(30)}`,
    );
    expect(splitText('short', 40)).toEqual(['short']);
  });
  it('summarizes outcomes', () => {
    expect(overallStatus([{ status: 'sent' }, { status: 'skipped' }])).toBe('success');
    expect(overallStatus([{ status: 'sent' }, { status: 'failed' }])).toBe('partial');
    expect(overallStatus([{ status: 'timed_out' }])).toBe('failure');
  });
});

describe('broadcast', () => {
  it('reports every target: sent, failed, skipped; partial overall', async () => {
    const a = new FakeChatAdapter({ name: 'a' });
    const b = new FakeChatAdapter({ name: 'b' });
    b.failures.failNext('sendMessage', new ProviderError('down', { provider: 'b', retryable: false }));
    const bus = new Bus({ adapters: [a, b], policies: { retry: false } });
    const result = await bus.broadcast({ text: 'hello' }, [
      { provider: 'a', chatId: 'c1' },
      { provider: 'b', chatId: 'c2' },
      { provider: 'missing', chatId: 'c3' },
    ]);
    expect(result.status).toBe('partial');
    expect(result.results.map((r) => r.status)).toEqual(['sent', 'failed', 'skipped']);
    expect(a.sent[0]?.text).toBe('hello');
    const entries = await bus.audit.entries();
    expect(entries.every((e) => e.traceId === result.traceId)).toBe(true);
  });

  it('falls back to plain text and splits over-long text per platform', async () => {
    const narrow = new FakeChatAdapter({ name: 'narrow' });
    (narrow.capabilities as { maxTextLength: number }).maxTextLength = 10;
    (narrow.capabilities as unknown as { formats: string[] }).formats = ['plain'];
    const bus = new Bus({ adapters: [narrow] });
    const result = await bus.broadcast({ text: '**hello** wide world', format: 'markdown' }, [
      { provider: 'narrow', chatId: 'c' },
    ]);
    expect(narrow.sent.map((m) => m.text)).toEqual(['hello wide', 'world']);
    expect(narrow.sent[0]?.format).toBe('plain');
    const first = result.results[0];
    expect(first?.status === 'sent' && first.message.additionalIds).toEqual(['m2']);
  });

  it('reports timeouts as timed_out', async () => {
    const slow = new FakeChatAdapter({ name: 'slow', latencyMs: 200 });
    const bus = new Bus({ adapters: [slow], policies: { timeoutMs: 20, retry: false } });
    const result = await bus.broadcast({ text: 'x' }, [{ provider: 'slow', chatId: 'c' }]);
    expect(result.results[0]?.status).toBe('timed_out');
    expect(result.status).toBe('failure');
  });

  it('fans out concurrently: 10 platforms at 50 ms are all in flight at once', async () => {
    const adapters = Array.from(
      { length: 10 },
      (_, i) => new FakeChatAdapter({ name: `p${i}`, latencyMs: 50 }),
    );
    let inFlight = 0;
    let maxInFlight = 0;
    for (const adapter of adapters) {
      const send = adapter.sendMessage.bind(adapter);
      adapter.sendMessage = async (input, options) => {
        inFlight += 1;
        maxInFlight = Math.max(maxInFlight, inFlight);
        try {
          return await send(input, options);
        } finally {
          inFlight -= 1;
        }
      };
    }
    const bus = new Bus({ adapters });
    const targets = adapters.map((a) => ({ provider: a.name, chatId: 'c' }));
    for (const concurrency of [10, 3]) {
      maxInFlight = 0;
      const result = await bus.broadcast({ text: 'go' }, targets, { concurrency });
      expect(result.status).toBe('success');
      // That many were waiting on their platform at the same time (the time itself is in pnpm bench).
      expect(maxInFlight).toBe(concurrency);
    }
  });
});

describe('failover and routing strategies', () => {
  it('moves on after a network failure and records every attempt', async () => {
    const primary = new FakeSipCarrier({ name: 'primary' });
    const backup = new FakeSipCarrier({ name: 'backup' });
    primary.failures.failNext('sendSms', new NetworkError('refused', { provider: 'primary' }), 5);
    const bus = new Bus({ adapters: [primary, backup], policies: { retry: false } });
    const result = await bus.failover(
      'sip',
      'sendSms',
      { from: '+14155552671', to: '+33612345678', text: 'x' },
      ['primary', 'backup'],
    );
    expect(result.ok && result.provider).toBe('backup');
    expect(result.attempts.map((a) => [a.provider, a.ok])).toEqual([
      ['primary', false],
      ['backup', true],
    ]);
    expect(backup.sms).toHaveLength(1);
  });

  it('never fails over a decline or a validation error', async () => {
    const p1 = new FakePaymentProcessor({ name: 'p1' });
    const p2 = new FakePaymentProcessor({ name: 'p2' });
    const bus = new Bus({ adapters: [p1, p2] });
    const result = await bus.failover(
      'payment',
      'createPayment',
      { amount: { amount: 100, currency: 'EUR' }, paymentMethod: 'tok_declined', reference: 'o1' },
      ['p1', 'p2'],
    );
    expect(result.ok).toBe(false);
    expect(!result.ok && DeclinedError.isInstance(result.error)).toBe(true);
    expect(p2.payments.size).toBe(0);
  });

  it('reconciles an uncertain payment instead of charging twice', async () => {
    const p1 = new FakePaymentProcessor({ name: 'p1' });
    const p2 = new FakePaymentProcessor({ name: 'p2' });
    p1.failuresAfterCommit.failNext('createPayment', new TimeoutError('lost answer', { provider: 'p1' }), 5);
    const bus = new Bus({ adapters: [p1, p2], policies: { retry: false } });
    const result = await bus.failover(
      'payment',
      'createPayment',
      { amount: { amount: 100, currency: 'EUR' }, reference: 'order-9' },
      ['p1', 'p2'],
    );
    expect(result.ok && result.provider).toBe('p1');
    expect(result.attempts[0]?.reconciled).toBe('found');
    expect(p1.charges('order-9') + p2.charges('order-9')).toBe(1);
  });

  it('reports a reconciled payment that was declined as a decline, without failing over', async () => {
    const p1 = new FakePaymentProcessor({ name: 'p1' });
    const p2 = new FakePaymentProcessor({ name: 'p2' });
    p1.failures.failNext('createPayment', new TimeoutError('no answer', { provider: 'p1' }), 5);
    p1.payments.set('pay_x', {
      id: 'pay_x',
      status: 'failed',
      amount: { amount: 100, currency: 'EUR' },
      reference: 'order-11',
    });
    const bus = new Bus({ adapters: [p1, p2], policies: { retry: false } });
    const result = await bus.failover(
      'payment',
      'createPayment',
      { amount: { amount: 100, currency: 'EUR' }, reference: 'order-11' },
      ['p1', 'p2'],
    );
    expect(result.ok).toBe(false);
    expect(!result.ok && DeclinedError.isInstance(result.error)).toBe(true);
    expect(p2.payments.size).toBe(0);
  });

  it('moves on when reconciliation proves the payment was not made', async () => {
    const p1 = new FakePaymentProcessor({ name: 'p1' });
    const p2 = new FakePaymentProcessor({ name: 'p2' });
    p1.failures.failNext('createPayment', new TimeoutError('no answer', { provider: 'p1' }), 5);
    const bus = new Bus({ adapters: [p1, p2], policies: { retry: false } });
    const result = await bus.failover(
      'payment',
      'createPayment',
      { amount: { amount: 100, currency: 'EUR' }, reference: 'order-10' },
      ['p1', 'p2'],
    );
    expect(result.ok && result.provider).toBe('p2');
    expect(result.attempts[0]?.reconciled).toBe('not_found');
    expect(p2.charges('order-10')).toBe(1);
  });

  it('refuses to fail over a payment that has no reference', async () => {
    const bus = new Bus({
      adapters: [new FakePaymentProcessor({ name: 'p1' }), new FakePaymentProcessor({ name: 'p2' })],
    });
    await expect(
      bus.failover('payment', 'createPayment', { amount: { amount: 100, currency: 'EUR' } }, ['p1', 'p2']),
    ).rejects.toSatisfy(
      (e) => ValidationError.isInstance(e) && (e as ValidationError).field === 'input.reference',
    );
  });

  it('does not fail over an SMS whose outcome is unknown, unless allowed', async () => {
    const p1 = new FakeSipCarrier({ name: 's1' });
    const p2 = new FakeSipCarrier({ name: 's2' });
    const bus = new Bus({ adapters: [p1, p2], policies: { retry: false } });
    const sms = { from: '+14155552671', to: '+33612345678', text: 'x' };
    p1.failures.failNext('sendSms', new TimeoutError('?', { provider: 's1' }));
    expect((await bus.failover('sip', 'sendSms', sms, ['s1', 's2'])).ok).toBe(false);
    p1.failures.failNext('sendSms', new TimeoutError('?', { provider: 's1' }));
    expect(
      (await bus.failover('sip', 'sendSms', sms, ['s1', 's2'], { failoverOnUnknownOutcome: true })).ok,
    ).toBe(true);
  });

  it('picks the cheapest SMS route for the destination country', async () => {
    const cheapUk = new FakeSipCarrier({ name: 'uk-cheap', smsPrices: { FR: 9, GG: 2, US: 50 } });
    const cheapUs = new FakeSipCarrier({ name: 'us-cheap', smsPrices: { FR: 8, GG: 9, US: 1 } });
    const bus = new Bus({ adapters: [cheapUk, cheapUs] });
    const toUs = await bus.run(
      'sip',
      'sendSms',
      { from: '+14155552671', to: '+16502530000', text: 'x' },
      { strategy: 'least-cost' },
    );
    const toGg = await bus.run(
      'sip',
      'sendSms',
      { from: '+14155552671', to: '+447911123456', text: 'x' },
      { strategy: 'least-cost' },
    );
    expect(toUs.ok && toUs.provider).toBe('us-cheap');
    expect(toGg.ok && toGg.provider).toBe('uk-cheap');
  });

  it('skips providers with an open circuit, in under a millisecond each', async () => {
    const dead = new FakeSipCarrier({ name: 'dead' });
    const live = new FakeSipCarrier({ name: 'live' });
    dead.failures.failNext('sendSms', new NetworkError('down', { provider: 'dead' }), 100);
    const bus = new Bus({
      adapters: [dead, live],
      policies: { retry: false, circuitBreaker: { failureThreshold: 1, resetTimeoutMs: 60_000 } },
    });
    const sms = { from: '+14155552671', to: '+33612345678', text: 'x' };
    await bus.failover('sip', 'sendSms', sms, ['dead', 'live']);
    expect(bus.health('dead')[0]?.circuit).toBe('open');
    const result = await bus.run('sip', 'sendSms', sms, { via: ['dead', 'live'] });
    expect(result.attempts.map((a) => a.provider)).toEqual(['live']);
  });

  it('weighted round-robin spreads picks by weight, smoothly', () => {
    const rr = new WeightedRoundRobin();
    const picks = Array.from({ length: 7 }, () => rr.next(['a', 'b', 'c'], { a: 5, b: 1, c: 1 }));
    expect(picks.filter((p) => p === 'a')).toHaveLength(5);
    expect(picks).toEqual(['a', 'a', 'b', 'a', 'c', 'a', 'a']);
  });

  it('success-rate routing prefers the healthier provider', async () => {
    const flaky = new FakeChatAdapter({ name: 'flaky' });
    const solid = new FakeChatAdapter({ name: 'solid' });
    const bus = new Bus({ adapters: [flaky, solid], policies: { retry: false, circuitBreaker: false } });
    flaky.failures.failNext('sendMessage', new ProviderError('x', { retryable: true }), 3);
    for (let i = 0; i < 3; i++)
      await bus.chat.send('flaky', { to: { chatId: 'c' }, text: 'x' }).catch(() => undefined);
    await bus.chat.send('solid', { to: { chatId: 'c' }, text: 'x' });
    const result = await bus.run(
      'chat',
      'sendMessage',
      { to: { chatId: 'c' }, text: 'y' },
      { strategy: 'success-rate' },
    );
    expect(result.ok && result.provider).toBe('solid');
  });
});

/** A chat adapter whose webhooks are signed with HMAC-SHA256 over the raw body. */
function signedChat(name: string, secret: string) {
  const adapter = new FakeChatAdapter({ name });
  (adapter.capabilities.operations as Record<string, boolean>).parseWebhook = true;
  return Object.assign(adapter, {
    async parseWebhook(request: Request) {
      const body = await readRawBody(request, name, 1024);
      const signature = request.headers.get('x-signature');
      if (!signature) throw new WebhookVerificationError('missing', 'missing_signature', { provider: name });
      if (!timingSafeEqualString(signature, hmac('sha256', secret, body, 'hex')))
        throw new WebhookVerificationError('bad', 'bad_signature', { provider: name });
      const payload = JSON.parse(new TextDecoder().decode(body)) as {
        id: string;
        chat: string;
        text: string;
        challenge?: string;
      };
      if (payload.challenge) return { events: [], response: new Response(payload.challenge) };
      return { events: [adapter.inbound(payload.chat, payload.text)].map((e) => ({ ...e, id: payload.id })) };
    },
  });
}

function signedRequest(name: string, secret: string, payload: object, signature?: string): Request {
  const body = JSON.stringify(payload);
  return new Request(`https://bus.test/webhooks/${name}`, {
    method: 'POST',
    body,
    headers: {
      'content-type': 'application/json',
      'x-signature': signature ?? hmac('sha256', secret, body, 'hex'),
    },
  });
}

describe('inbound: webhooks, inbox, routing', () => {
  it('verifies, deduplicates provider retries, and delivers to the inbox', async () => {
    const wa = signedChat('whatsapp', 'app-secret');
    const bus = new Bus({ adapters: [wa] });
    const received: InboundEvent[] = [];
    bus.on('inbound', (e) => received.push(e));
    const controller = new AbortController();
    const inbox = bus.inbox(controller.signal);
    const first = await bus.webhooks.handle(
      signedRequest('whatsapp', 'app-secret', { id: 'evt1', chat: '+33612345678', text: 'urgent: fire' }),
    );
    const retry = await bus.webhooks.handle(
      signedRequest('whatsapp', 'app-secret', { id: 'evt1', chat: '+33612345678', text: 'urgent: fire' }),
    );
    expect([first.status, retry.status]).toEqual([200, 200]);
    await new Promise((r) => setTimeout(r, 10));
    expect(received).toHaveLength(1);
    const next = await inbox.next();
    expect(next.value).toMatchObject({ type: 'message', provider: 'whatsapp', id: 'evt1' });
    controller.abort();
  });

  it('rejects forged and oversized requests with the right status, dispatching nothing', async () => {
    const wa = signedChat('whatsapp', 'app-secret');
    const bus = new Bus({ adapters: [wa] });
    const received: InboundEvent[] = [];
    bus.on('inbound', (e) => received.push(e));
    const forged = await bus.webhooks.handle(
      signedRequest('whatsapp', 'app-secret', { id: 'e', chat: 'c', text: 't' }, 'deadbeef'),
    );
    const unsigned = await bus.webhooks.handle(
      new Request('https://bus.test/webhooks/whatsapp', { method: 'POST', body: '{}' }),
    );
    const huge = await bus.webhooks.handle(
      signedRequest('whatsapp', 'app-secret', { id: 'e', chat: 'c', text: 'x'.repeat(5000) }),
    );
    const unknown = await bus.webhooks.handle(signedRequest('nobody', 'x', {}));
    expect([forged.status, unsigned.status, huge.status, unknown.status]).toEqual([401, 401, 413, 404]);
    expect(await forged.text()).toBe('bad_signature');
    expect(received).toHaveLength(0);
  });

  it('addresses events by the adapter name and never drops an event without an id', async () => {
    const wa = signedChat('wa-eu', 's');
    const bus = new Bus({ adapters: [wa] });
    const received: InboundEvent[] = [];
    bus.on('inbound', (e) => received.push(e));
    await bus.webhooks.handle(signedRequest('wa-eu', 's', { id: '', chat: 'c', text: 'one' }));
    await bus.webhooks.handle(signedRequest('wa-eu', 's', { id: '', chat: 'c', text: 'two' }));
    await new Promise((r) => setTimeout(r, 10));
    expect(received.map((e) => e.type === 'message' && e.message.text)).toEqual(['one', 'two']);
    expect(received.every((e) => e.provider === 'wa-eu')).toBe(true);
  });

  it('turns a crash while reading a signed payload into a malformed rejection', async () => {
    const { guardWebhookParsing } = await import('../src/index');
    const error = await guardWebhookParsing('p', async () => {
      throw new TypeError('x.toUpperCase is not a function');
    }).catch((e) => e);
    expect(error).toBeInstanceOf(WebhookVerificationError);
    expect(error.httpStatus).toBe(400);
    const passed = new WebhookVerificationError('bad', 'bad_signature');
    await expect(guardWebhookParsing('p', async () => Promise.reject(passed))).rejects.toBe(passed);
  });

  it('returns the handshake response the provider expects', async () => {
    const bus = new Bus({ adapters: [signedChat('slack', 's')] });
    const response = await bus.webhooks.handle(signedRequest('slack', 's', { challenge: 'abc123' }));
    expect(await response.text()).toBe('abc123');
  });

  it('hands processing to waitUntil on serverless hosts', async () => {
    const pending: Promise<unknown>[] = [];
    const bus = new Bus({
      adapters: [signedChat('wa', 's')],
      webhooks: { waitUntil: (p) => pending.push(p), dedup: new MemoryDedupStore() },
    });
    await bus.webhooks.handle(signedRequest('wa', 's', { id: '1', chat: 'c', text: 't' }));
    expect(pending).toHaveLength(1);
  });

  it('forwards matching messages between platforms without loops', async () => {
    const wa = signedChat('whatsapp', 's');
    const telegram = new FakeChatAdapter({ name: 'telegram' });
    const slack = new FakeChatAdapter({ name: 'slack' });
    const bus = new Bus({ adapters: [wa, telegram, slack] });
    bus.route({
      from: 'whatsapp',
      to: [
        { provider: 'telegram', chatId: 'ops' },
        { provider: 'slack', chatId: 'C1' },
      ],
      filter: 'urgent',
    });
    bus.route({ from: 'telegram', to: [{ provider: 'whatsapp', chatId: '+33612345678' }] });
    await bus.ingest([wa.inbound('+33612345678', 'URGENT: stage lights down')]);
    await bus.ingest([wa.inbound('+33612345678', 'just saying hi')]);
    expect(telegram.sent.map((m) => m.text)).toEqual(['[whatsapp] user-1: URGENT: stage lights down']);
    expect(slack.sent).toHaveLength(1);
    const echoed = telegram.sent[0]!;
    await bus.ingest([
      {
        type: 'message',
        provider: 'telegram',
        id: 'x',
        time: new Date().toISOString(),
        message: { ...echoed, sender: { id: 'someone' } },
      },
    ]);
    expect(wa.sent).toHaveLength(0);
  });
});
