import { HttpResponse, http } from 'msw';
import errors from './__fixtures__/errors.json' with { type: 'json' };
import phoneNumber from './__fixtures__/phone-number.json' with { type: 'json' };

/** Graph API root the tests point at (intercepted by msw, never the network). */
export const SIM_URL = 'https://graph.whatsapp.test';
/** Canary access token: must never appear in an error or audit entry. */
export const CANARY_TOKEN = 'EAAGcanaryWhatsAppAccessToken0123456789SECRET';
/** Canary app secret. */
export const CANARY_APP_SECRET = 'canary-app-secret-5e4d3c2b1a';
/** Canary verify token. */
export const CANARY_VERIFY_TOKEN = 'canary-verify-token-778899';
/** The sending phone-number id. */
export const PHONE_NUMBER_ID = phoneNumber.id;

/** A customer who wrote within the last 24 hours. */
export const OPEN_WINDOW = '16505551234';
/** A customer whose 24-hour window has closed: only templates get through. */
export const CLOSED_WINDOW = '16505559876';
/** A number that does not use WhatsApp. */
export const NOT_ON_WHATSAPP = '16505550000';

/** Templates approved for this account, by name → languages. */
const TEMPLATES: Record<string, string[]> = { order_update: ['en_US', 'de'], hello_world: ['en_US'] };
const SUPPORTED_MEDIA =
  /^(image\/(jpeg|png)|video\/(mp4|3gpp)|audio\/(aac|mp4|mpeg|amr|ogg)|application\/pdf|text\/plain)$/;

function graphError(
  body: { error: Record<string, unknown> },
  status = 400,
  headers: Record<string, string> = {},
) {
  return HttpResponse.json(body, {
    status,
    headers: { 'www-authenticate': 'OAuth "Facebook Platform" "invalid_request"', ...headers },
  });
}

/** One message the simulator stored. */
export interface SentRecord {
  id: string;
  to: string;
  type: string;
  payload: Record<string, unknown>;
}

/**
 * In-memory WhatsApp Cloud API: phone-number info, message sends with the 24-hour window rule,
 * media uploads and read receipts, answering with Graph API bodies.
 */
