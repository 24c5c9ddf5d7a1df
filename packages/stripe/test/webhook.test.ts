import { WebhookVerificationError } from '@infrafabric/core';
import { describe, expect, it } from 'vitest';
import { createStripe } from '../src/index';
import eventFixture from './__fixtures__/event_payment_intent_succeeded.json';
import subscriptionFixture from './__fixtures__/subscription.json';
import { CANARY_KEY, CANARY_WEBHOOK_SECRET } from './harness';
import { createStripeSimulator } from './simulator';

const simulator = createStripeSimulator();
const stripe = createStripe({ apiKey: CANARY_KEY, webhookSecret: CANARY_WEBHOOK_SECRET });
const NOW = 1_680_800_600_000;

function delivery(payload: string, signature: string | undefined, contentType = 'application/json'): Request {
  const headers: Record<string, string> = { 'content-type': contentType };
  if (signature !== undefined) headers['stripe-signature'] = signature;
  return new Request('https://shop.example/webhooks/stripe', { method: 'POST', headers, body: payload });
}

async function rejection(request: Request, now = NOW): Promise<WebhookVerificationError> {
  const error = await stripe.parseWebhook(request, { now }).catch((e: unknown) => e);
  expect(error instanceof WebhookVerificationError, String(error)).toBe(true);
  return error as WebhookVerificationError;
}

