import { createHash, createHmac, generateKeyPairSync, sign } from 'node:crypto';
import type { AnyAdapter } from '@infrafabric/core';
import { createDiscord } from '@infrafabric/discord';
import { createSlack } from '@infrafabric/slack';
import { createStripe } from '@infrafabric/stripe';
import { createTelegram } from '@infrafabric/telegram';
import { createTwilio, twilioBodySha256, twilioSignature } from '@infrafabric/twilio';
import { createVonage, vonagePayloadHash } from '@infrafabric/vonage';
import { createWhatsApp } from '@infrafabric/whatsapp';

/** Where the Bus's webhook handler is mounted in these tests. */
export const HOOKS = 'https://hooks.example.com/webhooks';

/** Recognisable fake webhook secrets (canaries: they must never be echoed back). */
export const WEBHOOK_SECRETS = {
  stripe: 'whsec_CANARY_stripeWebhookSecret000000000001',
  telegram: 'CANARY_telegram_secret_token_0001',
  whatsappApp: 'CANARY-whatsapp-app-secret-0001',
  whatsappVerify: 'CANARY-whatsapp-verify-token-0001',
  slack: 'CANARY-slack-signing-secret-0001',
  twilio: 'CANARY-twilio-auth-token-00000001',
  vonage: 'CANARY-vonage-signature-secret-0001',
} as const;

const discordKeys = generateKeyPairSync('ed25519');
const wrongDiscordKeys = generateKeyPairSync('ed25519');
const DISCORD_PUBLIC_KEY = discordKeys.publicKey
  .export({ format: 'der', type: 'spki' })
  .subarray(-32)
  .toString('hex');

/** How a request is signed: validly, with a wrong secret/key, or validly but at a stale time. */
export type Signing = 'valid' | 'forged' | 'stale';

/** What one provider's webhook looks like, and how it signs. */
export interface WebhookTarget {
  /** Adapter name on the Bus = path segment under /webhooks. */
  name: string;
  /** Creates the adapter (with the secrets above). */
  adapter(): AnyAdapter;
  /** A request carrying one event with `eventId`, whose body can be replaced, signed as asked. */
  request(options: { eventId: string; signing?: Signing; body?: string; contentType?: string }): Request;
  /** Whether the provider signs a timestamp (so a stale request can be built). */
  signsTimestamp: boolean;
  /** Status a validly signed body that cannot be parsed gets. */
  malformedStatus: number;
  /** Headers a forger would try: fuzzed with arbitrary values. */
  signatureHeaders: string[];
  /** Content types the provider accepts. */
  contentTypes: string[];
}

const nowSeconds = () => Math.floor(Date.now() / 1000);
const staleSeconds = () => nowSeconds() - 3600;
const hex = (secret: string, data: string) => createHmac('sha256', secret).update(data).digest('hex');

const stripe: WebhookTarget = {
  name: 'stripe',
  adapter: () =>
    createStripe({
      apiKey: 'sk_test_CANARY_51WebhookSuiteKey000000000001',
      webhookSecret: WEBHOOK_SECRETS.stripe,
    }),
  request({ eventId, signing = 'valid', body, contentType = 'application/json' }) {
    const text =
      body ??
      JSON.stringify({
        id: eventId,
        object: 'event',
        type: 'payment_intent.succeeded',
        created: nowSeconds(),
        data: {
          object: {
            id: `pi_${eventId}`,
            object: 'payment_intent',
            amount: 2500,
            currency: 'gbp',
            status: 'succeeded',
            metadata: { reference: 'order-1' },
            created: nowSeconds(),
          },
        },
      });
    const t = signing === 'stale' ? staleSeconds() : nowSeconds();
    const secret = signing === 'forged' ? 'whsec_forgedSecret' : WEBHOOK_SECRETS.stripe;
    return new Request(`${HOOKS}/stripe`, {
      method: 'POST',
      headers: {
        'content-type': contentType,
        'stripe-signature': `t=${t},v1=${hex(secret, `${t}.${text}`)}`,
      },
      body: text,
    });
  },
  signsTimestamp: true,
  malformedStatus: 400,
  signatureHeaders: ['stripe-signature'],
  contentTypes: ['application/json'],
};

