import { createRequire } from 'node:module';
import type { CountryCode } from 'libphonenumber-js/max';
import { z } from 'zod';
import { ValidationError } from '../errors/infrafabric-error';

type PhoneLibrary = typeof import('libphonenumber-js/max');
let phoneLibrary: PhoneLibrary | undefined;

/**
 * libphonenumber-js with full metadata, loaded on the first phone check: its metadata costs ~40 ms
 * to import, which every `import '@infrafabric/core'` would otherwise pay.
 */
function phone(): PhoneLibrary {
  phoneLibrary ??= createRequire(import.meta.url)('libphonenumber-js/max') as PhoneLibrary;
  return phoneLibrary;
}

/** True when `value` is a valid phone number written in E.164 (`+447911123456`). */
export function isE164(value: string): boolean {
  return /^\+[1-9]\d{1,14}$/.test(value) && phone().isValidPhoneNumber(value);
}

/** A valid phone number in E.164 form, e.g. `+14155552671`. */
export const phoneNumberSchema = z.string().refine(isE164, {
  message: 'must be a valid phone number in E.164 form, e.g. +14155552671',
  params: { rule: 'e164' },
});

/** A SIP URI such as `sip:alice@example.com`. */
export const sipUriSchema = z
  .string()
  .regex(/^sips?:[^@\s]+@[^\s]+$/, { message: 'must be a SIP URI such as sip:alice@example.com' });

/** Either side of a call: an E.164 number or a SIP URI. */
export const callPartySchema = z.union([phoneNumberSchema, sipUriSchema]);

/**
 * Normalizes a human-written number (`07911 123456`, `(415) 555-2671`) into E.164, using
 * `defaultCountry` for national formats.
 * @throws ValidationError when it is not a valid number.
 */
export function toE164(value: string, defaultCountry?: CountryCode): string {
  const parsed = phone().parsePhoneNumberFromString(value, defaultCountry);
  if (!parsed?.isValid()) {
    throw new ValidationError(
      `"${value}" is not a valid phone number${defaultCountry ? ` for ${defaultCountry}` : ''}. Write it in E.164 form, e.g. +14155552671.`,
      { field: 'phone', rule: 'e164' },
    );
  }
  return parsed.number;
}

/** The ISO 3166 country of an E.164 number (`+447911123456` → `GB`), or undefined. */
export function phoneCountry(e164: string): string | undefined {
  return phone().parsePhoneNumberFromString(e164)?.country;
}
