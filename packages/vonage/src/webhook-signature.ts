import { createHash, createHmac } from 'node:crypto';
import { hmac, timingSafeEqualString } from '@infrafabric/core';

/** Claims of a Vonage signed-webhook JWT that we check. */
export interface VonageWebhookClaims {
  iat?: number;
  exp?: number;
  nbf?: number;
  jti?: string;
  iss?: string;
  api_key?: string;
  application_id?: string;
  /** Hex SHA-256 of the request body. */
  payload_hash?: string;
  [claim: string]: unknown;
}

/** Why a token was refused. */
export type VonageJwtProblem = 'malformed' | 'algorithm' | 'signature';

function decodeSegment(segment: string): unknown {
  return JSON.parse(Buffer.from(segment, 'base64url').toString('utf8'));
}

/**
 * Verifies an HS256 JWT signed with the Vonage signature secret and returns its claims, or the
 * reason it is not valid. Only HS256 is accepted (never `none`, never an algorithm taken from the
 * token without checking it).
 */
export function verifyVonageJwt(
  token: string,
  signatureSecret: string,
): { claims: VonageWebhookClaims } | { problem: VonageJwtProblem } {
  const parts = token.split('.');
  if (parts.length !== 3 || parts.some((p) => !/^[A-Za-z0-9_-]*$/.test(p))) return { problem: 'malformed' };
  const [header, payload, signature] = parts as [string, string, string];
  let decodedHeader: { alg?: unknown };
  let claims: VonageWebhookClaims;
  try {
    decodedHeader = decodeSegment(header) as { alg?: unknown };
    claims = decodeSegment(payload) as VonageWebhookClaims;
  } catch {
    return { problem: 'malformed' };
  }
  if (!claims || typeof claims !== 'object') return { problem: 'malformed' };
  if (decodedHeader?.alg !== 'HS256') return { problem: 'algorithm' };
  const expected = hmac('sha256', signatureSecret, `${header}.${payload}`, 'base64')
    .replace(/\+/g, '-')
    .replace(/\//g, '_')
    .replace(/=+$/, '');
  return timingSafeEqualString(expected, signature) ? { claims } : { problem: 'signature' };
}

/** Hex SHA-256 of a webhook body, as Vonage puts it in the `payload_hash` claim. */
export function vonagePayloadHash(body: Uint8Array | string): string {
  return createHash('sha256').update(body).digest('hex');
}

/** Signature methods of the SMS API's legacy `sig` signing (dashboard → API settings). */
export type VonageSmsSignatureMethod = 'md5hash' | 'md5' | 'sha1' | 'sha256' | 'sha512';

/**
 * The SMS API's legacy `sig` over webhook parameters: every parameter but `sig`, sorted by name,
 * written `&name=value` with `&` and `=` in values replaced by `_`; then MD5 of that string plus
 * the secret (`md5hash`), or an HMAC of it keyed with the secret. Lower-case hex.
 */
export function vonageSmsSignature(
  params: Readonly<Record<string, string>>,
  signatureSecret: string,
  method: VonageSmsSignatureMethod,
): string {
  let signed = '';
  for (const key of Object.keys(params).sort()) {
    if (key !== 'sig') signed += `&${key}=${params[key]!.replace(/[&=]/g, '_')}`;
  }
  if (method === 'md5hash')
    return createHash('md5')
      .update(signed + signatureSecret)
      .digest('hex');
  return createHmac(method, signatureSecret).update(signed).digest('hex');
}