const telegram: WebhookTarget = {
  name: 'telegram',
  adapter: () =>
    createTelegram(
      { token: '123456789:AAcanary-CANARY-telegram-bot-token', webhookSecret: WEBHOOK_SECRETS.telegram },
      { baseUrl: 'https://telegram.test' },
    ),
  request({ eventId, signing = 'valid', body, contentType = 'application/json' }) {
    const text =
      body ??
      JSON.stringify({
        update_id: Number(eventId.replace(/\D/g, '').slice(0, 9) || '1'),
        message: {
          message_id: 7,
          date: nowSeconds(),
          chat: { id: 1111111, type: 'private', first_name: 'Ada' },
          from: { id: 1111111, is_bot: false, first_name: 'Ada' },
          text: 'hello',
        },
      });
    return new Request(`${HOOKS}/telegram`, {
      method: 'POST',
      headers: {
        'content-type': contentType,
        'x-telegram-bot-api-secret-token': signing === 'forged' ? 'guessed-secret' : WEBHOOK_SECRETS.telegram,
      },
      body: text,
    });
  },
  signsTimestamp: false,
  malformedStatus: 400,
  signatureHeaders: ['x-telegram-bot-api-secret-token'],
  contentTypes: ['application/json'],
};

const whatsapp: WebhookTarget = {
  name: 'whatsapp',
  adapter: () =>
    createWhatsApp(
      {
        accessToken: 'EAAGCANARYwhatsappAccessToken0000000001',
        phoneNumberId: '106540352242922',
        appSecret: WEBHOOK_SECRETS.whatsappApp,
        verifyToken: WEBHOOK_SECRETS.whatsappVerify,
      },
      { baseUrl: 'https://graph.whatsapp.test' },
    ),
  request({ eventId, signing = 'valid', body, contentType = 'application/json' }) {
    const text =
      body ??
      JSON.stringify({
        object: 'whatsapp_business_account',
        entry: [
          {
            id: '102290129340398',
            changes: [
              {
                field: 'messages',
                value: {
                  messaging_product: 'whatsapp',
                  metadata: { display_phone_number: '15550783881', phone_number_id: '106540352242922' },
                  contacts: [{ profile: { name: 'Sheena Nelson' }, wa_id: '16505551234' }],
                  messages: [
                    {
                      from: '16505551234',
                      id: `wamid.${eventId}`,
                      timestamp: String(nowSeconds()),
                      type: 'text',
                      text: { body: 'hello' },
                    },
                  ],
                },
              },
            ],
          },
        ],
      });
    const secret = signing === 'forged' ? 'forged-app-secret' : WEBHOOK_SECRETS.whatsappApp;
    return new Request(`${HOOKS}/whatsapp`, {
      method: 'POST',
      headers: { 'content-type': contentType, 'x-hub-signature-256': `sha256=${hex(secret, text)}` },
      body: text,
    });
  },
  signsTimestamp: false,
  malformedStatus: 400,
  signatureHeaders: ['x-hub-signature-256'],
  contentTypes: ['application/json'],
};

const slack: WebhookTarget = {
  name: 'slack',
  adapter: () =>
    createSlack({ token: 'xoxb-CANARY-0000-slack-bot-token', signingSecret: WEBHOOK_SECRETS.slack }),
  request({ eventId, signing = 'valid', body, contentType = 'application/json' }) {
    const text =
      body ??
      JSON.stringify({
        token: 'deprecated-verification-token',
        team_id: 'T0001',
        api_app_id: 'A0001',
        type: 'event_callback',
        event_id: eventId,
        event_time: nowSeconds(),
        event: {
          type: 'message',
          channel: 'C012AB3CD',
          user: 'U222BBB222',
          text: 'hello',
          ts: `${nowSeconds()}.000100`,
          channel_type: 'channel',
        },
      });
    const t = String(signing === 'stale' ? staleSeconds() : nowSeconds());
    const secret = signing === 'forged' ? 'forged-signing-secret' : WEBHOOK_SECRETS.slack;
    return new Request(`${HOOKS}/slack`, {
      method: 'POST',
      headers: {
        'content-type': contentType,
        'x-slack-request-timestamp': t,
        'x-slack-signature': `v0=${hex(secret, `v0:${t}:${text}`)}`,
      },
      body: text,
    });
  },
  signsTimestamp: true,
  malformedStatus: 400,
  signatureHeaders: ['x-slack-signature', 'x-slack-request-timestamp'],
  contentTypes: ['application/json', 'application/x-www-form-urlencoded'],
};

const discord: WebhookTarget = {
  name: 'discord',
  adapter: () =>
    createDiscord({
      token: 'MTA4OTk5OTk5OTk5OTk5OTk5.GcAnRy.CANARY-discord-bot-token-000001',
      publicKey: DISCORD_PUBLIC_KEY,
    }),
  request({ eventId, signing = 'valid', body, contentType = 'application/json' }) {
    const snowflake = eventId.replace(/\D/g, '').padStart(18, '7').slice(-18);
    const text =
      body ??
      JSON.stringify({
        id: snowflake,
        application_id: '775799577604964352',
        type: 2,
        channel_id: '645027906669510667',
        member: { user: { id: '53908232506183680', username: 'mason' } },
        data: { id: '771825006014889984', name: 'deploy', type: 1 },
        token: 'interaction-token',
        version: 1,
      });
    const t = String(signing === 'stale' ? staleSeconds() : nowSeconds());
    const key = signing === 'forged' ? wrongDiscordKeys.privateKey : discordKeys.privateKey;
    return new Request(`${HOOKS}/discord`, {
      method: 'POST',
      headers: {
        'content-type': contentType,
        'x-signature-timestamp': t,
        'x-signature-ed25519': sign(null, Buffer.from(t + text), key).toString('hex'),
      },
      body: text,
    });
  },
  signsTimestamp: true,
  malformedStatus: 400,
  signatureHeaders: ['x-signature-ed25519', 'x-signature-timestamp'],
  contentTypes: ['application/json'],
};

