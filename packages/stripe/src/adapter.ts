import { AsyncLocalStorage } from 'node:async_hooks';
import {
  type CallOptions,
  type CancelSubscriptionInput,
  type CapturePaymentInput,
  type CreateCustomerInput,
  type CreateSubscriptionInput,
  type Customer,
  type CustomerRef,
  cancelSubscriptionInputSchema,
  capturePaymentInputSchema,
  createCustomerInputSchema,
  createPaymentInputSchema,
  createSubscriptionInputSchema,
  customerRefSchema,
  type FindPaymentInput,
  findPaymentInputSchema,
  lazyModule,
  NotFoundError,
  normalizeError,
  type ParseWebhookOptions,
  type Payment,
  type PaymentAdapter,
  type PaymentCapabilities,
  type PaymentRef,
  parseInput,
  paymentRefSchema,
  type Refund,
  refundPaymentInputSchema,
  registerSecrets,
  requireWebhookSecret,
  SPECIFICATION_VERSION,
  type Subscription,
  ValidationError,
  type WebhookResult,
  type AccountIdentity,
  type CostModel,
  guardWebhookParsing,
} from '@infrafabric/core';
import type StripeSdk from 'stripe';
import { stripeCapabilities } from './catalog';
import { createStripeCostModel } from './cost';
import { toStripeAmount } from './currency';
import { mapStripeError } from './errors';
import {
  mapCustomer,
  mapPaymentIntent,
  mapRefund,
  mapSubscription,
  REFERENCE_METADATA_KEY,
  type StripePaymentIntentLike,
} from './mappers';
import {
  type ResolvedStripeOptions,
  resolveStripeOptions,
  type StripeOptions,
  validateCredentials,
} from './options';
import { parseStripeWebhook } from './webhook';

type StripeClient = InstanceType<typeof StripeSdk>;
type StripeConstructor = typeof StripeSdk;

const PROVIDER = 'stripe';
const loadStripe = lazyModule('stripe', () => import('stripe'));

/** Expansions that give the status mapping the latest charge and the cost model its fee. */
const PAYMENT_EXPAND = ['latest_charge.balance_transaction'];

/** The Stripe payment adapter: every optional payment operation is implemented. */
export interface StripePaymentAdapter extends PaymentAdapter {
  readonly capabilities: PaymentCapabilities;
  readonly costModel: CostModel;
  capturePayment(input: CapturePaymentInput, options?: CallOptions): Promise<Payment>;
  cancelPayment(input: PaymentRef, options?: CallOptions): Promise<Payment>;
  findPayment(input: FindPaymentInput, options?: CallOptions): Promise<Payment | undefined>;
  createCustomer(input: CreateCustomerInput, options?: CallOptions): Promise<Customer>;
  getCustomer(input: CustomerRef, options?: CallOptions): Promise<Customer>;
  createSubscription(input: CreateSubscriptionInput, options?: CallOptions): Promise<Subscription>;
  cancelSubscription(input: CancelSubscriptionInput, options?: CallOptions): Promise<Subscription>;
  parseWebhook(request: Request, options?: ParseWebhookOptions): Promise<WebhookResult>;
}

/** Stripe's metadata limits: 50 keys, keys up to 40 characters, values up to 500. */
function buildMetadata(
  metadata: Record<string, string> | undefined,
  reference: string | undefined,
  operation: string,
): Record<string, string> | undefined {
  const out: Record<string, string> = { ...metadata };
  if (reference !== undefined) out[REFERENCE_METADATA_KEY] = reference;
  const keys = Object.keys(out);
  const fail = (field: string, rule: string, why: string) =>
    new ValidationError(`stripe.${operation}: invalid "${field}": ${why}`, {
      provider: PROVIDER,
      operation,
      field,
      rule,
    });
  if (keys.length > 50)
    throw fail('metadata', 'stripe_metadata_keys', 'Stripe allows at most 50 metadata keys.');
  for (const key of keys) {
    if (key.length > 40 || key.includes('[') || key.includes(']')) {
      throw fail(
        `metadata.${key}`,
        'stripe_metadata_key',
        'keys are at most 40 characters, without square brackets.',
      );
    }
    if (out[key]!.length > 500) {
      throw fail(`metadata.${key}`, 'stripe_metadata_value', 'values are at most 500 characters.');
    }
  }
  return keys.length > 0 ? out : undefined;
}

