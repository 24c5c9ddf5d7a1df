import { EventEmitter } from 'node:events';
import {
  AuthenticationError,
  type InboundEvent,
  NetworkError,
  PermissionError,
  PushChannel,
} from '@infrafabric/core';
import { describe, expect, it } from 'vitest';
import { gatewayClosedError, pipeGateway } from '../src/gateway';
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

describe('gateway bridge', () => {
  it('delivers messages, then ends the stream with a typed error when Discord closes the gateway', async () => {
    const client = new EventEmitter();
    const channel = new PushChannel<InboundEvent>();
    pipeGateway(client as never, channel);
    client.emit('messageCreate', {
      id: '111',
      channelId: '222',
      channel: { isThread: () => false },
      author: { id: '333', username: 'ada', globalName: 'Ada', bot: false },
      content: 'hello',
      createdAt: new Date(Date.UTC(2026, 10, 24)),
      attachments: new Map(),
      reference: null,
      toJSON: () => ({ id: '111' }),
    });
    client.emit('shardDisconnect', { code: 4004 }, 0);
    const received: InboundEvent[] = [];
    const error = await (async () => {
      for await (const event of channel) received.push(event);
    })().catch((e: unknown) => e);
    expect(received).toHaveLength(1);
    expect(received[0]).toMatchObject({ type: 'message', provider: 'discord', id: '111' });
    expect(AuthenticationError.isInstance(error)).toBe(true);
    expect((error as AuthenticationError).providerCode).toBe('4004');
  });

  it('names the privileged-intent problem (4014) and treats unknown codes as network failures', () => {
    expect(PermissionError.isInstance(gatewayClosedError(4014))).toBe(true);
    expect(NetworkError.isInstance(gatewayClosedError(4000))).toBe(true);
  });
});
