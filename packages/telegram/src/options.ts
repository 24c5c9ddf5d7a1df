import { z } from '@infrafabric/core';

/** Telegram's rule for `secret_token`: 1–256 characters of `A-Z a-z 0-9 _ -`. */
export const telegramSecretTokenSchema = z
  .string()
  .regex(/^[A-Za-z0-9_-]{1,256}$/, { message: 'must be 1-256 characters of A-Z, a-z, 0-9, _ or -' });

/** Credentials of the Telegram adapter (restrictive: unknown keys are errors). */
export const telegramCredentialsSchema = z
  .object({
    /** Bot token from @BotFather, `123456:ABC-DEF...`. */
    token: z
      .string()
      .regex(/^\d+:[\w-]+$/, { message: 'must look like 123456:ABC-DEF... (from @BotFather)' }),
    /**
     * Secret Telegram echoes in `X-Telegram-Bot-Api-Secret-Token` on every webhook call. Required by
     * `parseWebhook`; `setWebhook` registers it with Telegram.
     */
    webhookSecret: telegramSecretTokenSchema.optional(),
  })
  .strict();
/** Credentials of the Telegram adapter. */
export type TelegramCredentials = z.input<typeof telegramCredentialsSchema>;

/** Options of the Telegram adapter besides credentials. */
export const telegramOptionsSchema = z
  .object({
    /** Bot API server root, without trailing slash (a local `telegram-bot-api` server, or a simulator). */
    baseUrl: z
      .string()
      .url()
      .transform((u) => u.replace(/\/+$/, ''))
      .default('https://api.telegram.org'),
    /** `fetch` used for every Bot API call (defaults to the global one). */
    fetch: z.custom<typeof fetch>((v) => typeof v === 'function').optional(),
    /** Instance name on a Bus. */
    name: z.string().min(1).optional(),
    /** Long-polling timeout of `receive()`, in seconds (Telegram holds `getUpdates` open this long). */
    pollTimeoutSeconds: z.number().int().min(0).max(50).default(30),
    /** Update types `receive()` asks for (`allowed_updates`); Telegram's default when absent. */
    allowedUpdates: z.array(z.string()).optional(),
    /**
     * Plain text longer than 4096 characters: `split` sends several messages (ids in
     * `additionalIds`), `reject` throws a ValidationError. Formatted text is always rejected, as a
     * split could cut an entity in half.
     */
    longText: z.enum(['split', 'reject']).default('split'),
  })
  .strict();
/** Options of the Telegram adapter besides credentials. */
export type TelegramOptions = z.input<typeof telegramOptionsSchema>;
/** Options after defaults. */
export type ResolvedTelegramOptions = z.output<typeof telegramOptionsSchema>;
