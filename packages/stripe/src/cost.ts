import type { CostModel, CreatePaymentInput, Money, Payment } from '@infrafabric/core';

/** A card fee: a percentage of the amount plus a fixed part, in the currency's ISO minor units. */
export interface StripeCardFee {
  /** Percentage in basis points: 290 = 2.9 %. */
  percentBasisPoints: number;
  /** Fixed fee per successful charge, minor units of the same currency (30 = 30¢). */
  fixed: number;
}

/** Fee per upper-case currency code. */
export type StripeFeeSchedule = Readonly<Record<string, StripeCardFee>>;

/**
 * Stripe's published standard pricing for domestic cards (stripe.com/pricing, as of 2025), used
 * only for estimates before a charge: US 2.9 % + 30¢, UK 1.5 % + 20p, EEA 1.5 % + €0.25,
 * Canada 2.9 % + C$0.30, Australia 1.7 % + A$0.30, Japan 3.6 %. International cards, currency
 * conversion, Radar and negotiated (IC+) pricing cost more or less: override with the `fees`
 * option. Currencies not listed get no estimate (never a guess).
 */
export const DEFAULT_STRIPE_FEES: StripeFeeSchedule = {
  USD: { percentBasisPoints: 290, fixed: 30 },
  GBP: { percentBasisPoints: 150, fixed: 20 },
  EUR: { percentBasisPoints: 150, fixed: 25 },
  CAD: { percentBasisPoints: 290, fixed: 30 },
  AUD: { percentBasisPoints: 170, fixed: 30 },
  JPY: { percentBasisPoints: 360, fixed: 0 },
};

/** Estimated fee for charging `amount` under `schedule`, or undefined for an unlisted currency. */
export function estimateCardFee(amount: Money, schedule: StripeFeeSchedule): Money | undefined {
  const fee = schedule[amount.currency];
  if (!fee) return undefined;
  return {
    amount: Math.round((amount.amount * fee.percentBasisPoints) / 10_000) + fee.fixed,
    currency: amount.currency,
  };
}

/**
 * Stripe's cost model. `estimate` prices `createPayment` from the fee schedule (an estimate);
 * `actual` is the fee Stripe booked on the charge's balance transaction, which the adapter
 * expands on create/capture. That actual fee is in the account's settlement currency, which can
 * differ from the payment's. Refunds cost nothing extra (Stripe keeps the original fee, which is
 * why no estimate is given for them); captures of an authorization are priced when captured.
 *
 * A payment's fee is reported once per cost model: an idempotent replay returns the same payment
 * (and fee) again, and must not be counted twice. This memory is per process (the last 10,000
 * payments); a durable Bus spread over processes may count a replay's fee again.
 */
export function createStripeCostModel(overrides: StripeFeeSchedule = {}): CostModel {
  const schedule = { ...DEFAULT_STRIPE_FEES, ...overrides };
  const reported = new Set<string>();
  return {
    estimate(operation, input) {
      if (operation === 'createPayment') {
        const payment = input as CreatePaymentInput;
        // An authorization alone costs nothing until it is captured.
        if (payment.capture === false) return undefined;
        return estimateCardFee(payment.amount, schedule);
      }
      // A capture's amount is known only when a partial capture names it.
      const capture = input as { amount?: Money } | undefined;
      if (operation === 'capturePayment' && capture?.amount) return estimateCardFee(capture.amount, schedule);
      return undefined;
    },
    actual(operation, _input, output) {
      if (operation !== 'createPayment' && operation !== 'capturePayment') return undefined;
      const payment = output as Payment | undefined;
      if (!payment?.fee) return undefined;
      if (reported.has(payment.id)) return { amount: 0, currency: payment.fee.currency };
      reported.add(payment.id);
      if (reported.size > 10_000) reported.delete(reported.values().next().value!);
      return payment.fee;
    },
  };
}
