import type { InboundEvent } from '@infrafabric/core';
import { HttpResponse, http } from 'msw';
import { describe, expect, it } from 'vitest';
import { createTelegram } from '../src/index';
import updateCallback from './__fixtures__/update-callback.json' with { type: 'json' };
import updateMessage from './__fixtures__/update-message.json' with { type: 'json' };
import { useTelegramSimulator } from './setup';
import { CANARY_TOKEN, SIM_URL } from './simulator';

const { simulator, server, requests } = useTelegramSimulator();
const adapter = createTelegram(
  { token: CANARY_TOKEN },
  { baseUrl: SIM_URL, pollTimeoutSeconds: 1, allowedUpdates: ['message', 'callback_query'] },
);

async function take(count: number, signal: AbortSignal): Promise<InboundEvent[]> {
  const events: InboundEvent[] = [];
  for await (const event of adapter.receive({ signal })) {
    events.push(event);
    if (events.length === count) break;
  }
  return events;
}

describe('receive (getUpdates long polling)', () => {
  it('yields updates in order and confirms them with offset = last update_id + 1', async () => {
    simulator.pushUpdate(updateMessage);
    simulator.pushUpdate(updateCallback);
    const controller = new AbortController();
    const events = await take(2, controller.signal);
    expect(events.map((e) => [e.type, e.id])).toEqual([
      ['message', '10000'],
      ['interaction', '10001'],
    ]);
    await requests.settled();
    const polls = requests
      .matching((r) => r.url.pathname.endsWith('/getUpdates'))
      .map((r) => JSON.parse(r.body));
    expect(polls[0]).toEqual({ timeout: 1, allowed_updates: ['message', 'callback_query'] });
    expect(polls.at(-1)).toEqual({ offset: 10002, limit: 1, timeout: 0 });

    // Stopping the loop confirmed both delivered updates, so a new loop sees only the new one.
    expect(simulator.state.getUpdatesOffsets.at(-1)).toBe(10002);
    simulator.pushUpdate({ ...updateMessage, update_id: 10002 });
    const next = await take(1, controller.signal);
    expect(next.map((e) => e.id)).toEqual(['10002']);
  });

  it('polls with the increasing offset while running', async () => {
    simulator.pushUpdate({ ...updateMessage, update_id: 20000 });
    const controller = new AbortController();
    const seen: string[] = [];
    const loop = (async () => {
      for await (const event of adapter.receive({ signal: controller.signal })) {
        seen.push(event.id);
        if (seen.length === 1) simulator.pushUpdate({ ...updateMessage, update_id: 20001 });
        if (seen.length === 2) controller.abort();
      }
    })();
    await loop;
    expect(seen).toEqual(['20000', '20001']);
    expect(simulator.state.getUpdatesOffsets).toContain(20001);
  });

  it('stops promptly when the signal aborts during a long poll', async () => {
    server.use(http.post(`${SIM_URL}/*`, () => new Promise<Response>(() => undefined)));
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 30);
    const started = Date.now();
    expect(await take(1, controller.signal)).toEqual([]);
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it('waits out flood control and fails on a webhook conflict', async () => {
    let calls = 0;
    server.use(
      http.post(`${SIM_URL}/*`, () => {
        calls += 1;
        if (calls === 1)
          return HttpResponse.json(
            {
              ok: false,
              error_code: 429,
              description: 'Too Many Requests: retry after 0',
              parameters: { retry_after: 0 },
            },
            { status: 429 },
          );
        return HttpResponse.json(
          {
            ok: false,
            error_code: 409,
            description:
              "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first",
          },
          { status: 409 },
        );
      }),
    );
    let caught: unknown;
    try {
      await take(1, new AbortController().signal);
    } catch (error) {
      caught = error;
    }
    expect(calls).toBe(2);
    expect(caught).toMatchObject({ code: 'validation', status: 409, rule: 'conflict' });
  });
});
