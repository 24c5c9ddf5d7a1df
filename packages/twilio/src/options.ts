import { httpUrlSchema, z } from '@infrafabric/core';

/** Twilio credentials: the account SID and its auth token (the token also signs webhooks). */
export const twilioCredentialsSchema = z
  .object({
    /** Account SID, `AC` + 32 hex digits, from the Twilio Console. */
    accountSid: z
      .string()
      .regex(/^AC[0-9a-fA-F]{32}$/, { message: 'must be an account SID: AC + 32 hex digits' }),
    /** The account's auth token (secret). Verifies webhooks; authenticates API calls unless an API key is set. */
    authToken: z.string().min(1, { message: 'must not be empty' }),
    /** Optional API key SID (`SK…`) to authenticate API calls instead of the auth token. */
    apiKeySid: z
      .string()
      .regex(/^SK[0-9a-fA-F]{32}$/, { message: 'must be an API key SID: SK + 32 hex digits' })
      .optional(),
    /** The API key's secret (secret). */
    apiKeySecret: z.string().min(1).optional(),
  })
  .strict()
  .refine((c) => (c.apiKeySid === undefined) === (c.apiKeySecret === undefined), {
    message: 'apiKeySid and apiKeySecret go together: set both, or neither to use the auth token',
    path: ['apiKeySecret'],
    params: { rule: 'together' },
  });

/** Twilio credentials. */
export type TwilioCredentials = z.infer<typeof twilioCredentialsSchema>;

/** Options besides credentials. */
export const twilioOptionsSchema = z
  .object({
    /**
     * Replaces `https://api.twilio.com` (Voice, Messaging, Numbers). For proxies and simulators;
     * to use a Twilio region, prefer `edge` + `region`.
     */
    baseUrl: httpUrlSchema.optional(),
    /** Replaces `https://trunking.twilio.com` (Elastic SIP Trunking). */
    trunkingBaseUrl: httpUrlSchema.optional(),
    /** Twilio edge location, e.g. `dublin` (passed to the SDK, which rewrites the host). */
    edge: z.string().min(1).optional(),
    /** Twilio region, e.g. `ie1` (passed to the SDK). */
    region: z.string().min(1).optional(),
    /** A `fetch` to send requests with instead of the global one. */
    fetch: z
      .custom<typeof fetch>((v) => typeof v === 'function', { message: 'must be a fetch function' })
      .optional(),
    /** Instance name on a Bus. */
    name: z.string().min(1).optional(),
    /** Largest webhook body accepted, in bytes (default 1 MiB). */
    webhookBodyLimit: z.number().int().positive().optional(),
  })
  .strict();

/** Options besides credentials. */
export type TwilioOptions = z.input<typeof twilioOptionsSchema>;
