import type { Customer, Money, Payment, PaymentStatus, Refund, Subscription } from '@infrafabric/core';
import { fromStripeAmount } from './currency';

/** Metadata key under which the adapter stores `CreatePaymentInput.reference`. */
export const REFERENCE_METADATA_KEY = 'reference';

/** A field Stripe may omit or send as null. */
export type Maybe<T> = T | null | undefined;

/** The parts of a Stripe BalanceTransaction the mappers read. */
export interface StripeBalanceTransactionLike {
  id?: string;
  fee?: Maybe<number>;
  currency?: Maybe<string>;
}

/** The parts of a Stripe Charge the mappers read. */
export interface StripeChargeLike {
  id?: string;
  amount?: Maybe<number>;
  amount_captured?: Maybe<number>;
  amount_refunded?: Maybe<number>;
  captured?: Maybe<boolean>;
  currency?: Maybe<string>;
  payment_intent?: Maybe<string | { id?: string }>;
  balance_transaction?: Maybe<string | StripeBalanceTransactionLike>;
  refunded?: Maybe<boolean>;
  metadata?: Maybe<Record<string, string>>;
  customer?: Maybe<string | { id?: string }>;
  created?: Maybe<number>;
  status?: Maybe<string>;
  refunds?: Maybe<{ data?: Maybe<StripeRefundLike[]> }>;
}

/** The parts of a Stripe PaymentIntent the mappers read. */
export interface StripePaymentIntentLike {
  id: string;
  status?: Maybe<string>;
  amount?: Maybe<number>;
  amount_received?: Maybe<number>;
  currency?: Maybe<string>;
  customer?: Maybe<string | { id?: string }>;
  metadata?: Maybe<Record<string, string>>;
  created?: Maybe<number>;
  latest_charge?: Maybe<string | StripeChargeLike>;
  last_payment_error?: Maybe<unknown>;
  next_action?: Maybe<{ type?: string; redirect_to_url?: Maybe<{ url?: Maybe<string> }> }>;
}

/** The parts of a Stripe Refund the mappers read. */
export interface StripeRefundLike {
  id: string;
  amount?: Maybe<number>;
  currency?: Maybe<string>;
  status?: Maybe<string>;
  payment_intent?: Maybe<string | { id?: string }>;
  charge?: Maybe<string | { id?: string }>;
}

/** The parts of a Stripe Customer the mappers read. */
export interface StripeCustomerLike {
  id: string;
  email?: Maybe<string>;
  name?: Maybe<string>;
  deleted?: unknown;
}

/** The parts of a Stripe Subscription the mappers read. */
export interface StripeSubscriptionLike {
  id: string;
  status?: Maybe<string>;
  customer?: Maybe<string | { id?: string }>;
  cancel_at_period_end?: Maybe<boolean>;
  /** Top-level on API versions before 2025-03-31; moved to the items since. */
  current_period_end?: Maybe<number>;
  items?: Maybe<{
    data?: Maybe<Array<{ current_period_end?: Maybe<number>; price?: Maybe<string | { id?: string }> }>>;
  }>;
}

function idOf(value: Maybe<string | { id?: string }>): string | undefined {
  if (typeof value === 'string') return value;
  return value?.id ?? undefined;
}

function isoTime(seconds: Maybe<number>): string | undefined {
  return typeof seconds === 'number' ? new Date(seconds * 1000).toISOString() : undefined;
}

function money(amount: Maybe<number>, currency: Maybe<string>): Money | undefined {
  if (typeof amount !== 'number' || !currency) return undefined;
  return fromStripeAmount(amount, currency);
}

/**
 * How much of a charge's captured amount has been refunded. Stripe releases the uncaptured part of
 * a partially captured authorization as a refund, so `amount_refunded` includes it; it is not a
 * refund of money the customer paid.
 */
export function refundedOfCaptured(charge: StripeChargeLike): number {
  const refunded = charge.amount_refunded ?? 0;
  if (!charge.captured) return 0;
  const released = Math.max(0, (charge.amount ?? 0) - (charge.amount_captured ?? charge.amount ?? 0));
  return Math.max(0, refunded - released);
}

function chargeStatus(charge: StripeChargeLike): PaymentStatus {
  const captured = charge.amount_captured ?? 0;
  const refunded = refundedOfCaptured(charge);
  if (captured > 0 && refunded >= captured) return 'refunded';
  if (refunded > 0) return 'partially_refunded';
  return 'captured';
}

/**
 * PaymentIntent status → core status: `requires_capture` → authorized; `succeeded` → captured,
 * or refunded / partially_refunded from the latest charge's refunds (when the charge is expanded);
 * `requires_payment_method` after a failed attempt → failed; `requires_confirmation` →
 * requires_action (someone must still confirm it).
 */
