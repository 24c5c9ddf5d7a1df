/**
 * An in-memory Stripe API for msw: PaymentIntents (with charges, captures, declines),
 * Refunds, Customers, Prices and Subscriptions, the Search API, and Stripe's idempotency rules
 * (same key + same parameters → the saved response again, nothing created twice; same key +
 * different parameters or endpoint → 400 `idempotency_error`). Response bodies start from the
 * documented examples in `__fixtures__/`.
 *
 * Reused by the Bus's reliability tests: `chargeCount(reference)` is the exactly-once check.
 *
 * @example
 * ```ts
 * const stripe = createStripeSimulator({ apiKey: 'sk_test_...' });
 * const server = setupServer(...stripe.handlers);
 * server.listen();
 * // ... run payments ...
 * expect(stripe.chargeCount('order-42')).toBe(1);
 * ```
 */
import { createHmac } from 'node:crypto';
import { HttpResponse, http, type RequestHandler } from 'msw';
import {
  fingerprintParams,
  int,
  list,
  parseStripeParams,
  record,
  type StripeParams,
  str,
} from './simulator/form-params';
import {
  newAccount,
  newBalanceTransaction,
  newCharge,
  newCustomer,
  newPaymentIntent,
  newPrice,
  newRefund,
  newSubscription,
  type StripeObject,
  stripeId,
} from './simulator/resources';
import { parseSearchQuery } from './simulator/search-query';

export type { StripeObject } from './simulator/resources';

/** Test payment methods with Stripe's documented outcomes (https://docs.stripe.com/testing). */
const DECLINES: Readonly<Record<string, { code: string; declineCode: string; message: string }>> = {
  pm_card_chargeDeclined: {
    code: 'card_declined',
    declineCode: 'generic_decline',
    message: 'Your card was declined.',
  },
  pm_card_visa_chargeDeclined: {
    code: 'card_declined',
    declineCode: 'generic_decline',
    message: 'Your card was declined.',
  },
  pm_card_chargeDeclinedInsufficientFunds: {
    code: 'card_declined',
    declineCode: 'insufficient_funds',
    message: 'Your card has insufficient funds.',
  },
  pm_card_chargeDeclinedExpiredCard: {
    code: 'expired_card',
    declineCode: 'expired_card',
    message: 'Your card has expired.',
  },
  pm_card_chargeDeclinedIncorrectCvc: {
    code: 'incorrect_cvc',
    declineCode: 'incorrect_cvc',
    message: "Your card's security code is incorrect.",
  },
};
const AUTHENTICATION_REQUIRED = new Set(['pm_card_authenticationRequired', 'pm_card_threeDSecure2Required']);

/** Options of {@link createStripeSimulator}. */
export interface StripeSimulatorOptions {
  /** Origin the handlers answer on. Default `https://api.stripe.com`. */
  baseUrl?: string;
  /** When set, any other bearer key gets Stripe's 401. */
  apiKey?: string;
  /** Clock in epoch ms (tests). */
  now?: () => number;
  /**
   * How long a new PaymentIntent stays invisible to the Search API, ms: Stripe's search index is
   * eventually consistent (usually under a minute). Default 0.
   */
  searchLagMs?: number;
  /** Fee booked on a charge's balance transaction. Default 1.5 % + 20 for GBP, 2.9 % + 30 otherwise. */
  fee?: (amount: number, currency: string) => number;
}

/** Counters for assertions. */
export interface StripeSimulatorStats {
  /** Requests that reached a handler (after auth). */
  requests: number;
  /** Requests answered from the idempotency store instead of being carried out. */
  idempotentReplays: number;
  /** Requests refused because their key was used with other parameters or another endpoint. */
  idempotencyConflicts: number;
}

/** Everything the simulator holds, by id. Objects are stored un-expanded, as Stripe stores them. */
export interface StripeSimulatorState {
  paymentIntents: Map<string, StripeObject>;
  charges: Map<string, StripeObject>;
  refunds: Map<string, StripeObject>;
  balanceTransactions: Map<string, StripeObject>;
  customers: Map<string, StripeObject>;
  prices: Map<string, StripeObject>;
  subscriptions: Map<string, StripeObject>;
}

