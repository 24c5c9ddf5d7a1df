import { describe, expect, it } from 'vitest';
import { createDiscord } from '../src/index';
import { CANARY_TOKEN, SIM_URL } from './simulator';

// The gateway is a WebSocket to Discord; it cannot run offline. These tests cover what can be
// checked without it: nothing connects until receive() is iterated, an aborted signal ends at once,
// and a bad intent name is refused before any connection.
describe('discord receive() (gateway)', () => {
  it('does nothing until iterated and ends at once when already aborted', async () => {
    const adapter = createDiscord({ token: CANARY_TOKEN }, { baseUrl: SIM_URL });
    const controller = new AbortController();
    controller.abort();
    const events = [];
    for await (const event of adapter.receive!({ signal: controller.signal })) events.push(event);
    expect(events).toEqual([]);
  });

  it('rejects an unknown gateway intent before connecting', async () => {
    const adapter = createDiscord(
      { token: CANARY_TOKEN },
      { baseUrl: SIM_URL, intents: ['Guilds', 'NoSuchIntent'] },
    );
    const iterator = adapter.receive!()[Symbol.asyncIterator]();
    await expect(iterator.next()).rejects.toMatchObject({ code: 'validation', field: 'options.intents' });
  });
});
