import { moneySchema, z } from '@infrafabric/core';

/** Credentials of the WhatsApp adapter (restrictive: unknown keys are errors). */
export const whatsappCredentialsSchema = z
  .object({
    /** System-user or user access token with `whatsapp_business_messaging` permission. */
    accessToken: z.string().min(20, { message: 'must be a Meta access token' }),
    /** Id of the business phone number that sends (WhatsApp Manager → API Setup), not the number itself. */
    phoneNumberId: z
      .string()
      .regex(/^\d+$/, { message: 'must be the numeric phone-number id, not the phone number' }),
    /** App secret: verifies `X-Hub-Signature-256` on inbound webhooks. */
    appSecret: z.string().min(1).optional(),
    /** The verify token you typed in the app's webhook settings, checked in the GET subscription handshake. */
    verifyToken: z.string().min(1).optional(),
  })
  .strict();
/** Credentials of the WhatsApp adapter. */
export type WhatsAppCredentials = z.input<typeof whatsappCredentialsSchema>;

/** Options of the WhatsApp adapter besides credentials. */
export const whatsappOptionsSchema = z
  .object({
    /** Graph API root, without the version (a proxy, or a simulator in tests). */
    baseUrl: z
      .string()
      .url()
      .transform((u) => u.replace(/\/+$/, ''))
      .default('https://graph.facebook.com'),
    /** Graph API version, e.g. `v23.0`. */
    apiVersion: z
      .string()
      .regex(/^v\d+\.\d+$/, { message: 'must look like v23.0' })
      .default('v23.0'),
    /** `fetch` used for every call (defaults to the global one). */
    fetch: z.custom<typeof fetch>((v) => typeof v === 'function').optional(),
    /** Instance name on a Bus. */
    name: z.string().min(1).optional(),
    /** What one template message costs you (depends on category and country), for budgets and routing. */
    templatePrice: moneySchema.optional(),
  })
  .strict();
/** Options of the WhatsApp adapter besides credentials. */
export type WhatsAppOptions = z.input<typeof whatsappOptionsSchema>;
/** Options after defaults. */
export type ResolvedWhatsAppOptions = z.output<typeof whatsappOptionsSchema>;

/** A template message: required to start a conversation or to write after the 24-hour window. */
export const whatsappTemplateSchema = z
  .object({
    /** Approved template name. */
    name: z.string().min(1),
    /** Language code (`en_US`) or `{ code, policy? }`. */
    language: z.union([
      z.string().min(2),
      z.object({ code: z.string().min(2), policy: z.string().optional() }),
    ]),
    /** Header/body/button parameters, in the Cloud API's own shape. */
    components: z.array(z.record(z.string(), z.unknown())).optional(),
  })
  .strict();
/** A template message. */
export type WhatsAppTemplate = z.input<typeof whatsappTemplateSchema>;

/** What `providerOptions.whatsapp` may hold. */
export const whatsappProviderOptionsSchema = z
  .object({
    /** Sends this template instead of free-form text (`text` is then ignored). */
    template: whatsappTemplateSchema.optional(),
    /** Show a link preview for the first URL in the text (`text.preview_url`). Default false. */
    previewUrl: z.boolean().optional(),
  })
  .strict();
