import type { CatalogEntry, ChatCapabilities } from '@infrafabric/core';

/**
 * What the Telegram adapter can do. No history (the Bot API has no method to read past
 * messages), no group creation and no adding members (bots cannot create groups or add users;
 * only people can, or invite links). Telegram deduplicates nothing, so no idempotency keys.
 */
export const telegramCapabilities: ChatCapabilities = {
  operations: {
    sendMedia: true,
    editMessage: true,
    deleteMessage: true,
    getHistory: false,
    createGroup: false,
    addMember: false,
    getGroupInfo: true,
    setWebhook: true,
    parseWebhook: true,
    receive: true,
  },
  idempotencyKeys: false,
  formats: ['plain', 'markdown', 'html'],
  maxTextLength: 4096,
  replies: true,
  threads: true,
  media: { url: true, bytes: true },
};

/** Static catalog entry of the Telegram provider. */
export const telegramCatalog: CatalogEntry<ChatCapabilities> = {
  name: 'telegram',
  kind: 'chat',
  displayName: 'Telegram',
  packageName: '@infrafabric/telegram',
  docsUrl: 'https://core.telegram.org/bots/api',
  env: [
    {
      name: 'TELEGRAM_BOT_TOKEN',
      credential: 'token',
      secret: true,
      required: true,
      description: 'Bot token from @BotFather (123456:ABC-DEF...).',
    },
    {
      name: 'TELEGRAM_WEBHOOK_SECRET',
      credential: 'webhookSecret',
      secret: true,
      required: false,
      description:
        'Secret token Telegram sends in X-Telegram-Bot-Api-Secret-Token (1-256 of A-Z a-z 0-9 _ -); needed to receive webhooks.',
    },
  ],
  capabilities: telegramCapabilities,
};
