import { z } from 'zod';
import { httpUrlSchema, idSchema, metadataSchema, providerOptionsSchema } from './common';
import { type Money, moneySchema } from './money';

/** Normalized payment states. */
export const paymentStatusSchema = z.enum([
  'requires_payment_method',
  'requires_action',
  'processing',
  'authorized',
  'captured',
  'partially_refunded',
  'refunded',
  'canceled',
  'failed',
  'unknown',
]);
/** Normalized payment state. */
export type PaymentStatus = z.infer<typeof paymentStatusSchema>;

/** Input of `createPayment`. */
export const createPaymentInputSchema = z.object({
  amount: moneySchema.refine((m) => m.amount > 0, {
    message: 'must be more than zero',
    params: { rule: 'positive' },
    path: ['amount'],
  }),
  /** `true` (default) captures at once; `false` only authorizes, to be captured later. */
  capture: z.boolean().default(true),
  /** A payment method token or id (Stripe `pm_...`, a card token). */
  paymentMethod: z.string().min(1).optional(),
  customerId: idSchema.optional(),
  description: z.string().max(1000).optional(),
  /** Your own order reference; also used to reconcile an uncertain payment before any failover. */
  reference: z.string().min(1).max(255).optional(),
  /** Confirm immediately with the payment method (default true when one is given). */
  confirm: z.boolean().optional(),
  returnUrl: httpUrlSchema.optional(),
  metadata: metadataSchema.optional(),
  providerOptions: providerOptionsSchema.optional(),
});
/** Input of `createPayment`. */
export type CreatePaymentInput = z.input<typeof createPaymentInputSchema>;

/** Input of `capturePayment`. */
export const capturePaymentInputSchema = z.object({
  id: idSchema,
  /** Capture less than authorized. */
  amount: moneySchema.optional(),
});
/** Input of `capturePayment`. */
export type CapturePaymentInput = z.input<typeof capturePaymentInputSchema>;

/** Input of `refundPayment`. */
export const refundPaymentInputSchema = z.object({
  paymentId: idSchema,
  /** Partial refund; omit to refund what remains. */
  amount: moneySchema.optional(),
  reason: z.enum(['duplicate', 'fraudulent', 'requested_by_customer']).optional(),
  metadata: metadataSchema.optional(),
});
/** Input of `refundPayment`. */
export type RefundPaymentInput = z.input<typeof refundPaymentInputSchema>;

/** Input naming one payment. */
export const paymentRefSchema = z.object({ id: idSchema });
/** Input naming one payment. */
export type PaymentRef = z.input<typeof paymentRefSchema>;

/** Input of `findPayment`: look a payment up by your own reference (reconciliation). */
export const findPaymentInputSchema = z.object({ reference: z.string().min(1) });
/** Input of `findPayment`. */
export type FindPaymentInput = z.input<typeof findPaymentInputSchema>;

/** Input of `createCustomer`. */
export const createCustomerInputSchema = z.object({
  email: z.email().optional(),
  name: z.string().min(1).optional(),
  phone: z.string().optional(),
  metadata: metadataSchema.optional(),
});
/** Input of `createCustomer`. */
export type CreateCustomerInput = z.input<typeof createCustomerInputSchema>;

/** Input naming one customer. */
export const customerRefSchema = z.object({ id: idSchema });
/** Input naming one customer. */
export type CustomerRef = z.input<typeof customerRefSchema>;

/** Input of `createSubscription`. */
export const createSubscriptionInputSchema = z.object({
  customerId: idSchema,
  /** The provider's plan/price id. */
  planId: idSchema,
  quantity: z.number().int().min(1).default(1),
  trialDays: z.number().int().min(0).max(730).optional(),
  metadata: metadataSchema.optional(),
});
/** Input of `createSubscription`. */
export type CreateSubscriptionInput = z.input<typeof createSubscriptionInputSchema>;

/** Input of `cancelSubscription`. */
export const cancelSubscriptionInputSchema = z.object({
  id: idSchema,
  /** Cancel when the paid period ends instead of now. */
  atPeriodEnd: z.boolean().default(false),
});
/** Input of `cancelSubscription`. */
export type CancelSubscriptionInput = z.input<typeof cancelSubscriptionInputSchema>;

/** A payment. */
export interface Payment {
  id: string;
  status: PaymentStatus;
  providerStatus?: string | undefined;
  amount: Money;
  amountCaptured?: Money | undefined;
  amountRefunded?: Money | undefined;
  customerId?: string | undefined;
  reference?: string | undefined;
  /** Fee the provider charged, when it reports one. */
  fee?: Money | undefined;
  /** ISO 8601. */
  createdAt?: string | undefined;
  /** Client secret or redirect URL when the customer must act (3-D Secure). Treat as sensitive. */
  nextAction?: { type: string; url?: string | undefined } | undefined;
}

/** A refund. */
export interface Refund {
  id: string;
  paymentId: string;
  amount: Money;
  status: 'pending' | 'succeeded' | 'failed' | 'canceled' | 'unknown';
}

/** A customer. */
export interface Customer {
  id: string;
  email?: string | undefined;
  name?: string | undefined;
}

/** A subscription. */
export interface Subscription {
  id: string;
  customerId: string;
  planId?: string | undefined;
  status: 'trialing' | 'active' | 'past_due' | 'canceled' | 'incomplete' | 'unpaid' | 'paused' | 'unknown';
  /** ISO 8601. */
  currentPeriodEnd?: string | undefined;
  cancelAtPeriodEnd?: boolean | undefined;
}
