import { createPublicKey, type KeyObject, verify } from 'node:crypto';
import {
  assertContentType,
  assertFreshTimestamp,
  type InboundEvent,
  parseJsonBody,
  readRawBody,
  WebhookVerificationError,
  type WebhookResult,
} from '@infrafabric/core';
import { snowflakeTime } from './mappers';

const PROVIDER = 'discord';
/** Header carrying the Ed25519 signature (hex) of `timestamp + body`. */
export const DISCORD_SIGNATURE_HEADER = 'x-signature-ed25519';
/** Header carrying the signed timestamp (Unix seconds). */
export const DISCORD_TIMESTAMP_HEADER = 'x-signature-timestamp';
/** DER prefix of an Ed25519 SubjectPublicKeyInfo; the raw 32-byte key follows it. */
const ED25519_SPKI_PREFIX = Buffer.from('302a300506032b6570032100', 'hex');

/** Interaction types, by Discord's number. */
const INTERACTION_TYPES: Record<number, string> = {
  1: 'PING',
  2: 'APPLICATION_COMMAND',
  3: 'MESSAGE_COMPONENT',
  4: 'APPLICATION_COMMAND_AUTOCOMPLETE',
  5: 'MODAL_SUBMIT',
};

/** An interaction as Discord posts it (lenient). */
export interface DiscordInteraction {
  id?: string;
  type?: number;
  channel_id?: string;
  channel?: { id?: string };
  member?: { user?: { id?: string } };
  user?: { id?: string };
  data?: { name?: string; custom_id?: string };
}

/** Builds the Ed25519 public key from the application's 64-hex-character public key. */
export function discordPublicKey(hex: string): KeyObject {
  return createPublicKey({
    key: Buffer.concat([ED25519_SPKI_PREFIX, Buffer.from(hex, 'hex')]),
    format: 'der',
    type: 'spki',
  });
}

/** Options of {@link verifyDiscordRequest}. */
export interface VerifyDiscordRequestOptions {
  /** The application's public key, hex. */
  publicKey: string | KeyObject;
  /** Replay window in seconds (default 300). */
  toleranceSeconds?: number | undefined;
  /** Clock, epoch ms. */
  now?: number | undefined;
}

/**
 * Reads the raw body of an interactions request and checks its Ed25519 signature over
 * `X-Signature-Timestamp + body` with the application's public key. Returns the verified body.
 *
 * @throws WebhookVerificationError `missing_signature`, `bad_signature`, `stale`, `malformed` or `too_large`.
 */
export async function verifyDiscordRequest(
  request: Request,
  options: VerifyDiscordRequestOptions,
): Promise<Uint8Array> {
  const signature = request.headers.get(DISCORD_SIGNATURE_HEADER);
  const timestamp = request.headers.get(DISCORD_TIMESTAMP_HEADER);
  const context = { provider: PROVIDER, operation: 'parseWebhook' };
  if (!signature || !timestamp) {
    throw new WebhookVerificationError(
      `${PROVIDER} webhook: missing ${DISCORD_SIGNATURE_HEADER} or ${DISCORD_TIMESTAMP_HEADER}; only Discord-signed interactions are accepted.`,
      'missing_signature',
      context,
    );
  }
  if (!/^[0-9a-fA-F]{128}$/.test(signature) || !/^\d+$/.test(timestamp)) {
    throw new WebhookVerificationError(
      `${PROVIDER} webhook: malformed signature or timestamp header.`,
      'bad_signature',
      context,
    );
  }
  assertFreshTimestamp(Number(timestamp), {
    provider: PROVIDER,
    toleranceSeconds: options.toleranceSeconds ?? 300,
    now: options.now,
  });
  const body = await readRawBody(request, PROVIDER);
  const key = typeof options.publicKey === 'string' ? discordPublicKey(options.publicKey) : options.publicKey;
  const valid = verify(
    null,
    Buffer.concat([Buffer.from(timestamp), body]),
    key,
    Buffer.from(signature, 'hex'),
  );
  if (!valid) {
    throw new WebhookVerificationError(
      `${PROVIDER} webhook: signature does not match. Check DISCORD_PUBLIC_KEY (General Information page of the application).`,
      'bad_signature',
      context,
    );
  }
  return body;
}

/**
 * The immediate answer an interaction needs (Discord waits 3 s): PONG for PING, a deferred reply
 * (type 5) for commands and modals, a deferred update (type 6) for components. Autocomplete gets
 * none: it must be answered with choices by the application itself.
 */
function acknowledgement(type: number | undefined): Response | undefined {
  if (type === 1) return Response.json({ type: 1 });
  if (type === 2 || type === 5) return Response.json({ type: 5 });
  if (type === 3) return Response.json({ type: 6 });
  return undefined;
}

/** Verifies and normalizes one interactions request (see {@link verifyDiscordRequest}). */
export async function parseDiscordWebhook(
  request: Request,
  options: VerifyDiscordRequestOptions,
): Promise<WebhookResult> {
  assertContentType(request, ['application/json'], PROVIDER);
  const body = await verifyDiscordRequest(request, options);
  const interaction = parseJsonBody<DiscordInteraction>(body, PROVIDER);
  if (typeof interaction !== 'object' || interaction === null || typeof interaction.type !== 'number') {
    throw new WebhookVerificationError(`${PROVIDER} webhook: body is not an interaction.`, 'malformed', {
      provider: PROVIDER,
      operation: 'parseWebhook',
    });
  }
  const response = acknowledgement(interaction.type);
  if (interaction.type === 1) return { events: [], response };
  const id = interaction.id ?? '';
  const event: InboundEvent = {
    type: 'interaction',
    provider: PROVIDER,
    id,
    time: snowflakeTime(id) ?? new Date(options.now ?? Date.now()).toISOString(),
    name: INTERACTION_TYPES[interaction.type] ?? `INTERACTION_${interaction.type}`,
    chatId: interaction.channel_id ?? interaction.channel?.id,
    userId: interaction.member?.user?.id ?? interaction.user?.id,
    value: interaction.data?.custom_id ?? interaction.data?.name,
    raw: interaction,
  };
  return { events: [event], response };
}
