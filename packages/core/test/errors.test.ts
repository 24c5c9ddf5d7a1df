import { describe, expect, it, vi } from 'vitest';
import {
  AuthenticationError,
  DeclinedError,
  ERROR_DECISIONS,
  InfraFabricError,
  NetworkError,
  NotFoundError,
  ProviderError,
  RateLimitError,
  TimeoutError,
  ValidationError,
  errorFromHttpStatus,
  isInfraFabricError,
  normalizeError,
  parseRetryAfter,
} from '../src/index';

describe('error classes', () => {
  it('carries code, provider, operation, status and provider code', () => {
    const error = new RateLimitError(undefined, {
      provider: 'slack',
      operation: 'sendMessage',
      retryAfterMs: 1500,
      status: 429,
      providerCode: 'ratelimited',
    });
    expect(error.code).toBe('rate_limit');
    expect(error.retryable).toBe(true);
    expect(error.retryAfterMs).toBe(1500);
    expect(error.message).toContain('slack.sendMessage');
    expect(error.message).toContain('1500 ms');
    expect(error.toJSON()).toMatchObject({
      code: 'rate_limit',
      provider: 'slack',
      status: 429,
      providerCode: 'ratelimited',
      retryAfterMs: 1500,
    });
  });

  it('isInstance distinguishes subclasses by code', () => {
    const error = new NotFoundError(undefined, { provider: 'p' });
    expect(InfraFabricError.isInstance(error)).toBe(true);
    expect(NotFoundError.isInstance(error)).toBe(true);
    expect(RateLimitError.isInstance(error)).toBe(false);
    expect(isInfraFabricError(new Error('x'))).toBe(false);
    expect(isInfraFabricError(null)).toBe(false);
  });

  it('isInstance works across a second copy of core (no shared prototype)', async () => {
    vi.resetModules();
    const copy = await import('../src/index');
    expect(copy.NotFoundError).not.toBe(NotFoundError);
    const foreign = new copy.NotFoundError(undefined, { provider: 'p' });
    expect(foreign instanceof NotFoundError).toBe(false);
    expect(NotFoundError.isInstance(foreign)).toBe(true);
    expect(InfraFabricError.isInstance(foreign)).toBe(true);
    expect(copy.RateLimitError.isInstance(new RateLimitError())).toBe(true);
  });

  it('declines are never retried and never failed over', () => {
    const error = new DeclinedError(undefined, { provider: 'stripe', declineCode: 'insufficient_funds' });
    expect(error.retryable).toBe(false);
    expect(ERROR_DECISIONS.declined).toMatchObject({ retry: false, failover: false });
    expect(error.message).toContain('insufficient_funds');
    expect(error.message).toMatch(/do not retry/);
  });

  it('has a decision for every code', () => {
    for (const decision of Object.values(ERROR_DECISIONS)) expect(decision.reason.length).toBeGreaterThan(5);
    expect(ERROR_DECISIONS.validation.failover).toBe(false);
    expect(ERROR_DECISIONS.circuit_open.failover).toBe(true);
  });
});

describe('errorFromHttpStatus', () => {
  const cases: Array<[number, string]> = [
    [401, 'authentication'],
    [403, 'permission'],
    [404, 'not_found'],
    [410, 'not_found'],
    [400, 'validation'],
    [422, 'validation'],
    [408, 'timeout'],
    [429, 'rate_limit'],
    [500, 'provider'],
    [503, 'provider'],
    [418, 'provider'],
  ];
  for (const [status, code] of cases) {
    it(`maps HTTP ${status} to ${code}`, () => {
      const error = errorFromHttpStatus({
        provider: 'x',
        operation: 'op',
        status,
        providerCode: 'E1',
        providerMessage: 'nope',
      });
      expect(error.code).toBe(code);
      expect(error.status).toBe(status);
      expect(error.providerCode).toBe('E1');
      expect(error.message).toContain('nope');
    });
  }
  it('marks 5xx retryable and 418 not', () => {
    expect(errorFromHttpStatus({ provider: 'x', status: 502 }).retryable).toBe(true);
    expect(errorFromHttpStatus({ provider: 'x', status: 502 }).outcomeUnknown).toBe(true);
    expect(errorFromHttpStatus({ provider: 'x', status: 418 }).retryable).toBe(false);
  });
  it('keeps retryAfterMs on 429', () => {
    const error = errorFromHttpStatus({ provider: 'x', status: 429, retryAfterMs: 2000 });
    expect(RateLimitError.isInstance(error) && error.retryAfterMs).toBe(2000);
  });
});

