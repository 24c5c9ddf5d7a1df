import { randomBytes } from 'node:crypto';
import accountFixture from '../__fixtures__/account.json';
import balanceTransactionFixture from '../__fixtures__/balance_transaction.json';
import chargeFixture from '../__fixtures__/charge.json';
import customerFixture from '../__fixtures__/customer.json';
import paymentIntentFixture from '../__fixtures__/payment_intent.json';
import refundFixture from '../__fixtures__/refund.json';
import subscriptionFixture from '../__fixtures__/subscription.json';

/** A Stripe API object as JSON. */
export type StripeObject = Record<string, unknown> & { id: string; object: string };

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** A Stripe-style id: prefix plus 24 random base62 characters. */
export function stripeId(prefix: string): string {
  const bytes = randomBytes(24);
  let out = '';
  for (const byte of bytes) out += ALPHABET[byte % ALPHABET.length];
  return `${prefix}_${out}`;
}

// Every object starts as a deep copy of Stripe's documented example, so the simulator's responses
// carry exactly the documented fields; only the values that matter are overwritten.
function from<T>(fixture: T): T {
  return structuredClone(fixture);
}

/** The account behind the simulator's API key. */
export function newAccount(): StripeObject {
  return from(accountFixture) as StripeObject;
}

/** A new PaymentIntent in `requires_payment_method`. */
export function newPaymentIntent(fields: {
  amount: number;
  currency: string;
  created: number;
  captureMethod: string;
  customer: string | null;
  description: string | null;
  metadata: Record<string, string>;
  paymentMethod: string | null;
}): StripeObject {
  const id = stripeId('pi');
  return {
    ...from(paymentIntentFixture),
    id,
    amount: fields.amount,
    currency: fields.currency,
    created: fields.created,
    capture_method: fields.captureMethod,
    client_secret: `${id}_secret_${stripeId('s').slice(2)}`,
    customer: fields.customer,
    description: fields.description,
    metadata: fields.metadata,
    payment_method: fields.paymentMethod,
    status: fields.paymentMethod ? 'requires_confirmation' : 'requires_payment_method',
  };
}

/** A new charge for a PaymentIntent (succeeded or failed). */
export function newCharge(fields: {
  intent: StripeObject;
  created: number;
  captured: boolean;
  paymentMethod: string;
  failure?: { code: string; declineCode: string; message: string } | undefined;
}): StripeObject {
  const { intent, failure } = fields;
  const amount = intent.amount as number;
  return {
    ...from(chargeFixture),
    id: stripeId('ch'),
    amount,
    amount_captured: fields.captured && !failure ? amount : 0,
    amount_refunded: 0,
    balance_transaction: null,
    captured: fields.captured && !failure,
    created: fields.created,
    currency: intent.currency,
    customer: intent.customer,
    description: intent.description,
    failure_code: failure?.code ?? null,
    failure_message: failure?.message ?? null,
    metadata: intent.metadata,
    outcome: failure
      ? {
          network_status: 'declined_by_network',
          reason: failure.declineCode,
          risk_level: 'normal',
          risk_score: 20,
          seller_message: 'The bank did not return any further details with this decline.',
          type: 'issuer_declined',
        }
      : from(chargeFixture.outcome),
    paid: !failure,
    payment_intent: intent.id,
    payment_method: fields.paymentMethod,
    refunded: false,
    status: failure ? 'failed' : 'succeeded',
  };
}

/** A balance transaction booking a charge (positive) or a refund (negative). */
export function newBalanceTransaction(fields: {
  amount: number;
  fee: number;
  currency: string;
  created: number;
  source: string;
  type: 'charge' | 'refund';
}): StripeObject {
  return {
    ...from(balanceTransactionFixture),
    id: stripeId('txn'),
    amount: fields.amount,
    available_on: fields.created + 7 * 86_400,
    created: fields.created,
    currency: fields.currency,
    fee: fields.fee,
    fee_details:
      fields.fee > 0
        ? [
            {
              amount: fields.fee,
              application: null,
              currency: fields.currency,
              description: 'Stripe processing fees',
              type: 'stripe_fee',
            },
          ]
        : [],
    net: fields.amount - fields.fee,
    reporting_category: fields.type,
    source: fields.source,
    status: 'pending',
    type: fields.type,
  };
}

/** A succeeded refund. */
export function newRefund(fields: {
  amount: number;
  charge: StripeObject;
  created: number;
  reason: string | null;
  metadata: Record<string, string>;
  balanceTransaction: string;
}): StripeObject {
  return {
    ...from(refundFixture),
    id: stripeId('re'),
    amount: fields.amount,
    balance_transaction: fields.balanceTransaction,
    charge: fields.charge.id,
    created: fields.created,
    currency: fields.charge.currency,
    metadata: fields.metadata,
    payment_intent: fields.charge.payment_intent,
    reason: fields.reason,
    status: 'succeeded',
  };
}

/** A new customer. */
export function newCustomer(fields: {
  created: number;
  email: string | null;
  name: string | null;
  phone: string | null;
  metadata: Record<string, string>;
}): StripeObject {
  return {
    ...from(customerFixture),
    id: stripeId('cus'),
    created: fields.created,
    email: fields.email,
    name: fields.name,
    phone: fields.phone,
    metadata: fields.metadata,
    invoice_prefix: stripeId('x').slice(2, 10).toUpperCase(),
  };
}

const PRICE_TEMPLATE = subscriptionFixture.items.data[0]!.price;

/** A recurring price (what a subscription item bills). */
export function newPrice(fields: {
  id: string;
  currency: string;
  unitAmount: number;
  interval: 'day' | 'week' | 'month' | 'year';
  created: number;
}): StripeObject {
  return {
    ...from(PRICE_TEMPLATE),
    id: fields.id,
    created: fields.created,
    currency: fields.currency,
    recurring: { ...from(PRICE_TEMPLATE.recurring), interval: fields.interval },
    unit_amount: fields.unitAmount,
    unit_amount_decimal: String(fields.unitAmount),
  };
}

const INTERVAL_SECONDS = { day: 86_400, week: 7 * 86_400, month: 30 * 86_400, year: 365 * 86_400 } as const;

/** A new subscription with one item. */
export function newSubscription(fields: {
  customer: string;
  price: StripeObject;
  quantity: number;
  trialDays: number | undefined;
  created: number;
  metadata: Record<string, string>;
  status: string;
}): StripeObject {
  const id = stripeId('sub');
  const interval = (fields.price.recurring as { interval: keyof typeof INTERVAL_SECONDS }).interval;
  const trialEnd = fields.trialDays ? fields.created + fields.trialDays * 86_400 : null;
  const periodEnd = trialEnd ?? fields.created + INTERVAL_SECONDS[interval];
  const template = from(subscriptionFixture);
  return {
    ...template,
    id,
    billing_cycle_anchor: periodEnd,
    created: fields.created,
    currency: fields.price.currency,
    customer: fields.customer,
    items: {
      ...template.items,
      data: [
        {
          ...template.items.data[0]!,
          id: stripeId('si'),
          created: fields.created,
          current_period_end: periodEnd,
          current_period_start: fields.created,
          price: fields.price,
          quantity: fields.quantity,
          subscription: id,
        },
      ],
      url: `/v1/subscription_items?subscription=${id}`,
    },
    latest_invoice: stripeId('in'),
    metadata: fields.metadata,
    start_date: fields.created,
    status: fields.status,
    trial_end: trialEnd,
    trial_start: trialEnd ? fields.created : null,
  };
}