describe('Stripe webhooks', () => {
  const payload = JSON.stringify(eventFixture);
  const timestamp = Math.floor(NOW / 1000);

  it('accepts a correctly signed event and normalizes payment_intent.succeeded', async () => {
    const { events } = await stripe.parseWebhook(
      delivery(payload, simulator.signWebhook(payload, CANARY_WEBHOOK_SECRET, timestamp)),
      {
        now: NOW,
      },
    );
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      type: 'payment',
      provider: 'stripe',
      id: 'evt_3MtwBwLkdIwHu7ix1Yk5OK8X',
      name: 'payment_intent.succeeded',
      time: new Date(1_680_800_505_000).toISOString(),
      payment: {
        id: 'pi_3MtwBwLkdIwHu7ix28a3tqPa',
        status: 'captured',
        reference: 'order-42',
        amount: { amount: 2000, currency: 'USD' },
      },
    });
  });

  it('accepts any matching v1 among several (secret rotation)', async () => {
    const good = simulator.signWebhook(payload, CANARY_WEBHOOK_SECRET, timestamp);
    const header = `t=${timestamp},v1=${'0'.repeat(64)},${good.split(',')[1]},v0=ignored`;
    await expect(stripe.parseWebhook(delivery(payload, header), { now: NOW })).resolves.toMatchObject({
      events: [{}],
    });
  });

  it('rejects a signature made with another secret', async () => {
    const error = await rejection(
      delivery(payload, simulator.signWebhook(payload, 'whsec_someoneElse123456', timestamp)),
    );
    expect(error).toMatchObject({ reason: 'bad_signature', httpStatus: 401 });
  });

  it('rejects a tampered body', async () => {
    const signature = simulator.signWebhook(payload, CANARY_WEBHOOK_SECRET, timestamp);
    const error = await rejection(delivery(payload.replace('2000', '9000'), signature));
    expect(error.reason).toBe('bad_signature');
  });

  it('rejects a stale timestamp (outside 300 s)', async () => {
    const old = timestamp - 301;
    const error = await rejection(
      delivery(payload, simulator.signWebhook(payload, CANARY_WEBHOOK_SECRET, old)),
    );
    expect(error.reason).toBe('stale');
    // Inside the window it is fine.
    const recent = simulator.signWebhook(payload, CANARY_WEBHOOK_SECRET, timestamp - 299);
    await expect(stripe.parseWebhook(delivery(payload, recent), { now: NOW })).resolves.toBeDefined();
  });

  it('rejects a missing or malformed header and a non-JSON content type', async () => {
    expect((await rejection(delivery(payload, undefined))).reason).toBe('missing_signature');
    expect((await rejection(delivery(payload, 'garbage'))).reason).toBe('bad_signature');
    expect((await rejection(delivery(payload, `t=${timestamp}`))).reason).toBe('bad_signature');
    const form = delivery(
      payload,
      simulator.signWebhook(payload, CANARY_WEBHOOK_SECRET, timestamp),
      'text/plain',
    );
    expect((await rejection(form)).httpStatus).toBe(415);
  });

  it('rejects a signed body that is not a Stripe event', async () => {
    const body = '{"hello":"world"}';
    const error = await rejection(
      delivery(body, simulator.signWebhook(body, CANARY_WEBHOOK_SECRET, timestamp)),
    );
    expect(error).toMatchObject({ reason: 'malformed', httpStatus: 400 });
  });

  it('normalizes charge.refunded, refund.* and customer.subscription.* events', async () => {
    const charge = {
      id: 'ch_1',
      object: 'charge',
      amount: 1999,
      amount_captured: 1999,
      amount_refunded: 500,
      captured: true,
      currency: 'gbp',
      payment_intent: 'pi_1',
      metadata: { reference: 'order-7' },
      status: 'succeeded',
      refunds: {
        object: 'list',
        data: [
          { id: 're_1', object: 'refund', amount: 500, currency: 'gbp', status: 'succeeded', charge: 'ch_1' },
        ],
      },
    };
    const events = [
      simulator.event('charge.refunded', charge, timestamp),
      simulator.event(
        'refund.updated',
        {
          id: 're_2',
          object: 'refund',
          amount: 100,
          currency: 'gbp',
          status: 'failed',
          payment_intent: 'pi_1',
        },
        timestamp,
      ),
      simulator.event(
        'customer.subscription.deleted',
        { ...subscriptionFixture, status: 'canceled' },
        timestamp,
      ),
      simulator.event('invoice.paid', { id: 'in_1', object: 'invoice' }, timestamp),
    ];
    const results = [];
    for (const event of events) {
      const body = JSON.stringify(event);
      results.push(
        (
          await stripe.parseWebhook(
            delivery(body, simulator.signWebhook(body, CANARY_WEBHOOK_SECRET, timestamp)),
            { now: NOW },
          )
        ).events[0],
      );
    }
    expect(results[0]).toMatchObject({
      type: 'payment',
      name: 'charge.refunded',
      payment: {
        id: 'pi_1',
        status: 'partially_refunded',
        amountRefunded: { amount: 500, currency: 'GBP' },
        reference: 'order-7',
      },
      refund: {
        id: 're_1',
        paymentId: 'pi_1',
        amount: { amount: 500, currency: 'GBP' },
        status: 'succeeded',
      },
    });
    expect(results[1]).toMatchObject({ type: 'payment', refund: { id: 're_2', status: 'failed' } });
    expect(results[2]).toMatchObject({
      type: 'payment',
      name: 'customer.subscription.deleted',
      subscription: {
        id: 'sub_1MowQVLkdIwHu7ixeRlqHVzs',
        status: 'canceled',
        customerId: 'cus_Na6dX7aXxi11N4',
        currentPeriodEnd: new Date(1_682_288_167_000).toISOString(),
      },
    });
    expect(results[3]).toMatchObject({ type: 'other', name: 'invoice.paid' });
  });

  it('refuses to verify without a configured secret (configuration error, not an attack)', async () => {
    const previous = process.env.STRIPE_WEBHOOK_SECRET;
    delete process.env.STRIPE_WEBHOOK_SECRET;
    try {
      const unsigned = createStripe({ apiKey: CANARY_KEY });
      await expect(unsigned.parseWebhook(delivery(payload, 't=1,v1=00'))).rejects.toMatchObject({
        code: 'validation',
        field: 'STRIPE_WEBHOOK_SECRET',
      });
    } finally {
      if (previous !== undefined) process.env.STRIPE_WEBHOOK_SECRET = previous;
    }
  });
});

describe('compatibility with the official SDK', () => {
  it('verifies headers the SDK generates, and the SDK verifies the simulator’s', async () => {
    const { default: Stripe } = await import('stripe');
    const sdk = new Stripe(CANARY_KEY);
    const payload = JSON.stringify(eventFixture);
    const timestamp = Math.floor(Date.now() / 1000);
    const header = sdk.webhooks.generateTestHeaderString({
      payload,
      secret: CANARY_WEBHOOK_SECRET,
      timestamp,
    });
    await expect(stripe.parseWebhook(delivery(payload, header))).resolves.toMatchObject({
      events: [{ type: 'payment' }],
    });
    const event = await sdk.webhooks.constructEventAsync(
      payload,
      simulator.signWebhook(payload, CANARY_WEBHOOK_SECRET, timestamp),
      CANARY_WEBHOOK_SECRET,
    );
    expect(event.id).toBe(eventFixture.id);
  });
});
