import type { CatalogEntry, ChatCapabilities } from '@infrafabric/core';

/**
 * What the Discord adapter can do. `setWebhook` is false: the interactions endpoint URL is set in
 * the Developer Portal (and message events only come over the gateway). Discord deduplicates
 * message creation by `nonce` with `enforce_nonce`, so idempotency keys are honoured for sends.
 */
export const discordCapabilities: ChatCapabilities = {
  operations: {
    sendMedia: true,
    editMessage: true,
    deleteMessage: true,
    getHistory: true,
    createGroup: true,
    addMember: true,
    getGroupInfo: true,
    setWebhook: false,
    parseWebhook: true,
    receive: true,
  },
  idempotencyKeys: true,
  formats: ['plain', 'markdown'],
  maxTextLength: 2000,
  replies: true,
  threads: true,
  media: { url: true, bytes: true },
};

/** Static catalog entry of the Discord provider. */
export const discordCatalog: CatalogEntry<ChatCapabilities> = {
  name: 'discord',
  kind: 'chat',
  displayName: 'Discord',
  packageName: '@infrafabric/discord',
  docsUrl: 'https://discord.com/developers/docs/reference',
  env: [
    {
      name: 'DISCORD_BOT_TOKEN',
      credential: 'token',
      secret: true,
      required: true,
      description: 'Bot token from the Developer Portal (Applications → your app → Bot → Reset Token).',
    },
    {
      name: 'DISCORD_PUBLIC_KEY',
      credential: 'publicKey',
      secret: false,
      required: false,
      description:
        'Application public key (General Information page, 64 hex characters); needed to verify interactions.',
    },
  ],
  capabilities: discordCapabilities,
};