/** Escapes a value for a single-quoted Stripe Search query string. */
function searchLiteral(value: string): string {
  return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

const HOLDS_MONEY = new Set(['succeeded', 'requires_capture', 'processing']);

/** Among PaymentIntents carrying one reference, the one that holds money, else the newest. */
function pickReconciled(intents: StripePaymentIntentLike[]): StripePaymentIntentLike | undefined {
  const sorted = [...intents].sort((a, b) => (b.created ?? 0) - (a.created ?? 0));
  return sorted.find((intent) => HOLDS_MONEY.has(intent.status ?? '')) ?? sorted[0];
}

/**
 * Creates a Stripe payment adapter. Nothing is loaded or sent until the first call; the key is
 * taken from `options.apiKey` or, on first use, `STRIPE_SECRET_KEY`.
 *
 * @example
 * ```ts
 * const stripe = createStripe({ apiKey: process.env.STRIPE_SECRET_KEY });
 * const payment = await stripe.createPayment(
 *   { amount: { amount: 1999, currency: 'GBP' }, paymentMethod: 'pm_card_visa', reference: 'order-42' },
 *   { idempotencyKey: 'order-42-charge' },
 * );
 * ```
 */
export function createStripe(options: StripeOptions = {}): StripePaymentAdapter {
  const resolved: ResolvedStripeOptions = resolveStripeOptions(options);
  registerSecrets([resolved.apiKey, resolved.webhookSecret]);
  // Errors name the adapter as the Bus knows it (two Stripe accounts can run side by side).
  const label = resolved.name ?? PROVIDER;
  const callSignals = new AsyncLocalStorage<AbortSignal | undefined>();
  let client: Promise<StripeClient> | undefined;

  // The SDK has no per-request abort signal, so the caller's signal travels to fetch through
  // async context and is merged with the SDK's own timeout signal.
  const fetchWithCallSignal: typeof fetch = (input, init) => {
    const callSignal = callSignals.getStore();
    const own = init?.signal ?? undefined;
    const signal = callSignal ? (own ? AbortSignal.any([own, callSignal]) : callSignal) : own;
    return (resolved.fetch ?? globalThis.fetch)(input, { ...init, signal });
  };

  function apiKey(): string {
    const key = resolved.apiKey ?? process.env.STRIPE_SECRET_KEY;
    if (!key) {
      throw new ValidationError(
        'stripe: no API key. Pass { apiKey } to createStripe or set STRIPE_SECRET_KEY (a secret key sk_... or restricted key rk_...).',
        { provider: PROVIDER, field: 'apiKey', rule: 'required' },
      );
    }
    registerSecrets([key]);
    return validateCredentials({ apiKey: key }).apiKey;
  }

  async function createClient(): Promise<StripeClient> {
    const key = apiKey();
    const module = (await loadStripe()) as unknown as { default?: StripeConstructor } & StripeConstructor;
    const Stripe: StripeConstructor = module.default ?? module;
    const config: Record<string, unknown> = {
      // The Bus owns retries (with the same idempotency key), so the SDK must not retry on its own.
      maxNetworkRetries: 0,
      httpClient: Stripe.createFetchHttpClient(fetchWithCallSignal),
      timeout: resolved.timeoutMs,
      telemetry: false,
      appInfo: { name: 'InfraFabric', version: '0.1.0' },
    };
    if (resolved.apiVersion) config.apiVersion = resolved.apiVersion;
    if (resolved.host) {
      config.host = resolved.host;
      config.port = resolved.port;
      config.protocol = resolved.protocol;
    }
    return new Stripe(key, config as ConstructorParameters<StripeConstructor>[1]);
  }

  function getClient(): Promise<StripeClient> {
    client ??= createClient().catch((error: unknown) => {
      client = undefined;
      throw error;
    });
    return client;
  }

  async function call<T>(
    operation: string,
    options: CallOptions | undefined,
    run: (stripe: StripeClient) => Promise<T>,
  ): Promise<T> {
    const signal = options?.signal;
    if (signal?.aborted) throw normalizeError(signal.reason, { provider: label, operation });
    const stripe = await getClient();
    try {
      return await callSignals.run(signal, () => run(stripe));
    } catch (error) {
      if (signal?.aborted) throw normalizeError(signal.reason ?? error, { provider: label, operation });
      throw mapStripeError(error, operation, label);
    }
  }

  const context = (operation: string) => ({ provider: label, operation, path: 'input' });
  const keyed = (options: CallOptions | undefined) =>
    options?.idempotencyKey ? { idempotencyKey: options.idempotencyKey } : {};
  const costModel = createStripeCostModel(resolved.fees);

  const adapter: StripePaymentAdapter = {
    specificationVersion: SPECIFICATION_VERSION,
    inputIsReadOnly: true,
    kind: 'payment',
    provider: PROVIDER,
    name: resolved.name,
    capabilities: stripeCapabilities,
    costModel,

    check(options) {
      return call('check', options, async (stripe): Promise<AccountIdentity> => {
        const account = await stripe.accounts.retrieveCurrent({}, {});
        const name =
          account.settings?.dashboard?.display_name ??
          account.business_profile?.name ??
          account.email ??
          undefined;
        return {
          id: account.id,
          name,
          details: { country: account.country, defaultCurrency: account.default_currency },
        };
      });
    },

    async createPayment(raw, options) {
      const input = parseInput(createPaymentInputSchema, raw, context('createPayment'));
      const amount = toStripeAmount(input.amount, 'input.amount.amount', 'createPayment');
      const confirm = input.confirm ?? input.paymentMethod !== undefined;
      if (confirm && !input.paymentMethod) {
        throw new ValidationError(
          'stripe.createPayment: invalid "input.paymentMethod": confirming needs a payment method (pm_...). Pass one, or confirm: false to collect it client-side.',
          {
            provider: PROVIDER,
            operation: 'createPayment',
            field: 'input.paymentMethod',
            rule: 'required_to_confirm',
          },
        );
      }
      const metadata = buildMetadata(input.metadata, input.reference, 'createPayment');
      const params: Record<string, unknown> = {
        ...(input.providerOptions?.stripe ?? {}),
        amount,
        currency: input.amount.currency.toLowerCase(),
        capture_method: input.capture ? 'automatic' : 'manual',
        confirm,
        expand: PAYMENT_EXPAND,
      };
      if (input.paymentMethod) params.payment_method = input.paymentMethod;
      if (input.customerId) params.customer = input.customerId;
      if (input.description) params.description = input.description;
      if (metadata) params.metadata = metadata;
      if (input.returnUrl) params.return_url = input.returnUrl;
      // A server-side confirmation has nowhere to send a redirect; keep to methods that need none.
      else if (
        confirm &&
        params.automatic_payment_methods === undefined &&
        params.payment_method_types === undefined
      ) {
        params.automatic_payment_methods = { enabled: true, allow_redirects: 'never' };
      }
      return call('createPayment', options, async (stripe) =>
        mapPaymentIntent(
          await stripe.paymentIntents.create(
            params as unknown as StripeSdk.PaymentIntentCreateParams,
            keyed(options),
          ),
        ),
      );
    },

    async getPayment(raw, options) {
      const input = parseInput(paymentRefSchema, raw, context('getPayment'));
      return call('getPayment', options, async (stripe) =>
        mapPaymentIntent(await stripe.paymentIntents.retrieve(input.id, { expand: PAYMENT_EXPAND })),
      );
    },

    async capturePayment(raw, options) {
      const input = parseInput(capturePaymentInputSchema, raw, context('capturePayment'));
      const params: StripeSdk.PaymentIntentCaptureParams = { expand: PAYMENT_EXPAND };
      if (input.amount)
        params.amount_to_capture = toStripeAmount(input.amount, 'input.amount.amount', 'capturePayment');
      return call('capturePayment', options, async (stripe) =>
        mapPaymentIntent(await stripe.paymentIntents.capture(input.id, params, keyed(options))),
      );
    },

    async cancelPayment(raw, options) {
      const input = parseInput(paymentRefSchema, raw, context('cancelPayment'));
      return call('cancelPayment', options, async (stripe) =>
        mapPaymentIntent(
          await stripe.paymentIntents.cancel(input.id, { expand: PAYMENT_EXPAND }, keyed(options)),
        ),
      );
    },

    async refundPayment(raw, options): Promise<Refund> {
      const input = parseInput(refundPaymentInputSchema, raw, context('refundPayment'));
      const params: StripeSdk.RefundCreateParams = { payment_intent: input.paymentId };
      if (input.amount) params.amount = toStripeAmount(input.amount, 'input.amount.amount', 'refundPayment');
      if (input.reason) params.reason = input.reason;
      const metadata = buildMetadata(input.metadata, undefined, 'refundPayment');
      if (metadata) params.metadata = metadata;
      return call('refundPayment', options, async (stripe) =>
        mapRefund(await stripe.refunds.create(params, keyed(options))),
      );
    },

    async findPayment(raw, options) {
      const input = parseInput(findPaymentInputSchema, raw, context('findPayment'));
      return call('findPayment', options, async (stripe) => {
        const found = await stripe.paymentIntents.search({
          query: `metadata[${searchLiteral(REFERENCE_METADATA_KEY)}]:${searchLiteral(input.reference)}`,
          limit: 100,
          expand: PAYMENT_EXPAND.map((path) => `data.${path}`),
        });
        let match = pickReconciled(found.data);
        // Search is eventually consistent (new payments can take about a minute to appear), and
        // this is the call that decides whether a payment happened: scan the newest ones as well.
        if (!match && resolved.findPaymentListFallback > 0) {
          const recent: StripePaymentIntentLike[] = [];
          let scanned = 0;
          for await (const intent of stripe.paymentIntents.list({
            limit: Math.min(100, resolved.findPaymentListFallback),
            expand: PAYMENT_EXPAND.map((path) => `data.${path}`),
          })) {
            if (intent.metadata?.[REFERENCE_METADATA_KEY] === input.reference) recent.push(intent);
            scanned += 1;
            if (scanned >= resolved.findPaymentListFallback) break;
          }
          match = pickReconciled(recent);
        }
        return match ? mapPaymentIntent(match) : undefined;
      });
    },

    async createCustomer(raw, options) {
      const input = parseInput(createCustomerInputSchema, raw, context('createCustomer'));
      const params: StripeSdk.CustomerCreateParams = {};
      if (input.email) params.email = input.email;
      if (input.name) params.name = input.name;
      if (input.phone) params.phone = input.phone;
      const metadata = buildMetadata(input.metadata, undefined, 'createCustomer');
      if (metadata) params.metadata = metadata;
      return call('createCustomer', options, async (stripe) =>
        mapCustomer(await stripe.customers.create(params, keyed(options))),
      );
    },

    async getCustomer(raw, options) {
      const input = parseInput(customerRefSchema, raw, context('getCustomer'));
      return call('getCustomer', options, async (stripe) => {
        const customer = await stripe.customers.retrieve(input.id);
        if ('deleted' in customer && customer.deleted) {
          throw new NotFoundError(`stripe.getCustomer: customer ${input.id} was deleted.`, {
            provider: PROVIDER,
            operation: 'getCustomer',
            providerCode: 'deleted',
          });
        }
        return mapCustomer(customer);
      });
    },

    async createSubscription(raw, options) {
      const input = parseInput(createSubscriptionInputSchema, raw, context('createSubscription'));
      const params: StripeSdk.SubscriptionCreateParams = {
        customer: input.customerId,
        items: [{ price: input.planId, quantity: input.quantity }],
      };
      if (input.trialDays !== undefined) params.trial_period_days = input.trialDays;
      const metadata = buildMetadata(input.metadata, undefined, 'createSubscription');
      if (metadata) params.metadata = metadata;
      return call('createSubscription', options, async (stripe) =>
        mapSubscription(await stripe.subscriptions.create(params, keyed(options))),
      );
    },

    async cancelSubscription(raw, options) {
      const input = parseInput(cancelSubscriptionInputSchema, raw, context('cancelSubscription'));
      return call('cancelSubscription', options, async (stripe) =>
        mapSubscription(
          input.atPeriodEnd
            ? await stripe.subscriptions.update(input.id, { cancel_at_period_end: true }, keyed(options))
            : // DELETE is idempotent at Stripe, which ignores idempotency keys on it.
              await stripe.subscriptions.cancel(input.id),
        ),
      );
    },

    async parseWebhook(request, options = {}) {
      const secret = requireWebhookSecret(
        resolved.webhookSecret ?? process.env.STRIPE_WEBHOOK_SECRET,
        PROVIDER,
        'STRIPE_WEBHOOK_SECRET',
      );
      registerSecrets([secret]);
      return guardWebhookParsing(PROVIDER, () =>
        parseStripeWebhook(request, secret, {
          ...options,
          toleranceSeconds: resolved.webhookToleranceSeconds,
        }),
      );
    },
  };
  return adapter;
}
