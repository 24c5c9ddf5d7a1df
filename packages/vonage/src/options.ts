import { httpUrlSchema, isCurrencyCode, z } from '@infrafabric/core';

/**
 * Vonage credentials. The API key and secret serve SMS, Numbers and Account; Voice needs a
 * Vonage application (its id and private key); signed webhooks need the signature secret.
 */
export const vonageCredentialsSchema = z
  .object({
    /** API key from the Vonage dashboard. */
    apiKey: z.string().min(1, { message: 'must not be empty' }),
    /** API secret (secret). */
    apiSecret: z.string().min(1, { message: 'must not be empty' }),
    /** Voice application id (a UUID); needed for calls. */
    applicationId: z.string().min(1).optional(),
    /** The application's private key, PEM text or a file path (secret); needed for calls. */
    privateKey: z.string().min(1).optional(),
    /** Signature secret that signs webhooks (secret; dashboard → API settings). */
    signatureSecret: z.string().min(1).optional(),
  })
  .strict()
  .refine((c) => (c.applicationId === undefined) === (c.privateKey === undefined), {
    message: 'applicationId and privateKey go together: set both to place calls, or neither',
    path: ['privateKey'],
    params: { rule: 'together' },
  });

/** Vonage credentials. */
export type VonageCredentials = z.infer<typeof vonageCredentialsSchema>;

/** Options besides credentials. */
export const vonageOptionsSchema = z
  .object({
    /** Replaces `https://api.nexmo.com` (Voice API): the SDK's `apiHost`. */
    baseUrl: httpUrlSchema.optional(),
    /** Replaces `https://rest.nexmo.com` (SMS, Numbers, Account): the SDK's `restHost`. */
    restBaseUrl: httpUrlSchema.optional(),
    /** A `fetch` to send requests with instead of the global one. */
    fetch: z
      .custom<typeof fetch>((v) => typeof v === 'function', { message: 'must be a fetch function' })
      .optional(),
    /** Instance name on a Bus. */
    name: z.string().min(1).optional(),
    /** Currency of the Vonage account; prices in responses carry none (default EUR). */
    accountCurrency: z
      .string()
      .refine(isCurrencyCode, { message: 'must be an ISO 4217 code such as EUR' })
      .default('EUR'),
    /** Largest webhook body accepted, in bytes (default 1 MiB). */
    webhookBodyLimit: z.number().int().positive().optional(),
    /**
     * Signature method of the SMS API's legacy `sig` signing, as chosen in the dashboard (API
     * settings → signature method). Default `md5hash`.
     */
    smsSignatureMethod: z.enum(['md5hash', 'md5', 'sha1', 'sha256', 'sha512']).default('md5hash'),
    /** How old a signed webhook's `iat` (or an SMS `timestamp`) may be, in seconds (default 300). */
    webhookToleranceSeconds: z.number().int().positive().default(300),
  })
  .strict();

/** Options besides credentials. */
export type VonageOptions = z.input<typeof vonageOptionsSchema>;
