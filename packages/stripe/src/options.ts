import { customerRefSchema, httpUrlSchema, idSchema, ValidationError } from '@infrafabric/core';
import type { StripeFeeSchedule } from './cost';

/**
 * Credentials schema (restrictive: unknown keys are errors). Built from core's schemas, so this
 * package needs no direct zod dependency.
 */
export const stripeCredentialsSchema = customerRefSchema
  .omit({ id: true })
  .extend({
    /** Secret (`sk_...`) or restricted (`rk_...`) key. */
    apiKey: idSchema.refine((key) => /^(sk|rk)_(test|live)_/.test(key), {
      message: 'must be a Stripe secret key (sk_test_..., sk_live_...) or restricted key (rk_...)',
      params: { rule: 'stripe_secret_key' },
    }),
    /** Webhook endpoint signing secret (`whsec_...`); needed only for `parseWebhook`. */
    webhookSecret: idSchema
      .refine((secret) => secret.startsWith('whsec_'), {
        message: 'must be a webhook signing secret starting with whsec_',
        params: { rule: 'stripe_webhook_secret' },
      })
      .optional(),
  })
  .strict();

/** Validated Stripe credentials. */
export type StripeCredentials = ReturnType<(typeof stripeCredentialsSchema)['parse']>;

/** Everything `createStripe` accepts. */
export interface StripeOptions {
  /** Secret or restricted key. Defaults to `STRIPE_SECRET_KEY`, read on first use. */
  apiKey?: string | undefined;
  /** Webhook signing secret. Defaults to `STRIPE_WEBHOOK_SECRET`, read on first webhook. */
  webhookSecret?: string | undefined;
  /**
   * API origin, e.g. `https://api.stripe.com` (default) or a simulator/proxy. Only scheme, host and
   * port are used: the SDK always sends `/v1/...` paths.
   */
  baseUrl?: string | undefined;
  /** A `fetch` to send requests with (defaults to the global one, looked up on each call). */
  fetch?: typeof fetch | undefined;
  /** Instance name on a Bus (default `stripe`). */
  name?: string | undefined;
  /**
   * `Stripe-Version` to pin. Defaults to the version the installed SDK was generated for; the
   * mappers read fields the way that version shapes them.
   */
  apiVersion?: string | undefined;
  /** SDK-level timeout per request in ms (the Bus's own timeout normally fires first). Default 80000. */
  timeoutMs?: number | undefined;
  /** Replay window for webhook timestamps, seconds. Default 300 (Stripe's own default). */
  webhookToleranceSeconds?: number | undefined;
  /** Card fee schedule used for cost estimates; merged over {@link DEFAULT_STRIPE_FEES}. */
  fees?: StripeFeeSchedule | undefined;
  /**
   * How many of the most recent PaymentIntents `findPayment` scans when the Search API (which is
   * eventually consistent) has not indexed a payment yet. 0 disables the fallback. Default 100.
   */
  findPaymentListFallback?: number | undefined;
}

/** Options after defaults. */
export interface ResolvedStripeOptions {
  apiKey: string | undefined;
  webhookSecret: string | undefined;
  host: string | undefined;
  port: number | undefined;
  protocol: 'http' | 'https' | undefined;
  fetch: typeof fetch | undefined;
  name: string | undefined;
  apiVersion: string | undefined;
  timeoutMs: number;
  webhookToleranceSeconds: number;
  fees: StripeFeeSchedule | undefined;
  findPaymentListFallback: number;
}

const KNOWN_OPTIONS = new Set([
  'apiKey',
  'webhookSecret',
  'baseUrl',
  'fetch',
  'name',
  'apiVersion',
  'timeoutMs',
  'webhookToleranceSeconds',
  'fees',
  'findPaymentListFallback',
]);

function invalid(field: string, rule: string, why: string): ValidationError {
  return new ValidationError(`stripe: invalid option "${field}": ${why}`, {
    provider: 'stripe',
    operation: 'createStripe',
    field,
    rule,
  });
}

function positiveInteger(value: unknown, field: string, fallback: number, allowZero = false): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < (allowZero ? 0 : 1)) {
    throw invalid(field, 'integer', `must be a ${allowZero ? 'non-negative' : 'positive'} whole number.`);
  }
  return value;
}

/**
 * Validates `createStripe` options (unknown keys are errors) and splits the base URL into the
 * host/port/protocol triple the Stripe SDK takes.
 * @throws ValidationError naming the bad option.
 */
export function resolveStripeOptions(options: StripeOptions): ResolvedStripeOptions {
  for (const key of Object.keys(options)) {
    if (!KNOWN_OPTIONS.has(key)) throw invalid(key, 'unknown_option', 'is not a Stripe adapter option.');
  }
  const credentials: Record<string, string> = {};
  if (options.apiKey !== undefined) credentials.apiKey = options.apiKey;
  if (options.webhookSecret !== undefined) credentials.webhookSecret = options.webhookSecret;
  if (options.apiKey !== undefined) validateCredentials(credentials);
  else if (options.webhookSecret !== undefined) {
    validateCredentials({ apiKey: 'sk_test_placeholder', webhookSecret: options.webhookSecret });
  }
  let host: string | undefined;
  let port: number | undefined;
  let protocol: 'http' | 'https' | undefined;
  if (options.baseUrl !== undefined) {
    if (!httpUrlSchema.safeParse(options.baseUrl).success) {
      throw invalid('baseUrl', 'url', 'must be an absolute http(s) URL such as https://api.stripe.com.');
    }
    const url = new URL(options.baseUrl);
    if (url.pathname !== '/' && url.pathname !== '') {
      throw invalid(
        'baseUrl',
        'origin_only',
        'must be an origin without a path: the SDK always sends /v1/...',
      );
    }
    protocol = url.protocol === 'http:' ? 'http' : 'https';
    host = url.hostname;
    port = url.port ? Number(url.port) : protocol === 'http' ? 80 : 443;
  }
  if (options.fetch !== undefined && typeof options.fetch !== 'function') {
    throw invalid('fetch', 'function', 'must be a fetch function.');
  }
  if (options.name !== undefined && (typeof options.name !== 'string' || options.name.trim() === '')) {
    throw invalid('name', 'non_empty', 'must be a non-empty string.');
  }
  if (options.apiVersion !== undefined && !/^\d{4}-\d{2}-\d{2}(\.[a-z]+)?$/.test(options.apiVersion)) {
    throw invalid('apiVersion', 'stripe_version', 'must look like 2026-10-28.endive or 2023-08-16.');
  }
  return {
    apiKey: options.apiKey,
    webhookSecret: options.webhookSecret,
    host,
    port,
    protocol,
    fetch: options.fetch,
    name: options.name,
    apiVersion: options.apiVersion,
    timeoutMs: positiveInteger(options.timeoutMs, 'timeoutMs', 80_000),
    webhookToleranceSeconds: positiveInteger(options.webhookToleranceSeconds, 'webhookToleranceSeconds', 300),
    fees: options.fees,
    findPaymentListFallback: positiveInteger(
      options.findPaymentListFallback,
      'findPaymentListFallback',
      100,
      true,
    ),
  };
}

/** Validates credentials with {@link stripeCredentialsSchema}. @throws ValidationError naming the field. */
export function validateCredentials(credentials: Record<string, unknown>): StripeCredentials {
  const result = stripeCredentialsSchema.safeParse(credentials);
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  const field = issue.path.map(String).join('.') || 'apiKey';
  throw invalid(field, 'credentials', `${issue.message}.`);
}