export function mapPaymentStatus(intent: StripePaymentIntentLike): PaymentStatus {
  switch (intent.status) {
    case 'requires_payment_method':
      return intent.last_payment_error ? 'failed' : 'requires_payment_method';
    case 'requires_confirmation':
    case 'requires_action':
      return 'requires_action';
    case 'processing':
      return 'processing';
    case 'requires_capture':
      return 'authorized';
    case 'canceled':
      return 'canceled';
    case 'succeeded': {
      const charge = intent.latest_charge;
      return charge && typeof charge === 'object' ? chargeStatus(charge) : 'captured';
    }
    default:
      return 'unknown';
  }
}

/** Maps a PaymentIntent (ideally with `latest_charge.balance_transaction` expanded) to a core Payment. */
export function mapPaymentIntent(intent: StripePaymentIntentLike): Payment {
  const currency = intent.currency ?? 'xxx';
  const charge = typeof intent.latest_charge === 'object' ? intent.latest_charge : undefined;
  const balance =
    charge && typeof charge.balance_transaction === 'object' ? charge.balance_transaction : undefined;
  const refunded = charge ? refundedOfCaptured(charge) : 0;
  const nextAction = intent.next_action?.type
    ? {
        type: intent.next_action.type,
        url: intent.next_action.redirect_to_url?.url ?? undefined,
      }
    : undefined;
  return {
    id: intent.id,
    status: mapPaymentStatus(intent),
    providerStatus: intent.status ?? undefined,
    amount: money(intent.amount ?? 0, currency)!,
    amountCaptured: intent.amount_received ? money(intent.amount_received, currency) : undefined,
    amountRefunded: refunded > 0 ? money(refunded, charge?.currency ?? currency) : undefined,
    customerId: idOf(intent.customer),
    reference: intent.metadata?.[REFERENCE_METADATA_KEY],
    fee: balance ? money(balance.fee, balance.currency) : undefined,
    createdAt: isoTime(intent.created),
    nextAction,
  };
}

/** Maps a Charge (as in a `charge.refunded` webhook) to the Payment it belongs to. */
export function mapChargeToPayment(charge: StripeChargeLike): Payment {
  const currency = charge.currency ?? 'xxx';
  const refunded = refundedOfCaptured(charge);
  const balance = typeof charge.balance_transaction === 'object' ? charge.balance_transaction : undefined;
  return {
    id: idOf(charge.payment_intent) ?? charge.id ?? 'unknown',
    status: charge.status === 'failed' ? 'failed' : chargeStatus(charge),
    providerStatus: charge.status ?? undefined,
    amount: money(charge.amount ?? 0, currency)!,
    amountCaptured: charge.amount_captured ? money(charge.amount_captured, currency) : undefined,
    amountRefunded: refunded > 0 ? money(refunded, currency) : undefined,
    customerId: idOf(charge.customer),
    reference: charge.metadata?.[REFERENCE_METADATA_KEY],
    fee: balance ? money(balance.fee, balance.currency) : undefined,
    createdAt: isoTime(charge.created),
  };
}

const REFUND_STATUS: Readonly<Record<string, Refund['status']>> = {
  pending: 'pending',
  requires_action: 'pending',
  succeeded: 'succeeded',
  failed: 'failed',
  canceled: 'canceled',
};

/** Maps a Refund. `paymentId` is the PaymentIntent id (falling back to the charge id). */
export function mapRefund(refund: StripeRefundLike): Refund {
  return {
    id: refund.id,
    paymentId: idOf(refund.payment_intent) ?? idOf(refund.charge) ?? 'unknown',
    amount: money(refund.amount ?? 0, refund.currency ?? 'xxx')!,
    status: REFUND_STATUS[refund.status ?? ''] ?? 'unknown',
  };
}

/** Maps a Customer. */
export function mapCustomer(customer: StripeCustomerLike): Customer {
  return { id: customer.id, email: customer.email ?? undefined, name: customer.name ?? undefined };
}

const SUBSCRIPTION_STATUS: Readonly<Record<string, Subscription['status']>> = {
  trialing: 'trialing',
  active: 'active',
  past_due: 'past_due',
  canceled: 'canceled',
  incomplete: 'incomplete',
  incomplete_expired: 'canceled',
  unpaid: 'unpaid',
  paused: 'paused',
};

/** Maps a Subscription; the period end comes from its first item on current API versions. */
export function mapSubscription(subscription: StripeSubscriptionLike): Subscription {
  const item = subscription.items?.data?.[0];
  return {
    id: subscription.id,
    customerId: idOf(subscription.customer) ?? 'unknown',
    planId: idOf(item?.price),
    status: SUBSCRIPTION_STATUS[subscription.status ?? ''] ?? 'unknown',
    currentPeriodEnd: isoTime(item?.current_period_end ?? subscription.current_period_end),
    cancelAtPeriodEnd: subscription.cancel_at_period_end ?? undefined,
  };
}
