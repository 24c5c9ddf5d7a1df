import { existsSync, readdirSync } from 'node:fs';
import { Bus, type InboundEvent } from '@infrafabric/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { WEBHOOK_TARGETS, type WebhookTarget } from './support/webhook-targets';

/** A Bus with one webhook receiver, recording what reaches `inbound` and any processing error. */
function busFor(target: WebhookTarget) {
  const errors: unknown[] = [];
  const bus = new Bus({ onInboundError: (error) => errors.push(error) });
  bus.use(target.adapter());
  const delivered: InboundEvent[] = [];
  bus.on('inbound', (event) => delivered.push(event));
  const handle = async (request: Request) => {
    const response = await bus.webhooks.handle(request);
    // Delivery runs in the background of the response: let it settle before counting.
    await new Promise((resolve) => setImmediate(resolve));
    return response;
  };
  return { bus, delivered, errors, handle };
}

const OVERSIZED = JSON.stringify({ padding: 'x'.repeat(1024 * 1024 + 16) });
let counter = 0;
const freshId = () => `${Date.now()}${String(++counter).padStart(6, '0')}`;

function withoutHeaders(request: Request, names: readonly string[]): Request {
  const headers = new Headers(request.headers);
  for (const name of names) headers.delete(name);
  return new Request(request, { headers });
}

it('covers every provider package that has a webhook receiver', () => {
  // A new provider package with src/webhook.ts fails this until it is added to WEBHOOK_TARGETS.
  const packages = new URL('../../../packages/', import.meta.url);
  const withWebhooks = readdirSync(packages)
    .filter((name) => existsSync(new URL(`${name}/src/webhook.ts`, packages)))
    .sort();
  expect(WEBHOOK_TARGETS.map((t) => t.name).sort()).toEqual(withWebhooks);
});

describe.each(WEBHOOK_TARGETS.map((target) => [target.name, target] as const))(
  '%s webhooks through bus.webhooks.handle',
  (_name, target) => {
    let world: ReturnType<typeof busFor>;
    beforeEach(() => {
      world = busFor(target);
    });
    afterEach(() => {
      // "No crash": nothing may reach the inbound error path, whatever was sent.
      expect(world.errors).toEqual([]);
    });

    it('accepts a validly signed event and delivers it (the baseline the rejections are measured against)', async () => {
      const response = await world.handle(target.request({ eventId: freshId() }));
      expect(response.status).toBe(200);
      expect(world.delivered.length).toBeGreaterThan(0);
      expect(world.delivered.every((e) => e.provider === target.name)).toBe(true);
    });

    it('rejects a forged signature with 401 and delivers nothing', async () => {
      const response = await world.handle(target.request({ eventId: freshId(), signing: 'forged' }));
      expect(response.status).toBe(401);
      expect(world.delivered).toEqual([]);
    });

    it('rejects a request without any signature with 401', async () => {
      const request = withoutHeaders(target.request({ eventId: freshId() }), target.signatureHeaders);
      const response = await world.handle(request);
      expect(response.status).toBe(401);
      expect(world.delivered).toEqual([]);
    });

    // Providers that sign no timestamp (Telegram, WhatsApp, Twilio) have none to expire: a later
    // replay of theirs is caught by event-id deduplication, tested below for every provider.
    if (target.signsTimestamp) {
      it('rejects a stale (replayed-later) timestamp with 401', async () => {
        const response = await world.handle(target.request({ eventId: freshId(), signing: 'stale' }));
        expect(response.status).toBe(401);
        expect(await response.text()).toBe('stale');
        expect(world.delivered).toEqual([]);
      });
    }

    it('acknowledges a replayed event but delivers it only once', async () => {
      const eventId = freshId();
      const first = await world.handle(target.request({ eventId }));
      const delivered = world.delivered.length;
      expect(first.status).toBe(200);
      expect(delivered).toBeGreaterThan(0);
      const replay = await world.handle(target.request({ eventId }));
      // 2xx, so the provider stops retrying; nothing new reaches the inbox.
      expect(replay.status).toBe(200);
      expect(world.delivered.length).toBe(delivered);
    });

    it('delivers an event once when the provider retries it concurrently', async () => {
      const eventId = freshId();
      const responses = await Promise.all([1, 2, 3].map(() => world.handle(target.request({ eventId }))));
      expect(responses.map((r) => r.status)).toEqual([200, 200, 200]);
      const once = busFor(target);
      await once.handle(target.request({ eventId: freshId() }));
      expect(world.delivered.length).toBe(once.delivered.length);
    });

    it('rejects a validly signed malformed body with 400', async () => {
      const response = await world.handle(target.request({ eventId: freshId(), body: '{"id": "evt_1", ' }));
      expect(response.status).toBe(target.malformedStatus);
      expect(world.delivered).toEqual([]);
    });

    it('rejects a validly signed body over 1 MiB with 413', async () => {
      const response = await world.handle(target.request({ eventId: freshId(), body: OVERSIZED }));
      expect(response.status).toBe(413);
      expect(world.delivered).toEqual([]);
    });

    it('rejects a validly signed body of the wrong content type with 415', async () => {
      const response = await world.handle(target.request({ eventId: freshId(), contentType: 'text/plain' }));
      expect(response.status).toBe(415);
      expect(world.delivered).toEqual([]);
    });
  },
);
