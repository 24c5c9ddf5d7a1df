import { z } from '@infrafabric/core';

/** Credentials of the Discord adapter (restrictive: unknown keys are errors). */
export const discordCredentialsSchema = z
  .object({
    /** Bot token from the Developer Portal (*Bot* page). */
    token: z.string().regex(/^[\w-]{20,}\.[\w-]{4,}\.[\w-]{20,}$/, {
      message: 'must be a Discord bot token (three dot-separated parts)',
    }),
    /** The application's public key (64 hex characters, *General Information* page); required by `parseWebhook`. */
    publicKey: z
      .string()
      .regex(/^[0-9a-fA-F]{64}$/, { message: 'must be the 64-hex-character application public key' })
      .optional(),
  })
  .strict();
/** Credentials of the Discord adapter. */
export type DiscordCredentials = z.input<typeof discordCredentialsSchema>;

/** Options of the Discord adapter besides credentials. */
export const discordOptionsSchema = z
  .object({
    /** API root without the version, e.g. `https://discord.com/api` (a proxy, or a simulator in tests). */
    baseUrl: z
      .string()
      .url()
      .transform((u) => u.replace(/\/+$/, ''))
      .default('https://discord.com/api'),
    /** `fetch` used for every REST call (defaults to the global one; undici's own client is never used). */
    fetch: z.custom<typeof fetch>((v) => typeof v === 'function').optional(),
    /** Instance name on a Bus. */
    name: z.string().min(1).optional(),
    /** Per-request timeout of the REST client, in milliseconds. */
    timeoutMs: z.number().int().min(100).max(120_000).default(15_000),
    /** Replay window of `parseWebhook`, in seconds (Discord signs a timestamp but states no window). */
    webhookToleranceSeconds: z.number().int().min(1).max(3600).default(300),
    /** Gateway intents `receive()` asks for, as discord.js `GatewayIntentBits` names. */
    intents: z
      .array(z.string().min(1))
      .default(['Guilds', 'GuildMessages', 'DirectMessages', 'MessageContent']),
  })
  .strict();
/** Options of the Discord adapter besides credentials. */
export type DiscordOptions = z.input<typeof discordOptionsSchema>;
/** Options after defaults. */
export type ResolvedDiscordOptions = z.output<typeof discordOptionsSchema>;

/** What `providerOptions.discord` may hold on `sendMessage`, `sendMedia` and `editMessage`. */
export const discordMessageOptionsSchema = z
  .object({
    /** Rich embeds (at most 10), in Discord's embed object shape. */
    embeds: z.array(z.record(z.string(), z.unknown())).max(10).optional(),
    /** Message components (buttons, selects), in Discord's shape. */
    components: z.array(z.record(z.string(), z.unknown())).max(5).optional(),
    /** Who may be pinged; defaults to nobody (`{ parse: [] }`), so text never pings `@everyone` by accident. */
    allowedMentions: z.record(z.string(), z.unknown()).optional(),
    /** Text-to-speech. */
    tts: z.boolean().optional(),
    /** Start a thread from the sent message (sendMessage only). */
    startThread: z
      .object({
        name: z.string().min(1).max(100),
        /** Minutes of inactivity before the thread is archived: 60, 1440, 4320 or 10080. */
        autoArchiveDuration: z
          .union([z.literal(60), z.literal(1440), z.literal(4320), z.literal(10080)])
          .optional(),
      })
      .strict()
      .optional(),
  })
  .strict();
/** What `providerOptions.discord` may hold. */
export type DiscordMessageOptions = z.output<typeof discordMessageOptionsSchema>;
