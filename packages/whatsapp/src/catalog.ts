import type { CatalogEntry, ChatCapabilities } from '@infrafabric/core';

/**
 * What the WhatsApp adapter can do. The Cloud API cannot read message history, edit or delete
 * sent messages, and this adapter does not manage groups. Meta has no idempotency key.
 */
export const whatsappCapabilities: ChatCapabilities = {
  operations: {
    sendMedia: true,
    editMessage: false,
    deleteMessage: false,
    getHistory: false,
    createGroup: false,
    addMember: false,
    getGroupInfo: false,
    setWebhook: false,
    parseWebhook: true,
    receive: false,
  },
  idempotencyKeys: false,
  formats: ['plain', 'markdown'],
  maxTextLength: 4096,
  replies: true,
  threads: false,
  media: { url: true, bytes: true },
};

/** Static catalog entry of the WhatsApp provider. */
export const whatsappCatalog: CatalogEntry<ChatCapabilities> = {
  name: 'whatsapp',
  kind: 'chat',
  displayName: 'WhatsApp Business (Cloud API)',
  packageName: '@infrafabric/whatsapp',
  docsUrl: 'https://developers.facebook.com/docs/whatsapp/cloud-api',
  env: [
    {
      name: 'WHATSAPP_ACCESS_TOKEN',
      credential: 'accessToken',
      secret: true,
      required: true,
      description:
        'System-user access token with whatsapp_business_messaging (Business settings → System users).',
    },
    {
      name: 'WHATSAPP_PHONE_NUMBER_ID',
      credential: 'phoneNumberId',
      secret: false,
      required: true,
      description: 'Phone-number id of the sending number (WhatsApp Manager → API Setup).',
    },
    {
      name: 'WHATSAPP_APP_SECRET',
      credential: 'appSecret',
      secret: true,
      required: false,
      description: 'App secret (App settings → Basic), verifies X-Hub-Signature-256 on webhooks.',
    },
    {
      name: 'WHATSAPP_VERIFY_TOKEN',
      credential: 'verifyToken',
      secret: true,
      required: false,
      description: 'Verify token typed in the webhook settings, for the hub.challenge handshake.',
    },
  ],
  capabilities: whatsappCapabilities,
};