/** An in-memory Stripe for msw. */
export interface StripeSimulator {
  readonly baseUrl: string;
  /** msw handlers; pass to `setupServer(...)` or `server.use(...)`. */
  readonly handlers: RequestHandler[];
  readonly state: StripeSimulatorState;
  readonly stats: StripeSimulatorStats;
  /** Id of the recurring price every simulator starts with (GBP 10.00 a month). */
  readonly defaultPriceId: string;
  /** Succeeded charges (authorized or captured) whose PaymentIntent carries `metadata.reference`. */
  chargeCount(reference: string): number;
  /** PaymentIntents created with `metadata.reference`, oldest first. */
  paymentIntentsFor(reference: string): StripeObject[];
  /** A PaymentIntent as the API would return it, optionally with expansions. */
  getPaymentIntent(id: string, expand?: string[]): StripeObject | undefined;
  /** Adds a recurring price. */
  addPrice(price: {
    id: string;
    currency: string;
    unitAmount: number;
    interval?: 'day' | 'week' | 'month' | 'year';
  }): void;
  /** Forgets every object, idempotency key and counter. */
  reset(): void;
  /** A Stripe-shaped error response for a fault injector (`createHttpFaultInjector({ errorResponse })`). */
  errorResponse(fault: string, status: number, retryAfterSeconds: number | undefined): Response;
  /** A `Stripe-Signature` header for `payload`, as Stripe signs webhook deliveries. */
  signWebhook(payload: string, secret: string, timestampSeconds?: number): string;
  /** A Stripe event envelope around `object`. */
  event(type: string, object: Record<string, unknown>, created?: number): Record<string, unknown>;
}

interface SavedResponse {
  method: string;
  path: string;
  fingerprint: string;
  status: number;
  body: unknown;
}

type Result = { status: number; body: unknown };

class StripeFailure extends Error {
  constructor(
    readonly status: number,
    readonly error: Record<string, unknown>,
  ) {
    super(String(error.message));
  }
}

function invalidRequest(message: string, param?: string, code?: string): StripeFailure {
  return new StripeFailure(400, {
    ...(code ? { code, doc_url: `https://stripe.com/docs/error-codes/${code.replace(/_/g, '-')}` } : {}),
    message,
    ...(param ? { param } : {}),
    type: 'invalid_request_error',
  });
}

/** Stripe answers 404 for a missing resource in the URL and 400 for one named by a parameter. */
function missing(kind: string, id: string, param: string, status = 400): StripeFailure {
  return new StripeFailure(status, {
    code: 'resource_missing',
    doc_url: 'https://stripe.com/docs/error-codes/resource-missing',
    message: `No such ${kind}: '${id}'`,
    param,
    type: 'invalid_request_error',
  });
}

function defaultFee(amount: number, currency: string): number {
  return currency === 'gbp' ? Math.round(amount * 0.015) + 20 : Math.round(amount * 0.029) + 30;
}

