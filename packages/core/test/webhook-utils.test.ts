import { describe, expect, it } from 'vitest';
import {
  WebhookVerificationError,
  assertContentType,
  assertFreshTimestamp,
  hmac,
  parseJsonBody,
  readRawBody,
  requireWebhookSecret,
  timingSafeEqualString,
  ValidationError,
  waitForServerStatus,
  TimeoutError,
  type Server,
} from '../src/index';

function rejection(fn: () => unknown): WebhookVerificationError {
  try {
    fn();
  } catch (error) {
    if (error instanceof WebhookVerificationError) return error;
    throw error;
  }
  throw new Error('expected a WebhookVerificationError');
}

describe('webhook verification helpers', () => {
  it('reads raw bytes and refuses oversized bodies by header or by stream', async () => {
    const ok = await readRawBody(new Request('https://x.test', { method: 'POST', body: 'abc' }), 'p');
    expect(new TextDecoder().decode(ok)).toBe('abc');
    const declared = new Request('https://x.test', {
      method: 'POST',
      body: 'x'.repeat(20),
      headers: { 'content-length': '20' },
    });
    await expect(readRawBody(declared, 'p', 10)).rejects.toMatchObject({
      reason: 'too_large',
      httpStatus: 413,
    });
    const streamed = new Request('https://x.test', {
      method: 'POST',
      body: new ReadableStream({
        start(c) {
          for (let i = 0; i < 5; i++) c.enqueue(new Uint8Array(8));
          c.close();
        },
      }),
      duplex: 'half',
    } as RequestInit);
    await expect(readRawBody(streamed, 'p', 16)).rejects.toMatchObject({ reason: 'too_large' });
  });

  it('rejects stale and future timestamps outside the window', () => {
    const now = 1_700_000_000_000;
    expect(() =>
      assertFreshTimestamp(now / 1000 - 299, { provider: 'slack', toleranceSeconds: 300, now }),
    ).not.toThrow();
    expect(
      rejection(() =>
        assertFreshTimestamp(now / 1000 - 301, { provider: 'slack', toleranceSeconds: 300, now }),
      ).reason,
    ).toBe('stale');
    expect(
      rejection(() =>
        assertFreshTimestamp(now / 1000 + 400, { provider: 'slack', toleranceSeconds: 300, now }),
      ).httpStatus,
    ).toBe(401);
    expect(
      rejection(() => assertFreshTimestamp(Number.NaN, { provider: 'slack', toleranceSeconds: 300, now }))
        .reason,
    ).toBe('stale');
  });

  it('computes HMACs and compares in constant time', () => {
    const sig = hmac('sha256', 'secret', 'payload', 'hex');
    expect(sig).toBe('b82fcb791acec57859b989b430a826488ce2e479fdf92326bd0a2e8375a42ba4');
    expect(timingSafeEqualString(sig, sig)).toBe(true);
    expect(timingSafeEqualString(sig, sig.slice(1))).toBe(false);
  });

  it('maps malformed JSON, wrong content types and missing secrets', () => {
    expect(rejection(() => parseJsonBody(new TextEncoder().encode('{oops'), 'p')).httpStatus).toBe(400);
    const request = new Request('https://x.test', {
      method: 'POST',
      headers: { 'content-type': 'text/plain' },
    });
    expect(rejection(() => assertContentType(request, ['application/json'], 'p')).httpStatus).toBe(415);
    expect(() => requireWebhookSecret(undefined, 'slack', 'SLACK_SIGNING_SECRET')).toThrow(ValidationError);
  });
});

describe('waitForServerStatus', () => {
  const server = (status: Server['status']): Server => ({
    id: 's1',
    status,
    addresses: { public: [], private: [] },
    tags: {},
  });

  it('polls until the status is reached', async () => {
    const states: Server['status'][] = ['pending', 'pending', 'running'];
    const adapter = { provider: 'c', getServer: async () => server(states.shift() ?? 'running') };
    const result = await waitForServerStatus(adapter, { id: 's1', status: 'running', pollIntervalMs: 1 });
    expect(result.status).toBe('running');
    expect(states).toHaveLength(0);
  });
  it('fails fast when the server can never get there', async () => {
    const adapter = { provider: 'c', getServer: async () => server('terminated') };
    await expect(
      waitForServerStatus(adapter, { id: 's1', status: 'running', pollIntervalMs: 1 }),
    ).rejects.toThrow(/will never be running/);
  });
  it('times out at the deadline', async () => {
    const adapter = { provider: 'c', getServer: async () => server('pending') };
    const error = await waitForServerStatus(adapter, {
      id: 's1',
      status: 'running',
      timeoutMs: 30,
      pollIntervalMs: 5,
    }).catch((e: Error) => e);
    expect(TimeoutError.isInstance(error)).toBe(true);
  });
});
