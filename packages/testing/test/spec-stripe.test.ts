import { describe, expect, it } from 'vitest';
import { requireSpec } from '../src/spec/index';
import { formRequest, problemsOf } from './spec-helpers';

const STRIPE = 'https://api.stripe.com';
const options = { format: 'openapi', serverUrl: STRIPE } as const;

describe('spec validator: Stripe (OpenAPI 3.0, form-encoded bodies)', () => {
  it('accepts a PaymentIntent with nested metadata, expand[] and typed leaves', (ctx) => {
    const spec = requireSpec(ctx, 'stripe/spec3.yaml', options);
    const request = formRequest('POST', `${STRIPE}/v1/payment_intents`, {
      amount: '2000',
      currency: 'usd',
      capture_method: 'manual',
      confirm: 'true',
      metadata: { order_id: '6735', note: 'gift' },
      expand: ['latest_charge'],
      payment_method_types: ['card'],
    });
    expect(spec.check(request)).toEqual([]);
  });

  it('reports a wrong type, a bad enum and a missing required field', (ctx) => {
    const spec = requireSpec(ctx, 'stripe/spec3.yaml', options);
    const problems = problemsOf(
      spec.check(
        formRequest('POST', `${STRIPE}/v1/payment_intents`, { amount: 'twenty', capture_method: 'later' }),
      ),
    );
    expect(problems.join('\n')).toMatch(/body field "amount": must be integer/);
    expect(problems.join('\n')).toMatch(/body field "capture_method": "later" is not one of/);
    expect(problems.join('\n')).toMatch(/missing required property "currency"/);
  });

  it('reports unknown properties where the schema forbids them, also nested', (ctx) => {
    const spec = requireSpec(ctx, 'stripe/spec3.yaml', options);
    const problems = problemsOf(
      spec.check(
        formRequest('POST', `${STRIPE}/v1/refunds`, {
          payment_intent: 'pi_123',
          amont: '100',
          metadata: { ok: 'yes' },
        }),
      ),
    );
    expect(problems).toEqual([expect.stringMatching(/unknown property "amont"/)]);
  });

  it('matches templated paths, preferring literal segments', (ctx) => {
    const spec = requireSpec(ctx, 'stripe/spec3.yaml', options);
    const confirm = formRequest('POST', `${STRIPE}/v1/payment_intents/pi_123/confirm`, {
      return_url: 'https://x.test/r',
    });
    expect(spec.check(confirm)).toEqual([]);
    const search = {
      method: 'GET',
      url: new URL(`${STRIPE}/v1/payment_intents/search?query=status:'succeeded'`),
      headers: {},
      body: '',
    };
    expect(spec.check(search)).toEqual([]);
    const missingQuery = { ...search, url: new URL(`${STRIPE}/v1/payment_intents/search`) };
    expect(problemsOf(spec.check(missingQuery))).toEqual([
      expect.stringMatching(/missing required query parameter "query" \[GET \/v1\/payment_intents\/search\]/),
    ]);
  });

  it('reports an unknown path, a wrong method and unknown query parameters', (ctx) => {
    const spec = requireSpec(ctx, 'stripe/spec3.yaml', options);
    expect(
      problemsOf(spec.check(formRequest('POST', `${STRIPE}/v1/payment_intent`, { amount: '1' }))),
    ).toEqual([expect.stringMatching(/no path in stripe\/spec3.yaml matches \/v1\/payment_intent$/)]);
    const put = formRequest('PUT', `${STRIPE}/v1/refunds`, { charge: 'ch_1' });
    expect(problemsOf(spec.check(put))).toEqual([
      expect.stringMatching(/method PUT is not defined for \/v1\/refunds \(the spec allows GET, POST\)/),
    ]);
    const list = {
      method: 'GET',
      url: new URL(`${STRIPE}/v1/refunds?limit=3&created[gte]=100&colour=red`),
      headers: {},
      body: '',
    };
    expect(problemsOf(spec.check(list))).toEqual([expect.stringMatching(/unknown query parameter "colour"/)]);
    const badLimit = { ...list, url: new URL(`${STRIPE}/v1/refunds?limit=many`) };
    expect(problemsOf(spec.check(badLimit))).toEqual([
      expect.stringMatching(/query parameter "limit": must be integer/),
    ]);
  });

  it('labels mismatches with method and path and rejects other hosts', (ctx) => {
    const spec = requireSpec(ctx, 'stripe/spec3.yaml', options);
    const [mismatch] = spec.check(formRequest('POST', 'https://evil.test/v1/refunds', { charge: 'ch_1' }));
    expect(mismatch).toEqual({
      request: 'POST /v1/refunds',
      problem: expect.stringMatching(/not to serverUrl/),
    });
  });
});