/** Creates an in-memory Stripe API. See the module comment. */
export function createStripeSimulator(options: StripeSimulatorOptions = {}): StripeSimulator {
  const baseUrl = (options.baseUrl ?? 'https://api.stripe.com').replace(/\/$/, '');
  const nowMs = options.now ?? Date.now;
  const now = () => Math.floor(nowMs() / 1000);
  const fee = options.fee ?? defaultFee;
  const searchLagMs = options.searchLagMs ?? 0;
  const defaultPriceId = 'price_1MowQULkdIwHu7ixraBm864M';

  const state: StripeSimulatorState = {
    paymentIntents: new Map(),
    charges: new Map(),
    refunds: new Map(),
    balanceTransactions: new Map(),
    customers: new Map(),
    prices: new Map(),
    subscriptions: new Map(),
  };
  const stats: StripeSimulatorStats = { requests: 0, idempotentReplays: 0, idempotencyConflicts: 0 };
  const idempotency = new Map<string, SavedResponse>();
  const indexedAt = new Map<string, number>();
  const account = newAccount();

  function seed(): void {
    state.prices.set(
      defaultPriceId,
      newPrice({ id: defaultPriceId, currency: 'gbp', unitAmount: 1000, interval: 'month', created: now() }),
    );
  }
  seed();

  // ---- expansion -------------------------------------------------------------------------

  function expandCharge(charge: StripeObject, paths: string[]): StripeObject {
    const out = { ...charge };
    if (paths.includes('balance_transaction') && typeof charge.balance_transaction === 'string') {
      out.balance_transaction = state.balanceTransactions.get(charge.balance_transaction) ?? null;
    }
    return out;
  }

  function renderIntent(intent: StripeObject, expand: string[]): StripeObject {
    const out = { ...intent };
    const chargePaths = expand
      .filter((path) => path === 'latest_charge' || path.startsWith('latest_charge.'))
      .map((path) => path.slice('latest_charge.'.length));
    if (chargePaths.length > 0 && typeof intent.latest_charge === 'string') {
      const charge = state.charges.get(intent.latest_charge);
      out.latest_charge = charge ? expandCharge(charge, chargePaths) : null;
    }
    if (expand.includes('customer') && typeof intent.customer === 'string') {
      out.customer = state.customers.get(intent.customer) ?? intent.customer;
    }
    return out;
  }

  function listExpand(expand: string[]): string[] {
    return expand.filter((path) => path.startsWith('data.')).map((path) => path.slice(5));
  }

  // ---- payment intents -------------------------------------------------------------------

  function intentOr404(id: string): StripeObject {
    const intent = state.paymentIntents.get(id);
    if (!intent) throw missing('payment_intent', id, 'intent', 404);
    return intent;
  }

  function confirmIntent(intent: StripeObject, paymentMethod: string, returnUrl: string | undefined): void {
    if (!paymentMethod.startsWith('pm_')) {
      throw missing('PaymentMethod', paymentMethod, 'payment_method');
    }
    intent.payment_method = paymentMethod;
    const created = now();
    if (AUTHENTICATION_REQUIRED.has(paymentMethod)) {
      intent.status = 'requires_action';
      intent.next_action = returnUrl
        ? {
            type: 'redirect_to_url',
            redirect_to_url: {
              return_url: returnUrl,
              url: `https://hooks.stripe.com/3d_secure_2/hosted?payment_intent=${intent.id}`,
            },
          }
        : { type: 'use_stripe_sdk', use_stripe_sdk: { type: 'three_d_secure_redirect', stripe_js: '' } };
      return;
    }
    const decline = DECLINES[paymentMethod];
    const manual = intent.capture_method === 'manual';
    const charge = newCharge({ intent, created, captured: !manual, paymentMethod, failure: decline });
    state.charges.set(charge.id, charge);
    intent.latest_charge = charge.id;
    if (decline) {
      intent.status = 'requires_payment_method';
      intent.last_payment_error = {
        charge: charge.id,
        code: decline.code,
        decline_code: decline.declineCode,
        doc_url: `https://stripe.com/docs/error-codes/${decline.code.replace(/_/g, '-')}`,
        message: decline.message,
        payment_method: { id: paymentMethod, object: 'payment_method', type: 'card' },
        type: 'card_error',
      };
      throw new StripeFailure(402, {
        charge: charge.id,
        code: decline.code,
        decline_code: decline.declineCode,
        doc_url: `https://stripe.com/docs/error-codes/${decline.code.replace(/_/g, '-')}`,
        message: decline.message,
        payment_intent: renderIntent(intent, []),
        payment_method: { id: paymentMethod, object: 'payment_method', type: 'card' },
        request_log_url: `https://dashboard.stripe.com/test/logs/${stripeId('req')}`,
        type: 'card_error',
      });
    }
    intent.last_payment_error = null;
    intent.next_action = null;
    if (manual) {
      intent.status = 'requires_capture';
      intent.amount_capturable = intent.amount;
    } else {
      bookCharge(charge, intent.amount as number);
      intent.status = 'succeeded';
      intent.amount_received = intent.amount;
    }
  }

  function bookCharge(charge: StripeObject, amount: number): void {
    const currency = charge.currency as string;
    const txn = newBalanceTransaction({
      amount,
      fee: fee(amount, currency),
      currency,
      created: now(),
      source: charge.id,
      type: 'charge',
    });
    state.balanceTransactions.set(txn.id, txn);
    charge.balance_transaction = txn.id;
  }

  function createIntent(params: StripeParams): Result {
    const amount = int(params, 'amount');
    const currency = str(params, 'currency');
    if (amount === undefined)
      throw invalidRequest('Missing required param: amount.', 'amount', 'parameter_missing');
    if (!Number.isSafeInteger(amount) || amount < 1) {
      throw invalidRequest(
        'This value must be greater than or equal to 1.',
        'amount',
        'parameter_invalid_integer',
      );
    }
    if (!currency) throw invalidRequest('Missing required param: currency.', 'currency', 'parameter_missing');
    if (!/^[a-z]{3}$/.test(currency)) throw invalidRequest(`Invalid currency: ${currency}.`, 'currency');
    const customer = str(params, 'customer') ?? null;
    if (customer && !state.customers.has(customer)) throw missing('customer', customer, 'customer');
    const captureMethod = str(params, 'capture_method') ?? 'automatic_async';
    if (!['automatic', 'automatic_async', 'manual'].includes(captureMethod)) {
      throw invalidRequest(`Invalid capture_method: ${captureMethod}`, 'capture_method');
    }
    const paymentMethod = str(params, 'payment_method') ?? null;
    const intent = newPaymentIntent({
      amount,
      currency,
      created: now(),
      captureMethod,
      customer,
      description: str(params, 'description') ?? null,
      metadata: record(params, 'metadata'),
      paymentMethod,
    });
    state.paymentIntents.set(intent.id, intent);
    indexedAt.set(intent.id, nowMs() + searchLagMs);
    if (str(params, 'confirm') === 'true') {
      if (!paymentMethod) {
        throw invalidRequest(
          'You cannot confirm this PaymentIntent because it’s missing a payment method.',
          'payment_method',
          'payment_intent_unexpected_state',
        );
      }
      confirmIntent(intent, paymentMethod, str(params, 'return_url'));
    }
    return { status: 200, body: renderIntent(intent, list(params, 'expand')) };
  }

  function captureIntent(id: string, params: StripeParams): Result {
    const intent = intentOr404(id);
    if (intent.status !== 'requires_capture') {
      throw invalidRequest(
        `This PaymentIntent could not be captured because it has a status of ${intent.status}. Only a PaymentIntent with one of the following statuses may be captured: requires_capture.`,
        undefined,
        'payment_intent_unexpected_state',
      );
    }
    const capturable = intent.amount_capturable as number;
    const amount = int(params, 'amount_to_capture') ?? capturable;
    if (!Number.isSafeInteger(amount) || amount < 1 || amount > capturable) {
      throw invalidRequest(
        `The amount to capture (${amount}) must be at most the capturable amount (${capturable}).`,
        'amount_to_capture',
        'amount_too_large',
      );
    }
    const charge = state.charges.get(intent.latest_charge as string)!;
    charge.captured = true;
    charge.amount_captured = amount;
    // Stripe releases the uncaptured remainder of a partial capture as a refund on the charge.
    charge.amount_refunded = (charge.amount as number) - amount;
    bookCharge(charge, amount);
    intent.amount_capturable = 0;
    intent.amount_received = amount;
    intent.status = 'succeeded';
    return { status: 200, body: renderIntent(intent, list(params, 'expand')) };
  }

  function cancelIntent(id: string, params: StripeParams): Result {
    const intent = intentOr404(id);
    const cancelable = [
      'requires_payment_method',
      'requires_capture',
      'requires_confirmation',
      'requires_action',
      'processing',
    ];
    if (!cancelable.includes(intent.status as string)) {
      throw invalidRequest(
        `You cannot cancel this PaymentIntent because it has a status of ${intent.status}. Only a PaymentIntent with one of the following statuses may be canceled: ${cancelable.join(', ')}.`,
        undefined,
        'payment_intent_unexpected_state',
      );
    }
    if (intent.status === 'requires_capture') {
      const charge = state.charges.get(intent.latest_charge as string);
      if (charge) {
        charge.amount_refunded = charge.amount;
        charge.refunded = true;
      }
      intent.amount_capturable = 0;
    }
    intent.status = 'canceled';
    intent.canceled_at = now();
    intent.cancellation_reason = str(params, 'cancellation_reason') ?? null;
    return { status: 200, body: renderIntent(intent, list(params, 'expand')) };
  }

  function matchesClauses(intent: StripeObject, clauses: Array<{ field: string; value: string }>): boolean {
    return clauses.every(({ field, value }) => {
      if (field.startsWith('metadata.')) {
        return (intent.metadata as Record<string, string>)[field.slice('metadata.'.length)] === value;
      }
      return String(intent[field] ?? '') === value;
    });
  }

  function searchIntents(params: StripeParams): Result {
    const query = str(params, 'query');
    if (!query) throw invalidRequest('Missing required param: query.', 'query', 'parameter_missing');
    const clauses = parseSearchQuery(query);
    if (!clauses) throw invalidRequest(`Could not parse the query: ${query}`, 'query');
    const limit = Math.min(int(params, 'limit') ?? 10, 100);
    const expand = listExpand(list(params, 'expand'));
    const data = [...state.paymentIntents.values()]
      .filter((intent) => (indexedAt.get(intent.id) ?? 0) <= nowMs() && matchesClauses(intent, clauses))
      .sort((a, b) => (b.created as number) - (a.created as number))
      .slice(0, limit)
      .map((intent) => renderIntent(intent, expand));
    return {
      status: 200,
      body: {
        object: 'search_result',
        data,
        has_more: false,
        next_page: null,
        url: '/v1/payment_intents/search',
      },
    };
  }

  function listIntents(params: StripeParams): Result {
    const limit = Math.min(int(params, 'limit') ?? 10, 100);
    const startingAfter = str(params, 'starting_after');
    const customer = str(params, 'customer');
    const expand = listExpand(list(params, 'expand'));
    // Newest first, ties broken by insertion order reversed, as Stripe lists.
    let all = [...state.paymentIntents.values()]
      .reverse()
      .sort((a, b) => (b.created as number) - (a.created as number));
    if (customer) all = all.filter((intent) => intent.customer === customer);
    if (startingAfter) all = all.slice(all.findIndex((intent) => intent.id === startingAfter) + 1);
    const page = all.slice(0, limit);
    return {
      status: 200,
      body: {
        object: 'list',
        data: page.map((intent) => renderIntent(intent, expand)),
        has_more: all.length > limit,
        url: '/v1/payment_intents',
      },
    };
  }

  // ---- refunds ---------------------------------------------------------------------------

  function createRefund(params: StripeParams): Result {
    const intentId = str(params, 'payment_intent');
    const chargeId = str(params, 'charge');
    let charge: StripeObject | undefined;
    if (intentId) {
      const intent = state.paymentIntents.get(intentId);
      if (!intent) throw missing('payment_intent', intentId, 'payment_intent');
      charge = typeof intent.latest_charge === 'string' ? state.charges.get(intent.latest_charge) : undefined;
      if (!charge || intent.status !== 'succeeded') {
        throw invalidRequest(
          `This PaymentIntent (${intentId}) does not have a successful charge to refund.`,
          'payment_intent',
          'charge_not_refundable',
        );
      }
    } else if (chargeId) {
      charge = state.charges.get(chargeId);
      if (!charge) throw missing('charge', chargeId, 'charge');
    } else {
      throw invalidRequest(
        'One of the following params should be provided for this request: payment_intent or charge.',
        undefined,
        'parameter_missing',
      );
    }
    const released = (charge.amount as number) - (charge.amount_captured as number);
    const refundedOfCaptured = (charge.amount_refunded as number) - released;
    const remaining = (charge.amount_captured as number) - refundedOfCaptured;
    if (remaining <= 0) {
      throw invalidRequest(
        `Charge ${charge.id} has already been refunded.`,
        undefined,
        'charge_already_refunded',
      );
    }
    const amount = int(params, 'amount') ?? remaining;
    if (!Number.isSafeInteger(amount) || amount < 1 || amount > remaining) {
      throw invalidRequest(
        `Refund amount (${amount}) is greater than unrefunded amount on charge (${remaining})`,
        'amount',
        'amount_too_large',
      );
    }
    const reason = str(params, 'reason') ?? null;
    if (reason && !['duplicate', 'fraudulent', 'requested_by_customer'].includes(reason)) {
      throw invalidRequest(
        `Invalid reason: must be one of duplicate, fraudulent, or requested_by_customer`,
        'reason',
      );
    }
    const txn = newBalanceTransaction({
      amount: -amount,
      fee: 0,
      currency: charge.currency as string,
      created: now(),
      source: 'pending',
      type: 'refund',
    });
    const refund = newRefund({
      amount,
      charge,
      created: now(),
      reason,
      metadata: record(params, 'metadata'),
      balanceTransaction: txn.id,
    });
    txn.source = refund.id;
    state.balanceTransactions.set(txn.id, txn);
    state.refunds.set(refund.id, refund);
    charge.amount_refunded = (charge.amount_refunded as number) + amount;
    charge.refunded = refundedOfCaptured + amount >= (charge.amount_captured as number);
    return { status: 200, body: refund };
  }

  // ---- customers and subscriptions ---------------------------------------------------------

  function createCustomer(params: StripeParams): Result {
    const customer = newCustomer({
      created: now(),
      email: str(params, 'email') ?? null,
      name: str(params, 'name') ?? null,
      phone: str(params, 'phone') ?? null,
      metadata: record(params, 'metadata'),
    });
    state.customers.set(customer.id, customer);
    return { status: 200, body: customer };
  }

  function createSubscription(params: StripeParams): Result {
    const customer = str(params, 'customer');
    if (!customer) throw invalidRequest('Missing required param: customer.', 'customer', 'parameter_missing');
    const customerObject = state.customers.get(customer);
    if (!customerObject) throw missing('customer', customer, 'customer');
    const items = params.items;
    const first = Array.isArray(items) ? items[0] : undefined;
    const priceId = first && typeof first === 'object' && !Array.isArray(first) ? first.price : undefined;
    if (typeof priceId !== 'string')
      throw invalidRequest(
        'Missing required param: items[0][price].',
        'items[0][price]',
        'parameter_missing',
      );
    const price = state.prices.get(priceId);
    if (!price) throw missing('price', priceId, 'items[0][price]');
    const quantityText =
      first && typeof first === 'object' && !Array.isArray(first) ? first.quantity : undefined;
    const quantity = typeof quantityText === 'string' ? Number(quantityText) : 1;
    const trialDays = int(params, 'trial_period_days');
    const hasPaymentMethod = Boolean(
      (customerObject.invoice_settings as { default_payment_method: unknown }).default_payment_method,
    );
    // Without a trial the first invoice must be paid now; with no payment method on file Stripe's
    // default payment behaviour leaves the subscription incomplete.
    const status = trialDays ? 'trialing' : hasPaymentMethod ? 'active' : 'incomplete';
    const subscription = newSubscription({
      customer,
      price,
      quantity,
      trialDays,
      created: now(),
      metadata: record(params, 'metadata'),
      status,
    });
    state.subscriptions.set(subscription.id, subscription);
    return { status: 200, body: subscription };
  }

  function subscriptionOr404(id: string): StripeObject {
    const subscription = state.subscriptions.get(id);
    if (!subscription) throw missing('subscription', id, 'subscription_exposed_id', 404);
    return subscription;
  }

  function periodEnd(subscription: StripeObject): number {
    return (
      (subscription.items as { data: Array<{ current_period_end: number }> }).data[0]?.current_period_end ??
      now()
    );
  }

  function updateSubscription(id: string, params: StripeParams): Result {
    const subscription = subscriptionOr404(id);
    if (subscription.status === 'canceled') {
      throw invalidRequest(
        'A canceled subscription can only update its cancellation_details and metadata.',
        undefined,
        'resource_missing',
      );
    }
    const atPeriodEnd = str(params, 'cancel_at_period_end');
    if (atPeriodEnd !== undefined) {
      subscription.cancel_at_period_end = atPeriodEnd === 'true';
      subscription.cancel_at = atPeriodEnd === 'true' ? periodEnd(subscription) : null;
      subscription.canceled_at = atPeriodEnd === 'true' ? now() : null;
    }
    const metadata = record(params, 'metadata');
    if (Object.keys(metadata).length > 0)
      subscription.metadata = { ...(subscription.metadata as object), ...metadata };
    return { status: 200, body: subscription };
  }

  function cancelSubscription(id: string): Result {
    const subscription = subscriptionOr404(id);
    if (subscription.status !== 'canceled') {
      subscription.status = 'canceled';
      subscription.canceled_at = now();
      subscription.ended_at = now();
    }
    return { status: 200, body: subscription };
  }

  // ---- transport ---------------------------------------------------------------------------

  function stripeHeaders(request: Request, extra: Record<string, string> = {}): Record<string, string> {
    const headers: Record<string, string> = {
      'request-id': stripeId('req'),
      'stripe-version': request.headers.get('stripe-version') ?? '2026-10-28.endive',
      ...extra,
    };
    const key = request.headers.get('idempotency-key');
    if (key) headers['idempotency-key'] = key;
    return headers;
  }

  function authFailure(request: Request): Response | undefined {
    const header = request.headers.get('authorization') ?? '';
    const key = header.startsWith('Bearer ') ? header.slice(7) : '';
    if (!key) {
      return HttpResponse.json(
        {
          error: {
            message:
              "You did not provide an API key. You need to provide your API key in the Authorization header, using Bearer auth (e.g. 'Authorization: Bearer YOUR_SECRET_KEY').",
            type: 'invalid_request_error',
          },
        },
        { status: 401, headers: stripeHeaders(request) },
      );
    }
    if (options.apiKey && key !== options.apiKey) {
      return HttpResponse.json(
        {
          error: {
            message: `Invalid API Key provided: ${key.slice(0, 8)}${'*'.repeat(Math.max(0, key.length - 12))}${key.slice(-4)}`,
            type: 'invalid_request_error',
          },
        },
        { status: 401, headers: stripeHeaders(request) },
      );
    }
    return undefined;
  }

  async function readParams(request: Request): Promise<StripeParams> {
    if (request.method === 'GET' || request.method === 'DELETE') {
      return parseStripeParams(new URL(request.url).search.slice(1));
    }
    return parseStripeParams(await request.text());
  }

  function respond(request: Request, result: Result, extra: Record<string, string> = {}): Response {
    return HttpResponse.json(result.body as Record<string, unknown>, {
      status: result.status,
      headers: stripeHeaders(request, extra),
    });
  }

  function run(execute: () => Result): Result {
    try {
      return execute();
    } catch (error) {
      if (error instanceof StripeFailure) return { status: error.status, body: { error: error.error } };
      throw error;
    }
  }

  /** A read-only endpoint. */
  function read(handler: (params: StripeParams, path: Record<string, string>) => Result) {
    return async ({
      request,
      params,
    }: {
      request: Request;
      params: Record<string, string | readonly string[] | undefined>;
    }) => {
      const denied = authFailure(request);
      if (denied) return denied;
      stats.requests += 1;
      const query = await readParams(request);
      return respond(
        request,
        run(() => handler(query, params as Record<string, string>)),
      );
    };
  }

  /**
   * A mutating endpoint under Stripe's idempotency rules: the first result for a key is saved
   * (successes and declines alike, since the endpoint ran) and replayed for the same parameters;
   * a key reused with other parameters or on another endpoint is an `idempotency_error`. A
   * request rejected before it ran (a 400 for a bad parameter) saves nothing.
   */
  function mutate(handler: (params: StripeParams, path: Record<string, string>) => Result) {
    return async ({
      request,
      params,
    }: {
      request: Request;
      params: Record<string, string | readonly string[] | undefined>;
    }) => {
      const denied = authFailure(request);
      if (denied) return denied;
      stats.requests += 1;
      const body = await readParams(request);
      const key = request.headers.get('idempotency-key');
      const path = new URL(request.url).pathname;
      const fingerprint = fingerprintParams(body);
      if (key) {
        const saved = idempotency.get(key);
        if (saved) {
          if (saved.method !== request.method || saved.path !== path) {
            stats.idempotencyConflicts += 1;
            return respond(request, {
              status: 400,
              body: {
                error: {
                  message: `Keys for idempotent requests can only be used for the same endpoint they were first used for ('${saved.method} ${saved.path}' vs '${request.method} ${path}'). Try using a key other than '${key}' if you meant to execute a different request.`,
                  type: 'idempotency_error',
                },
              },
            });
          }
          if (saved.fingerprint !== fingerprint) {
            stats.idempotencyConflicts += 1;
            return respond(request, {
              status: 400,
              body: {
                error: {
                  message: `Keys for idempotent requests can only be used with the same parameters they were first used with. Try using a key other than '${key}' if you meant to execute a different request.`,
                  type: 'idempotency_error',
                },
              },
            });
          }
          stats.idempotentReplays += 1;
          return respond(
            request,
            { status: saved.status, body: saved.body },
            { 'idempotent-replayed': 'true' },
          );
        }
      }
      const result = run(() => handler(body, params as Record<string, string>));
      if (key && (result.status < 400 || result.status === 402 || result.status === 404)) {
        idempotency.set(key, {
          method: request.method,
          path,
          fingerprint,
          status: result.status,
          body: result.body,
        });
      }
      return respond(request, result);
    };
  }

  const v1 = `${baseUrl}/v1`;
  const handlers: RequestHandler[] = [
    http.get(
      `${v1}/account`,
      read(() => ({ status: 200, body: account })),
    ),
    http.get(
      `${v1}/payment_intents/search`,
      read((params) => searchIntents(params)),
    ),
    http.get(
      `${v1}/payment_intents`,
      read((params) => listIntents(params)),
    ),
    http.post(
      `${v1}/payment_intents`,
      mutate((params) => createIntent(params)),
    ),
    http.get(
      `${v1}/payment_intents/:id`,
      read((params, path) => ({
        status: 200,
        body: renderIntent(intentOr404(path.id!), list(params, 'expand')),
      })),
    ),
    http.post(
      `${v1}/payment_intents/:id/confirm`,
      mutate((params, path) => {
        const intent = intentOr404(path.id!);
        const paymentMethod = str(params, 'payment_method') ?? (intent.payment_method as string | null);
        if (!paymentMethod)
          throw invalidRequest(
            'Missing required param: payment_method.',
            'payment_method',
            'parameter_missing',
          );
        confirmIntent(intent, paymentMethod, str(params, 'return_url'));
        return { status: 200, body: renderIntent(intent, list(params, 'expand')) };
      }),
    ),
    http.post(
      `${v1}/payment_intents/:id/capture`,
      mutate((params, path) => captureIntent(path.id!, params)),
    ),
    http.post(
      `${v1}/payment_intents/:id/cancel`,
      mutate((params, path) => cancelIntent(path.id!, params)),
    ),
    http.post(
      `${v1}/refunds`,
      mutate((params) => createRefund(params)),
    ),
    http.get(
      `${v1}/refunds/:id`,
      read((_params, path) => {
        const refund = state.refunds.get(path.id!);
        if (!refund) throw missing('refund', path.id!, 'id', 404);
        return { status: 200, body: refund };
      }),
    ),
    http.post(
      `${v1}/customers`,
      mutate((params) => createCustomer(params)),
    ),
    http.get(
      `${v1}/customers/:id`,
      read((_params, path) => {
        const customer = state.customers.get(path.id!);
        if (!customer) throw missing('customer', path.id!, 'id', 404);
        return { status: 200, body: customer };
      }),
    ),
    http.post(
      `${v1}/subscriptions`,
      mutate((params) => createSubscription(params)),
    ),
    http.get(
      `${v1}/subscriptions/:id`,
      read((_params, path) => ({ status: 200, body: subscriptionOr404(path.id!) })),
    ),
    http.post(
      `${v1}/subscriptions/:id`,
      mutate((params, path) => updateSubscription(path.id!, params)),
    ),
    http.delete(
      `${v1}/subscriptions/:id`,
      read((_params, path) => cancelSubscription(path.id!)),
    ),
  ];

  function referenceOf(intent: StripeObject): string | undefined {
    return (intent.metadata as Record<string, string> | undefined)?.reference;
  }

  return {
    baseUrl,
    handlers,
    state,
    stats,
    defaultPriceId,
    chargeCount(reference) {
      let count = 0;
      for (const charge of state.charges.values()) {
        if (charge.status !== 'succeeded') continue;
        const intent = state.paymentIntents.get(charge.payment_intent as string);
        if (intent && referenceOf(intent) === reference) count += 1;
      }
      return count;
    },
    paymentIntentsFor(reference) {
      return [...state.paymentIntents.values()].filter((intent) => referenceOf(intent) === reference);
    },
    getPaymentIntent(id, expand = []) {
      const intent = state.paymentIntents.get(id);
      return intent ? renderIntent(intent, expand) : undefined;
    },
    addPrice(price) {
      state.prices.set(
        price.id,
        newPrice({
          id: price.id,
          currency: price.currency.toLowerCase(),
          unitAmount: price.unitAmount,
          interval: price.interval ?? 'month',
          created: now(),
        }),
      );
    },
    reset() {
      for (const map of Object.values(state)) map.clear();
      idempotency.clear();
      indexedAt.clear();
      stats.requests = 0;
      stats.idempotentReplays = 0;
      stats.idempotencyConflicts = 0;
      seed();
    },
    errorResponse(fault, status, retryAfterSeconds) {
      const bodies: Record<number, Record<string, unknown>> = {
        401: {
          message: 'Invalid API Key provided: sk_test_********************1234',
          type: 'invalid_request_error',
        },
        403: {
          message:
            "The provided key 'rk_test_***1234' does not have the required permissions for this endpoint on account 'acct_1Nv0FGQ9RKHgCVdK'.",
          type: 'invalid_request_error',
        },
        404: {
          code: 'resource_missing',
          doc_url: 'https://stripe.com/docs/error-codes/resource-missing',
          message: "No such payment_intent: 'pi_missing'",
          param: 'intent',
          type: 'invalid_request_error',
        },
        429: {
          code: 'rate_limit',
          doc_url: 'https://stripe.com/docs/error-codes/rate-limit',
          message:
            'Request rate limit exceeded. Learn more about rate limits here https://stripe.com/docs/rate-limits.',
          type: 'invalid_request_error',
        },
      };
      const error = bodies[status] ?? {
        message: `An unknown error occurred (injected ${fault}).`,
        type: 'api_error',
      };
      const headers: Record<string, string> = { 'request-id': stripeId('req') };
      if (retryAfterSeconds !== undefined) headers['retry-after'] = String(retryAfterSeconds);
      if (status >= 500) headers['stripe-should-retry'] = 'true';
      return HttpResponse.json({ error }, { status, headers });
    },
    signWebhook(payload, secret, timestampSeconds = now()) {
      const signature = createHmac('sha256', secret).update(`${timestampSeconds}.${payload}`).digest('hex');
      return `t=${timestampSeconds},v1=${signature}`;
    },
    event(type, object, created = now()) {
      return {
        id: stripeId('evt'),
        object: 'event',
        api_version: '2026-10-28.endive',
        created,
        data: { object },
        livemode: false,
        pending_webhooks: 1,
        request: { id: stripeId('req'), idempotency_key: null },
        type,
      };
    },
  };
}