describe('normalizeError', () => {
  it('passes InfraFabric errors through', () => {
    const error = new AuthenticationError();
    expect(normalizeError(error, { provider: 'x' })).toBe(error);
  });
  it('maps aborts to TimeoutError with unknown outcome', () => {
    const error = normalizeError(new DOMException('The operation was aborted', 'AbortError'), {
      provider: 'x',
      operation: 'op',
    });
    expect(TimeoutError.isInstance(error)).toBe(true);
    expect(error.outcomeUnknown).toBe(true);
  });
  it('maps connection failures to NetworkError', () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' });
    expect(NetworkError.isInstance(normalizeError(refused, { provider: 'x' }))).toBe(true);
    const fetchFailed = new TypeError('fetch failed', { cause: { code: 'ECONNRESET' } });
    const mapped = normalizeError(fetchFailed, { provider: 'x' });
    expect(NetworkError.isInstance(mapped)).toBe(true);
    expect(mapped.outcomeUnknown).toBe(true);
    const socket = normalizeError(new TypeError('fetch failed', { cause: { code: 'UND_ERR_SOCKET' } }), {
      provider: 'x',
    });
    expect(NetworkError.isInstance(socket) && socket.outcomeUnknown).toBe(true);
    const refusedFetch = normalizeError(new TypeError('fetch failed', { cause: { code: 'ECONNREFUSED' } }), {
      provider: 'x',
    });
    expect(refusedFetch.outcomeUnknown).toBe(false);
  });
  it('wraps anything else as a non-retryable ProviderError', () => {
    const error = normalizeError(new Error('weird'), { provider: 'x' });
    expect(ProviderError.isInstance(error)).toBe(true);
    expect(error.retryable).toBe(false);
    expect(ValidationError.isInstance(error)).toBe(false);
  });
});

describe('parseRetryAfter', () => {
  it('parses seconds and HTTP dates', () => {
    expect(parseRetryAfter('3')).toBe(3000);
    expect(parseRetryAfter('1.5')).toBe(1500);
    const now = Date.parse('2026-01-01T00:00:00Z');
    expect(parseRetryAfter('Thu, 01 Jan 2026 00:00:10 GMT', now)).toBe(10_000);
    expect(parseRetryAfter('garbage')).toBeUndefined();
    expect(parseRetryAfter(null)).toBeUndefined();
  });
});

describe('errorFromJSON', () => {
  it('rebuilds every class with its fields', async () => {
    const { errorFromJSON, ValidationError: V, DeclinedError: D } = await import('../src/index');
    const original = new RateLimitError('slow down', {
      provider: 'slack',
      operation: 'sendMessage',
      retryAfterMs: 1200,
      status: 429,
      providerCode: 'ratelimited',
    });
    const back = errorFromJSON(JSON.parse(JSON.stringify(original)));
    expect(RateLimitError.isInstance(back)).toBe(true);
    expect(back.toJSON()).toEqual(original.toJSON());
    const validation = errorFromJSON(new V('bad', { field: 'input.to', rule: 'e164' }).toJSON() as never);
    expect((validation as InstanceType<typeof V>).field).toBe('input.to');
    const declined = errorFromJSON(new D(undefined, { declineCode: 'expired_card' }).toJSON() as never);
    expect(D.isInstance(declined) && declined.declineCode).toBe('expired_card');
    expect(declined.retryable).toBe(false);
  });
});

describe('normalizeError and wrapped network errors (ky)', () => {
  const kyNetworkError = (cause?: unknown) =>
    Object.assign(new Error('Request failed'), { name: 'NetworkError', cause });

  it('judges by the system error it wraps', () => {
    const refused = normalizeError(
      kyNetworkError(Object.assign(new TypeError('fetch failed'), { cause: { code: 'ECONNREFUSED' } })),
      {
        provider: 'p',
        operation: 'op',
      },
    );
    expect(NetworkError.isInstance(refused)).toBe(true);
    expect(refused.outcomeUnknown).toBe(false);
    const reset = normalizeError(
      kyNetworkError(Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' })),
      {
        provider: 'p',
        operation: 'op',
      },
    );
    expect(NetworkError.isInstance(reset)).toBe(true);
    expect(reset.outcomeUnknown).toBe(true);
  });

  it('assumes the request may have been carried out when nothing says otherwise', () => {
    const bare = normalizeError(kyNetworkError(), { provider: 'p', operation: 'op' });
    expect(NetworkError.isInstance(bare)).toBe(true);
    expect(bare.outcomeUnknown).toBe(true);
  });
});