const TWILIO_SID = 'AC0123456789abcdef0123456789abcdef';

const twilio: WebhookTarget = {
  name: 'twilio',
  adapter: () => createTwilio({ accountSid: TWILIO_SID, authToken: WEBHOOK_SECRETS.twilio }),
  request({ eventId, signing = 'valid', body, contentType }) {
    const token = signing === 'forged' ? 'forged-auth-token' : WEBHOOK_SECRETS.twilio;
    if (body !== undefined) {
      // Twilio's JSON webhooks: the URL carries bodySHA256 and the signature covers the URL.
      const url = `${HOOKS}/twilio?bodySHA256=${twilioBodySha256(body)}`;
      return new Request(url, {
        method: 'POST',
        headers: {
          'content-type': contentType ?? 'application/json',
          'x-twilio-signature': twilioSignature(token, url, {}),
        },
        body,
      });
    }
    const params = {
      ToCountry: 'US',
      SmsMessageSid: `SM${eventId}`,
      NumMedia: '0',
      SmsSid: `SM${eventId}`,
      SmsStatus: 'received',
      Body: 'hello',
      To: '+14155552671',
      NumSegments: '1',
      MessageSid: `SM${eventId}`,
      AccountSid: TWILIO_SID,
      From: '+447400123456',
      ApiVersion: '2010-04-01',
    };
    const url = `${HOOKS}/twilio`;
    return new Request(url, {
      method: 'POST',
      headers: {
        'content-type': contentType ?? 'application/x-www-form-urlencoded',
        'x-twilio-signature': twilioSignature(token, url, params),
      },
      body: new URLSearchParams(params).toString(),
    });
  },
  signsTimestamp: false,
  malformedStatus: 400,
  signatureHeaders: ['x-twilio-signature'],
  contentTypes: ['application/x-www-form-urlencoded', 'application/json'],
};

const VONAGE_API_KEY = 'abcd1234';

function vonageJwt(claims: Record<string, unknown>, secret: string): string {
  const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const head = `${encode({ alg: 'HS256', typ: 'JWT' })}.${encode(claims)}`;
  return `${head}.${createHmac('sha256', secret).update(head).digest('base64url')}`;
}

const vonage: WebhookTarget = {
  name: 'vonage',
  adapter: () =>
    createVonage({
      apiKey: VONAGE_API_KEY,
      apiSecret: 'CANARY-vonage-api-secret-01',
      signatureSecret: WEBHOOK_SECRETS.vonage,
    }),
  request({ eventId, signing = 'valid', body, contentType = 'application/json' }) {
    const text =
      body ??
      JSON.stringify({
        from: '447700900001',
        to: '447700900000',
        uuid: `aaaaaaaa-bbbb-cccc-dddd-${createHash('sha256').update(eventId).digest('hex').slice(0, 12)}`,
        conversation_uuid: 'CON-aaaaaaaa-bbbb-cccc-dddd-0123456789ab',
        status: 'completed',
        direction: 'outbound',
        timestamp: new Date().toISOString(),
        duration: '12',
      });
    const claims = {
      iat: signing === 'stale' ? staleSeconds() : nowSeconds(),
      jti: eventId,
      iss: 'Vonage',
      api_key: VONAGE_API_KEY,
      payload_hash: vonagePayloadHash(text),
    };
    const secret = signing === 'forged' ? 'forged-signature-secret-0000' : WEBHOOK_SECRETS.vonage;
    return new Request(`${HOOKS}/vonage`, {
      method: 'POST',
      headers: { 'content-type': contentType, authorization: `Bearer ${vonageJwt(claims, secret)}` },
      body: text,
    });
  },
  signsTimestamp: true,
  malformedStatus: 400,
  signatureHeaders: ['authorization'],
  contentTypes: ['application/json', 'application/x-www-form-urlencoded'],
};

/** Every provider package with `parseWebhook` (src/webhook.ts) at the time of writing. */
export const WEBHOOK_TARGETS: readonly WebhookTarget[] = [
  stripe,
  telegram,
  whatsapp,
  slack,
  discord,
  twilio,
  vonage,
];
