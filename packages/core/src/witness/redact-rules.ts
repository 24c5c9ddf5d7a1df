import { boundedMemo } from './bounded-memo';

/** Placeholder written instead of a secret. */
export const REDACTED = '[REDACTED]';

const SECRET_KEY =
  /(pass(word|wd)?|secret|token|api[-_]?key|apikey|private[-_]?key|auth(orization)?|credential|signature|cookie|session|cvc|cvv|card[-_]?number|^pan$|^number$|client[-_]?secret|access[-_]?key|bearer)/i;

const secretKey = boundedMemo((key) => SECRET_KEY.test(key));

/** True when a property named `key` must never be written anywhere. */
export function isSecretKey(key: string): boolean {
  return secretKey(key);
}

function luhnValid(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = digits.charCodeAt(digits.length - 1 - i) - 48;
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 === 0;
}

/** Masks anything that looks like a payment card number (13–19 digits passing Luhn) in text. */
export function maskCardNumbers(text: string): string {
  // Fewer than 13 digits cannot hold a card number: skip the regular expression (the common case).
  let digits = 0;
  for (let i = 0; i < text.length && digits < 13; i++) {
    const c = text.charCodeAt(i);
    if (c >= 48 && c <= 57) digits += 1;
  }
  if (digits < 13) return text;
  return text.replace(/\b(?:\d[ -]?){12,18}\d\b/g, (match) => {
    const digits = match.replace(/[ -]/g, '');
    return digits.length >= 13 && digits.length <= 19 && luhnValid(digits) ? REDACTED : match;
  });
}
