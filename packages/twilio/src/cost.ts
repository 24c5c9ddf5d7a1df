import {
  type CostModel,
  countSmsSegments,
  decimalToMinorUnitsRoundedUp,
  type Money,
  phoneCountry,
} from '@infrafabric/core';

/**
 * ESTIMATE ONLY: approximate Twilio list price in USD for one outbound SMS segment, by
 * destination country (public price pages, 2025). Real prices vary by carrier and change
 * often; the actual cost of a message is Twilio's own `price` (see {@link twilioCostModel}).
 * Check https://www.twilio.com/en-us/sms/pricing for your destinations.
 */
export const TWILIO_SMS_SEGMENT_PRICE_ESTIMATE_USD: Readonly<Record<string, string>> = {
  US: '0.0083',
  CA: '0.0083',
  GB: '0.0524',
  IE: '0.0803',
  DE: '0.0956',
  FR: '0.0844',
  ES: '0.0838',
  IT: '0.0880',
  NL: '0.1209',
  AU: '0.0515',
  IN: '0.0832',
  BR: '0.0500',
};

/** ESTIMATE ONLY: segment price used for countries missing from the table (deliberately high). */
export const TWILIO_SMS_DEFAULT_SEGMENT_PRICE_ESTIMATE_USD = '0.1500';

/** ESTIMATE ONLY: approximate price of one outbound MMS to the US or Canada, in USD. */
export const TWILIO_MMS_PRICE_ESTIMATE_USD = '0.0220';

function multiplyDecimal(decimal: string, times: number): string {
  const [whole = '0', fraction = ''] = decimal.split('.');
  const scaled = BigInt(whole + fraction) * BigInt(times);
  const text = scaled.toString().padStart(fraction.length + 1, '0');
  return fraction.length === 0 ? text : `${text.slice(0, -fraction.length)}.${text.slice(-fraction.length)}`;
}

/** Estimated cost of one `sendSms` input, in USD minor units (rounded up to the cent). */
export function estimateTwilioSms(input: {
  to: string;
  text: string;
  mediaUrls?: string[] | undefined;
}): Money {
  const country = phoneCountry(input.to);
  if (input.mediaUrls?.length && (country === 'US' || country === 'CA')) {
    return decimalToMinorUnitsRoundedUp(TWILIO_MMS_PRICE_ESTIMATE_USD, 'USD')!;
  }
  const perSegment =
    (country && TWILIO_SMS_SEGMENT_PRICE_ESTIMATE_USD[country]) ||
    TWILIO_SMS_DEFAULT_SEGMENT_PRICE_ESTIMATE_USD;
  return decimalToMinorUnitsRoundedUp(multiplyDecimal(perSegment, countSmsSegments(input.text)), 'USD')!;
}

/**
 * Twilio's price model: `sendSms` is estimated from {@link TWILIO_SMS_SEGMENT_PRICE_ESTIMATE_USD}
 * (clearly an estimate); the actual cost of a message or call is the `price` Twilio returned, when
 * it has priced it already (often only after delivery; `getCall` on a finished call has it).
 */
export const twilioCostModel: CostModel = {
  estimate(operation, input) {
    if (operation !== 'sendSms') return undefined;
    const sms = input as { to?: unknown; text?: unknown; mediaUrls?: string[] };
    if (typeof sms?.to !== 'string' || typeof sms.text !== 'string') return undefined;
    return estimateTwilioSms({ to: sms.to, text: sms.text, mediaUrls: sms.mediaUrls });
  },
  actual(_operation, _input, output) {
    return (output as { price?: Money } | undefined)?.price;
  },
};
