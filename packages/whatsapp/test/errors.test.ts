import { describe, expect, it } from 'vitest';
import { whatsappErrorFromBody } from '../src/errors';

const map = (code: number, status = 400, subcode?: number) =>
  whatsappErrorFromBody(
    {
      error: {
        message: `(#${code}) test`,
        type: 'OAuthException',
        code,
        error_subcode: subcode,
        fbtrace_id: 'A',
      },
    },
    { operation: 'sendMessage', status },
  );

describe('whatsappErrorFromBody', () => {
  it.each([
    [190, 401, 'authentication'],
    [10, 403, 'permission'],
    [200, 403, 'permission'],
    [299, 403, 'permission'],
    [131031, 400, 'permission'],
    [4, 400, 'rate_limit'],
    [80007, 400, 'rate_limit'],
    [130429, 400, 'rate_limit'],
    [131056, 400, 'rate_limit'],
    [100, 400, 'validation'],
    [131009, 400, 'validation'],
    [132001, 400, 'validation'],
    [131047, 400, 'validation'],
    [131026, 400, 'declined'],
    [131049, 400, 'declined'],
    [2, 503, 'provider'],
    [131000, 500, 'provider'],
  ])('code %i (HTTP %i) → %s', (code, status, expected) => {
    const error = map(code, status);
    expect(error.code).toBe(expected);
    expect(error.providerCode).toBe(String(code));
    expect(error.provider).toBe('whatsapp');
  });

  it('treats code 100 subcode 33 as not found, and transient errors as retryable', () => {
    expect(map(100, 400, 33)).toMatchObject({ code: 'not_found', providerCode: '100/33' });
    expect(map(131000, 500).retryable).toBe(true);
    expect(
      whatsappErrorFromBody({ error: { code: 999999, is_transient: true } }, { operation: 'x', status: 400 })
        .retryable,
    ).toBe(true);
  });

  it('falls back to the HTTP status for unknown codes', () => {
    expect(map(999_999, 404).code).toBe('not_found');
    expect(map(999_999, 500)).toMatchObject({ code: 'provider', retryable: true });
  });
});

describe('whatsappCostModel', () => {
  it('prices free-form messages at zero and templates at the configured price', async () => {
    const { whatsappCostModel } = await import('../src/cost');
    const model = whatsappCostModel({ amount: 250, currency: 'EUR' });
    expect(model.estimate?.('sendMessage', { text: 'hi' })).toEqual({ amount: 0, currency: 'EUR' });
    expect(
      model.estimate?.('sendMessage', { providerOptions: { whatsapp: { template: { name: 'a' } } } }),
    ).toEqual({ amount: 250, currency: 'EUR' });
    expect(whatsappCostModel().estimate?.('sendTemplate', {})).toBeUndefined();
    expect(model.estimate?.('check', {})).toBeUndefined();
  });
});