export function createWhatsAppSimulator(options: { baseUrl?: string; version?: string } = {}) {
  const base = options.baseUrl ?? SIM_URL;
  const version = options.version ?? 'v23.0';
  const state = {
    sent: [] as SentRecord[],
    media: new Map<string, { type: string; filename: string; size: number }>(),
    read: [] as string[],
    nextId: 1,
  };
  const wamid = () => `wamid.SIM${String(state.nextId++).padStart(8, '0')}`;

  const authorized = (request: Request) => request.headers.get('authorization') === `Bearer ${CANARY_TOKEN}`;

  function validateMessage(body: Record<string, unknown>) {
    const invalid = (details: string) =>
      graphError({
        error: { ...errors.invalidParameter.error, error_data: { messaging_product: 'whatsapp', details } },
      });
    if (body.messaging_product !== 'whatsapp') return invalid('Param messaging_product must be whatsapp');
    const to = String(body.to ?? '');
    if (!/^\d{7,15}$/.test(to.replace(/^\+/, ''))) return invalid('Param to must be a valid phone number');
    if (to.replace(/^\+/, '') === NOT_ON_WHATSAPP) return graphError(errors.undeliverable);
    const type = String(body.type ?? 'text');
    if (type === 'text') {
      const text = body.text as { body?: string } | undefined;
      if (!text?.body) return invalid("Param text['body'] is required");
      if (text.body.length > 4096) return graphError(errors.invalidParameter);
      if (to.replace(/^\+/, '') === CLOSED_WINDOW) return graphError(errors.reengagement);
      return undefined;
    }
    if (type === 'template') {
      const template = body.template as { name?: string; language?: { code?: string } } | undefined;
      if (!template?.name || !TEMPLATES[template.name]?.includes(template.language?.code ?? ''))
        return graphError({
          error: {
            ...errors.templateMissing.error,
            error_data: {
              messaging_product: 'whatsapp',
              details: `template name (${template?.name}) does not exist in ${template?.language?.code}`,
            },
          },
        });
      return undefined;
    }
    if (['image', 'video', 'audio', 'document'].includes(type)) {
      if (to.replace(/^\+/, '') === CLOSED_WINDOW) return graphError(errors.reengagement);
      const media = body[type] as { id?: string; link?: string; caption?: string } | undefined;
      if (!media || (media.id === undefined) === (media.link === undefined))
        return invalid(`Param ${type} must have exactly one of id or link`);
      if (media.id !== undefined && !state.media.has(media.id))
        return invalid(`Param ${type}['id'] is not a valid media id`);
      if (type === 'audio' && media.caption !== undefined)
        return invalid("Param audio['caption'] is not allowed");
      return undefined;
    }
    return invalid(`Unsupported message type ${type}`);
  }

  const handlers = [
    http.get(`${base}/${version}/:phoneId`, ({ request, params }) => {
      if (!authorized(request)) return graphError(errors.expiredToken, 401);
      if (params.phoneId !== PHONE_NUMBER_ID) return graphError(errors.noSuchObject);
      const fields = new URL(request.url).searchParams.get('fields')?.split(',') ?? ['id'];
      const full = phoneNumber as Record<string, string>;
      return HttpResponse.json(
        Object.fromEntries(['id', ...fields].filter((f) => f in full).map((f) => [f, full[f]])),
      );
    }),
    http.post(`${base}/${version}/:phoneId/messages`, async ({ request, params }) => {
      if (!authorized(request)) return graphError(errors.expiredToken, 401);
      if (params.phoneId !== PHONE_NUMBER_ID) return graphError(errors.noSuchObject);
      if (!(request.headers.get('content-type') ?? '').startsWith('application/json'))
        return graphError(errors.invalidParameter);
      const body = (await request.json()) as Record<string, unknown>;
      if (body.status === 'read') {
        if (typeof body.message_id !== 'string' || !body.message_id.startsWith('wamid.'))
          return graphError(errors.invalidParameter);
        state.read.push(body.message_id);
        return HttpResponse.json({ success: true });
      }
      const problem = validateMessage(body);
      if (problem) return problem;
      const to = String(body.to).replace(/^\+/, '');
      const id = wamid();
      state.sent.push({ id, to, type: String(body.type ?? 'text'), payload: body });
      return HttpResponse.json({
        messaging_product: 'whatsapp',
        contacts: [{ input: String(body.to), wa_id: to }],
        messages: [{ id, ...(body.type === 'template' ? { message_status: 'accepted' } : {}) }],
      });
    }),
    http.post(`${base}/${version}/:phoneId/media`, async ({ request, params }) => {
      if (!authorized(request)) return graphError(errors.expiredToken, 401);
      if (params.phoneId !== PHONE_NUMBER_ID) return graphError(errors.noSuchObject);
      const form = await request.formData();
      const file = form.get('file');
      const type = form.get('type');
      if (form.get('messaging_product') !== 'whatsapp' || !(file instanceof File) || typeof type !== 'string')
        return graphError(errors.invalidParameter);
      if (!SUPPORTED_MEDIA.test(type) || file.type !== type)
        return graphError({
          error: {
            message: '(#131053) Media upload error',
            type: 'OAuthException',
            code: 131053,
            error_data: { messaging_product: 'whatsapp', details: `Unsupported file type ${type}` },
            fbtrace_id: 'Asim',
          },
        });
      const id = String(1_000_000_000_000_000 + state.nextId++);
      state.media.set(id, { type, filename: file.name, size: file.size });
      return HttpResponse.json({ id });
    }),
  ];
  return { handlers, state };
}

/** Graph-shaped error bodies for the conformance suite's fault injector. */
export function whatsappErrorResponse(
  _fault: string,
  status: number,
  retryAfterSeconds: number | undefined,
): Response {
  const bodies: Record<number, { error: Record<string, unknown> }> = {
    401: errors.expiredToken,
    403: errors.permission,
    404: errors.noSuchObject,
    429: errors.throughput,
    503: errors.serviceUnavailable,
  };
  const headers: Record<string, string> =
    status === 429
      ? {
          'x-business-use-case-usage': JSON.stringify({
            '102290129340398': [
              {
                type: 'whatsapp',
                call_count: 100,
                total_cputime: 12,
                total_time: 20,
                estimated_time_to_regain_access: Math.max(1, Math.ceil((retryAfterSeconds ?? 60) / 60)),
              },
            ],
          }),
        }
      : {};
  return graphError(bodies[status] ?? { error: { message: 'Unknown error', code: 1 } }, status, headers);
}
