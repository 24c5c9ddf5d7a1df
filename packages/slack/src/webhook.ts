import {
  assertContentType,
  assertFreshTimestamp,
  hmac,
  type InboundEvent,
  parseJsonBody,
  readRawBody,
  timingSafeEqualString,
  WebhookVerificationError,
  type WebhookResult,
} from '@infrafabric/core';
import {
  eventFromInteraction,
  eventFromSlashCommand,
  eventsFromCallback,
  type SlackEventEnvelope,
  type SlackInteractionPayload,
} from './mappers';

const PROVIDER = 'slack';
/** Header carrying Slack's request signature, `v0=<hex>`. */
export const SLACK_SIGNATURE_HEADER = 'x-slack-signature';
/** Header carrying the signed Unix timestamp, in seconds. */
export const SLACK_TIMESTAMP_HEADER = 'x-slack-request-timestamp';

/** Options of {@link verifySlackRequest}. */
export interface VerifySlackRequestOptions {
  /** The app's Signing Secret. */
  signingSecret: string;
  /** Replay window in seconds (default 300, Slack's recommendation). */
  toleranceSeconds?: number | undefined;
  /** Clock, epoch ms (default `Date.now()`). */
  now?: number | undefined;
}

/**
 * Reads the raw body of a Slack request and checks its `v0` signature: HMAC-SHA256 of
 * `v0:{timestamp}:{body}` with the Signing Secret, compared in constant time, with a replay window.
 * Returns the verified raw body.
 *
 * @throws WebhookVerificationError `missing_signature`, `bad_signature`, `stale` or `too_large`.
 */
export async function verifySlackRequest(
  request: Request,
  options: VerifySlackRequestOptions,
): Promise<Uint8Array> {
  const signature = request.headers.get(SLACK_SIGNATURE_HEADER);
  const timestamp = request.headers.get(SLACK_TIMESTAMP_HEADER);
  if (!signature || !timestamp) {
    throw new WebhookVerificationError(
      `${PROVIDER} webhook: missing ${SLACK_SIGNATURE_HEADER} or ${SLACK_TIMESTAMP_HEADER} header; only Slack-signed requests are accepted.`,
      'missing_signature',
      { provider: PROVIDER, operation: 'parseWebhook' },
    );
  }
  if (!/^\d+$/.test(timestamp)) {
    throw new WebhookVerificationError(
      `${PROVIDER} webhook: ${SLACK_TIMESTAMP_HEADER} is not a Unix timestamp.`,
      'malformed',
      {
        provider: PROVIDER,
        operation: 'parseWebhook',
      },
    );
  }
  assertFreshTimestamp(Number(timestamp), {
    provider: PROVIDER,
    toleranceSeconds: options.toleranceSeconds ?? 300,
    now: options.now,
  });
  const body = await readRawBody(request, PROVIDER);
  const base = Buffer.concat([Buffer.from(`v0:${timestamp}:`), body]);
  const expected = `v0=${hmac('sha256', options.signingSecret, base, 'hex')}`;
  if (!timingSafeEqualString(expected, signature)) {
    throw new WebhookVerificationError(
      `${PROVIDER} webhook: signature does not match. Check SLACK_SIGNING_SECRET (Basic Information page of the app).`,
      'bad_signature',
      { provider: PROVIDER, operation: 'parseWebhook' },
    );
  }
  return body;
}

function malformed(what: string): WebhookVerificationError {
  return new WebhookVerificationError(`${PROVIDER} webhook: ${what}.`, 'malformed', {
    provider: PROVIDER,
    operation: 'parseWebhook',
  });
}

/**
 * Verifies and normalizes one Slack request: Events API (`url_verification` answered with its
 * challenge, `event_callback` → message/other events), interactivity (`payload=` JSON) and slash
 * commands (form fields).
 */
export async function parseSlackWebhook(
  request: Request,
  options: VerifySlackRequestOptions,
): Promise<WebhookResult> {
  assertContentType(request, ['application/json', 'application/x-www-form-urlencoded'], PROVIDER);
  const body = await verifySlackRequest(request, options);
  const now = options.now ?? Date.now();
  const isJson = (request.headers.get('content-type') ?? '').toLowerCase().startsWith('application/json');
  if (isJson) {
    const envelope = parseJsonBody<{ type?: string; challenge?: string }>(body, PROVIDER);
    if (envelope?.type === 'url_verification') {
      if (typeof envelope.challenge !== 'string') throw malformed('url_verification without a challenge');
      return { events: [], response: Response.json({ challenge: envelope.challenge }) };
    }
    if (envelope?.type === 'event_callback')
      return { events: eventsFromCallback(envelope as SlackEventEnvelope) };
    const events: InboundEvent[] = [
      {
        type: 'other',
        provider: PROVIDER,
        id: `${envelope?.type ?? 'unknown'}:${now}`,
        time: new Date(now).toISOString(),
        name: envelope?.type ?? 'unknown',
        raw: envelope,
      },
    ];
    return { events };
  }
  const fields = new URLSearchParams(new TextDecoder().decode(body));
  const payload = fields.get('payload');
  if (payload !== null) {
    let parsed: SlackInteractionPayload;
    try {
      parsed = JSON.parse(payload) as SlackInteractionPayload;
    } catch {
      throw malformed('the interactivity payload is not valid JSON');
    }
    return { events: [eventFromInteraction(parsed, now)] };
  }
  if (fields.has('command')) return { events: [eventFromSlashCommand(fields, now)] };
  throw malformed('form body has neither payload= nor command=');
}
