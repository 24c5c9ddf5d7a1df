import { createHash } from 'node:crypto';
import { hmac, timingSafeEqualString } from '@infrafabric/core';

/**
 * Twilio's request signature: HMAC-SHA1 (keyed with the auth token), base64, over the full public
 * URL followed by every POST parameter name and value, sorted by name (a repeated name
 * contributes each of its values, sorted). JSON bodies are signed over the URL alone, and the URL
 * carries `bodySHA256`, the hex SHA-256 of the body.
 *
 * @example
 * ```ts
 * twilioSignature(authToken, 'https://example.com/twilio/sms', { From: '+14155550100', Body: 'hi' });
 * ```
 */
export function twilioSignature(
  authToken: string,
  url: string,
  params: Readonly<Record<string, string | readonly string[]>> = {},
): string {
  let data = url;
  for (const name of Object.keys(params).sort()) {
    const value = params[name]!;
    const values = typeof value === 'string' ? [value] : [...new Set(value)].sort();
    for (const item of values) data += name + item;
  }
  return hmac('sha1', authToken, Buffer.from(data, 'utf8'), 'base64');
}

/** Hex SHA-256 of a JSON webhook body, as Twilio puts it in the `bodySHA256` query parameter. */
export function twilioBodySha256(body: Uint8Array | string): string {
  return createHash('sha256').update(body).digest('hex');
}

/**
 * The URL spellings Twilio may have signed: as configured, and with the default port added or
 * removed (Twilio signs what it called, and proxies often add or drop `:443`).
 */
export function signedUrlCandidates(url: string): string[] {
  const parsed = new URL(url);
  const defaultPort = parsed.protocol === 'https:' ? '443' : '80';
  const withoutPort = new URL(url);
  withoutPort.port = '';
  const withPort = `${parsed.protocol}//${parsed.username ? `${parsed.username}:${parsed.password}@` : ''}${parsed.hostname}:${parsed.port || defaultPort}${parsed.pathname}${parsed.search}`;
  return [...new Set([url, withoutPort.href, withPort])];
}

/** True when `signature` is Twilio's signature of `url` + `params` under `authToken`. */
export function isValidTwilioSignature(
  authToken: string,
  signature: string,
  url: string,
  params: Readonly<Record<string, string | readonly string[]>>,
): boolean {
  return signedUrlCandidates(url).some((candidate) =>
    timingSafeEqualString(twilioSignature(authToken, candidate, params), signature),
  );
}
