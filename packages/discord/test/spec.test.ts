import { expectRequestsToMatchSpec, requireSpec } from '@infrafabric/testing';
import { describe, it } from 'vitest';
import { useDiscordSimulator } from './setup';
import { CHANNEL, GUILD, MEMBER, SIM_URL } from './simulator';

const { adapter, requests } = useDiscordSimulator();

describe('discord requests match the Discord OpenAPI spec (discord-api-spec, v10)', () => {
  it('every operation sends a request the spec describes', async (ctx) => {
    const spec = requireSpec(ctx, 'discord/openapi.json', { format: 'openapi', serverUrl: `${SIM_URL}/v10` });
    await adapter.check();
    const sent = await adapter.sendMessage(
      {
        to: { chatId: CHANNEL },
        text: '**hi**',
        format: 'markdown',
        providerOptions: { discord: { embeds: [{ title: 'T', description: 'D' }] } },
      },
      { idempotencyKey: 'spec-key-1' },
    );
    const threaded = await adapter.sendMessage({
      to: { chatId: CHANNEL },
      text: 'thread me',
      replyTo: sent.id,
      silent: true,
      providerOptions: { discord: { startThread: { name: 'Spec thread', autoArchiveDuration: 60 } } },
    });
    await adapter.sendMessage({ to: { chatId: CHANNEL, threadId: threaded.threadId }, text: 'in thread' });
    await adapter.sendMedia!({
      to: { chatId: CHANNEL },
      media: { type: 'file', data: new Uint8Array([1, 2, 3]), filename: 'a.bin', caption: 'bytes' },
    });
    await adapter.sendMedia!({
      to: { chatId: CHANNEL },
      media: { type: 'image', url: 'https://cdn.example.com/a.png' },
      caption: 'chart',
    });
    await adapter.editMessage!({ chatId: CHANNEL, messageId: sent.id, text: 'edited' });
    const page = await adapter.getHistory!({ chatId: CHANNEL, limit: 2 });
    await adapter.getHistory!({ chatId: CHANNEL, limit: 2, cursor: page.nextCursor });
    const group = await adapter.createGroup!({
      name: 'spec-room',
      parentId: GUILD,
      private: true,
      topic: 'Spec',
      members: [MEMBER],
    });
    await adapter.addMember!({ chatId: group.id, userId: MEMBER });
    await adapter.addMember!({ chatId: threaded.threadId!, userId: MEMBER });
    await adapter.getGroupInfo!({ chatId: group.id });
    await adapter.deleteMessage!({ chatId: CHANNEL, messageId: sent.id });
    await requests.settled();
    expectRequestsToMatchSpec(spec, requests.requests);
  });
});
