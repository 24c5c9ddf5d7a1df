import { describe, expect, it } from 'vitest';
import { mapStripeError } from '../src/errors';

const { default: Stripe } = await import('stripe');
const { errors } = Stripe;

function raw(fields: Record<string, unknown>) {
  return { message: 'Stripe said something.', requestId: 'req_123', ...fields } as never;
}

describe('mapStripeError', () => {
  it('card errors → DeclinedError with the decline code, never retryable', () => {
    const error = mapStripeError(
      new errors.StripeCardError(
        raw({
          type: 'card_error',
          code: 'card_declined',
          decline_code: 'insufficient_funds',
          statusCode: 402,
        }),
      ),
      'createPayment',
    );
    expect(error).toMatchObject({
      code: 'declined',
      declineCode: 'insufficient_funds',
      providerCode: 'card_declined',
      status: 402,
      retryable: false,
    });
    expect(error.message).toContain('req_123');
  });

  it('rate limits → RateLimitError honouring Retry-After', () => {
    const error = mapStripeError(
      new errors.StripeRateLimitError(
        raw({ statusCode: 429, code: 'rate_limit', headers: { 'retry-after': '2' } }),
      ),
      'createPayment',
    );
    expect(error).toMatchObject({ code: 'rate_limit', retryAfterMs: 2000, retryable: true });
  });

  it('authentication and permission errors', () => {
    expect(
      mapStripeError(new errors.StripeAuthenticationError(raw({ statusCode: 401 })), 'check'),
    ).toMatchObject({
      code: 'authentication',
    });
    expect(mapStripeError(new errors.StripePermissionError(raw({ statusCode: 403 })), 'check')).toMatchObject(
      {
        code: 'permission',
      },
    );
  });

  it('invalid requests: resource_missing → NotFoundError, others → ValidationError with param as field', () => {
    expect(
      mapStripeError(
        new errors.StripeInvalidRequestError(
          raw({ statusCode: 404, code: 'resource_missing', param: 'intent' }),
        ),
        'getPayment',
      ),
    ).toMatchObject({ code: 'not_found', providerCode: 'resource_missing' });
    expect(
      mapStripeError(
        new errors.StripeInvalidRequestError(
          raw({ statusCode: 400, code: 'amount_too_small', param: 'amount' }),
        ),
        'createPayment',
      ),
    ).toMatchObject({ code: 'validation', field: 'amount', rule: 'amount_too_small', status: 400 });
  });

  it('idempotency errors → ValidationError on the key, explaining why', () => {
    const error = mapStripeError(
      new errors.StripeIdempotencyError(raw({ statusCode: 400, type: 'idempotency_error' })),
      'createPayment',
    );
    expect(error).toMatchObject({
      code: 'validation',
      field: 'idempotencyKey',
      providerCode: 'idempotency_error',
    });
    expect(error.message).toMatch(/new operation needs a new key/);
  });

  it('API errors → retryable ProviderError whose outcome is unknown; Stripe-Should-Retry wins', () => {
    expect(
      mapStripeError(new errors.StripeAPIError(raw({ statusCode: 500 })), 'createPayment'),
    ).toMatchObject({
      code: 'provider',
      retryable: true,
      outcomeUnknown: true,
    });
    expect(
      mapStripeError(
        new errors.StripeAPIError(raw({ statusCode: 500, headers: { 'stripe-should-retry': 'false' } })),
        'createPayment',
      ),
    ).toMatchObject({ retryable: false });
    expect(
      mapStripeError(
        new errors.StripeAPIError(raw({ statusCode: 409, code: 'lock_timeout' })),
        'createPayment',
      ),
    ).toMatchObject({ retryable: true, outcomeUnknown: false });
  });

  it('connection errors → NetworkError with outcomeUnknown', () => {
    expect(mapStripeError(new errors.StripeConnectionError(raw({})), 'createPayment')).toMatchObject({
      code: 'network',
      outcomeUnknown: true,
    });
  });

  it('passes non-Stripe failures through core normalization', () => {
    expect(mapStripeError(Object.assign(new Error('x'), { code: 'ECONNREFUSED' }), 'check')).toMatchObject({
      code: 'network',
    });
  });
});
