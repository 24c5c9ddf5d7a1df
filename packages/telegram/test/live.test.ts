import { afterAll, describe, expect, it } from 'vitest';
import { createTelegram } from '../src/index';

const REQUIRED = ['TELEGRAM_BOT_TOKEN', 'TELEGRAM_TEST_CHAT_ID'] as const;
const missing = REQUIRED.filter((name) => !process.env[name]);
if (missing.length > 0)
  console.info(`[telegram live] skipped: set ${missing.join(', ')} to run against the real Bot API`);

describe.skipIf(missing.length > 0)('telegram live', () => {
  // Built lazily: a skipped describe still runs its body while collecting tests.
  let cached: ReturnType<typeof createTelegram> | undefined;
  const live = () => {
    cached ??= createTelegram({ token: process.env.TELEGRAM_BOT_TOKEN ?? '' });
    return cached;
  };
  const chatId = process.env.TELEGRAM_TEST_CHAT_ID ?? '';
  const created: string[] = [];

  afterAll(async () => {
    for (const messageId of created)
      await live()
        .deleteMessage({ chatId, messageId })
        .catch(() => undefined);
  });

  it('identifies the bot', async () => {
    expect((await live().check()).id).toMatch(/^\d+$/);
  });

  it('sends markdown, edits it and deletes it', async () => {
    const sent = await live().sendMessage({
      to: { chatId },
      text: '**InfraFabric** live test (1.0)!',
      format: 'markdown',
      silent: true,
    });
    created.push(sent.id);
    const edited = await live().editMessage({
      chatId,
      messageId: sent.id,
      text: '_edited_ v1.1',
      format: 'markdown',
    });
    expect(edited.id).toBe(sent.id);
    await live().deleteMessage({ chatId, messageId: sent.id });
    created.splice(created.indexOf(sent.id), 1);
  });

  it('reads chat info', async () => {
    expect((await live().getGroupInfo({ chatId })).id).toBe(
      chatId.startsWith('@') ? expect.any(String) : chatId,
    );
  });
});
