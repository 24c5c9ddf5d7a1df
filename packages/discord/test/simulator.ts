import type { FaultKind } from '@infrafabric/testing';
import { HttpResponse, http } from 'msw';
import guildText from './__fixtures__/channel-guild-text.json' with { type: 'json' };
import threadChannel from './__fixtures__/channel-thread.json' with { type: 'json' };
import errors from './__fixtures__/errors.json' with { type: 'json' };
import messageFixture from './__fixtures__/message.json' with { type: 'json' };
import userMe from './__fixtures__/user-me.json' with { type: 'json' };

/** API root the tests point the adapter at (msw intercepts it); requests go to `${SIM_URL}/v10/...`. */
export const SIM_URL = 'https://discord.test/api';
const V10 = `${SIM_URL}/v10`;
/** Canary bot token: it must never appear in an error or log. */
export const CANARY_TOKEN = 'MTA4OTk5OTk5OTk5OTk5OTk5.GcAnRy.canary-secret-token-never-log-000000';
/** A guild that exists in the simulator, and its text channel. */
export const GUILD = '290926798626357999';
export const CHANNEL = '290926798999357250';
/** A guild member. */
export const MEMBER = '53908232506183680';

/** A channel as the simulator stores it. */
export interface SimChannel {
  id: string;
  type: number;
  guild_id: string;
  name: string;
  topic: string | null;
  parent_id: string | null;
  permission_overwrites: Array<{ id: string; type: number; allow: string; deny: string }>;
  threadMembers: Set<string>;
}
/** A message as the simulator stores it. */
export type SimMessage = typeof messageFixture & {
  nonce?: string;
  message_reference?: { message_id: string };
  flags?: number;
};

/** Discord's error body with its status (and, for 429, Retry-After headers). */
export function discordError(status: number, body: object, headers: Record<string, string> = {}) {
  return HttpResponse.json(body, { status, headers });
}

/** Fault responses with Discord's real error bodies. */
export function discordFaultResponse(
  fault: FaultKind,
  status: number,
  retryAfterSeconds: number | undefined,
): Response {
  if (fault === 'unauthorized') return discordError(401, errors.unauthorized);
  if (fault === 'forbidden') return discordError(403, errors.missingPermissions);
  if (fault === 'not_found') return discordError(404, errors.unknownChannel);
  if (fault === 'rate_limited') {
    const wait = retryAfterSeconds ?? 1;
    return discordError(
      429,
      { ...errors.rateLimited, retry_after: wait },
      { 'retry-after': String(wait), 'x-ratelimit-scope': 'user' },
    );
  }
  return HttpResponse.json({ message: '503: Service Unavailable', code: 0 }, { status });
}

/**
 * An in-memory Discord guild behind msw: the v10 REST routes the adapter uses, with Discord's
 * documented response shapes (from __fixtures__), `Bot` token auth, multipart `files[n]` uploads
 * with `payload_json`, and nonce deduplication with `enforce_nonce`.
 */
export function createDiscordSimulator() {
  let next = 1_100_000_000_000_000_000n;
  const snowflake = () => String(next++);
  const channels = new Map<string, SimChannel>();
  const messages = new Map<string, SimMessage[]>();
  const uploads: Array<{ channel: string; name: string; bytes: Uint8Array; type: string }> = [];
  channels.set(CHANNEL, {
    ...guildText,
    id: CHANNEL,
    guild_id: GUILD,
    name: 'general',
    parent_id: null,
    permission_overwrites: [],
    threadMembers: new Set(),
  });

  const channelOf = (id: unknown) => channels.get(String(id));
  const publicChannel = (c: SimChannel) => {
    const { threadMembers, ...rest } = c;
    if (c.type === 11 || c.type === 12)
      return {
        ...threadChannel,
        ...rest,
        member_count: threadMembers.size,
        message_count: messages.get(c.id)?.length ?? 0,
      };
    return { ...guildText, ...rest };
  };

  async function bodyOf(
    request: Request,
  ): Promise<{ body: Record<string, unknown>; files: Array<{ field: string; file: File }> }> {
    const type = request.headers.get('content-type') ?? '';
    if (type.startsWith('multipart/form-data')) {
      const form = await request.formData();
      const files: Array<{ field: string; file: File }> = [];
      for (const [field, value] of form.entries())
        if (typeof value !== 'string') files.push({ field, file: value });
      return { body: JSON.parse(String(form.get('payload_json') ?? '{}')) as Record<string, unknown>, files };
    }
    const text = await request.text();
    return { body: text ? (JSON.parse(text) as Record<string, unknown>) : {}, files: [] };
  }

  const authorized = (request: Request) => request.headers.get('authorization') === `Bot ${CANARY_TOKEN}`;
  const guard =
    (
      handler: (args: {
        request: Request;
        params: Record<string, string | readonly string[] | undefined>;
      }) => Promise<Response> | Response,
    ) =>
    (args: { request: Request; params: Record<string, string | readonly string[] | undefined> }) =>
      authorized(args.request) ? handler(args) : discordError(401, errors.unauthorized);

  const handlers = [
    http.get(
      `${V10}/users/@me`,
      guard(() => HttpResponse.json(userMe)),
    ),
    http.post(
      `${V10}/channels/:channel/messages`,
      guard(async ({ request, params }) => {
        const channel = channelOf(params.channel);
        if (!channel) return discordError(404, errors.unknownChannel);
        const { body, files } = await bodyOf(request);
        const content = typeof body.content === 'string' ? body.content : '';
        if (content.length > 2000) return discordError(400, errors.invalidFormBody);
        if (!content && files.length === 0 && !body.embeds)
          return discordError(400, { message: 'Cannot send an empty message', code: 50006 });
        const list = messages.get(channel.id) ?? [];
        if (body.enforce_nonce === true && typeof body.nonce === 'string') {
          const existing = list.find((m) => m.nonce === body.nonce);
          if (existing) return HttpResponse.json(existing);
        }
        const reference = body.message_reference as { message_id?: string } | undefined;
        if (reference?.message_id && !list.some((m) => m.id === reference.message_id))
          return discordError(400, { ...errors.invalidFormBody, errors: { message_reference: {} } });
        const declared =
          (body.attachments as Array<{ id: number; filename: string; description?: string }> | undefined) ??
          [];
        const attachments = [];
        for (const { field, file } of files) {
          const index = Number(/^files\[(\d+)\]$/.exec(field)?.[1] ?? 'NaN');
          const meta = declared.find((a) => a.id === index);
          if (!meta) return discordError(400, errors.invalidFormBody);
          const bytes = new Uint8Array(await file.arrayBuffer());
          uploads.push({ channel: channel.id, name: meta.filename, bytes, type: file.type });
          attachments.push({
            id: snowflake(),
            filename: meta.filename,
            size: bytes.byteLength,
            url: `https://cdn.discordapp.test/attachments/${channel.id}/${meta.filename}`,
            content_type: file.type || undefined,
          });
        }
        const message: SimMessage = {
          ...messageFixture,
          id: snowflake(),
          channel_id: channel.id,
          content,
          timestamp: new Date().toISOString(),
          author: { ...messageFixture.author, id: userMe.id, username: userMe.username },
          attachments: attachments as never[],
          embeds: (body.embeds as never[]) ?? [],
          reactions: [],
          ...(typeof body.nonce === 'string' ? { nonce: body.nonce } : {}),
          ...(reference?.message_id ? { message_reference: { message_id: reference.message_id } } : {}),
          ...(typeof body.flags === 'number' ? { flags: body.flags } : {}),
        };
        list.unshift(message);
        messages.set(channel.id, list);
        return HttpResponse.json(message);
      }),
    ),
    http.get(
      `${V10}/channels/:channel/messages`,
      guard(({ request, params }) => {
        const channel = channelOf(params.channel);
        if (!channel) return discordError(404, errors.unknownChannel);
        const url = new URL(request.url);
        const limit = Number(url.searchParams.get('limit') ?? '50');
        const before = url.searchParams.get('before');
        let list = messages.get(channel.id) ?? [];
        if (before) list = list.filter((m) => BigInt(m.id) < BigInt(before));
        return HttpResponse.json(list.slice(0, limit));
      }),
    ),
    http.patch(
      `${V10}/channels/:channel/messages/:id`,
      guard(async ({ request, params }) => {
        const message = messages.get(String(params.channel))?.find((m) => m.id === params.id);
        if (!message) return discordError(404, errors.unknownMessage);
        const { body } = await bodyOf(request);
        if (typeof body.content === 'string') message.content = body.content;
        message.edited_timestamp = new Date().toISOString() as never;
        return HttpResponse.json(message);
      }),
    ),
    http.delete(
      `${V10}/channels/:channel/messages/:id`,
      guard(({ params }) => {
        const list = messages.get(String(params.channel)) ?? [];
        const index = list.findIndex((m) => m.id === params.id);
        if (index < 0) return discordError(404, errors.unknownMessage);
        list.splice(index, 1);
        return new HttpResponse(null, { status: 204 });
      }),
    ),
    http.post(
      `${V10}/channels/:channel/messages/:id/threads`,
      guard(async ({ request, params }) => {
        const parent = channelOf(params.channel);
        if (!parent || !messages.get(parent.id)?.some((m) => m.id === params.id))
          return discordError(404, errors.unknownMessage);
        const { body } = await bodyOf(request);
        const thread: SimChannel = {
          id: String(params.id),
          type: 11,
          guild_id: parent.guild_id,
          name: String(body.name),
          topic: null,
          parent_id: parent.id,
          permission_overwrites: [],
          threadMembers: new Set([userMe.id]),
        };
        channels.set(thread.id, thread);
        return HttpResponse.json(publicChannel(thread), { status: 201 });
      }),
    ),
    http.get(
      `${V10}/channels/:channel`,
      guard(({ params }) => {
        const channel = channelOf(params.channel);
        return channel ? HttpResponse.json(publicChannel(channel)) : discordError(404, errors.unknownChannel);
      }),
    ),
    http.post(
      `${V10}/guilds/:guild/channels`,
      guard(async ({ request, params }) => {
        if (params.guild !== GUILD) return discordError(404, { message: 'Unknown Guild', code: 10004 });
        const { body } = await bodyOf(request);
        if (typeof body.name !== 'string' || body.name.length === 0 || body.name.length > 100)
          return discordError(400, errors.invalidFormBody);
        const overwrites = (
          (body.permission_overwrites as SimChannel['permission_overwrites'] | undefined) ?? []
        ).map((o) => ({
          id: o.id,
          type: o.type,
          allow: String(o.allow ?? '0'),
          deny: String(o.deny ?? '0'),
        }));
        const channel: SimChannel = {
          id: snowflake(),
          type: Number(body.type ?? 0),
          guild_id: GUILD,
          name: body.name.toLowerCase().replace(/\s+/g, '-'),
          topic: typeof body.topic === 'string' ? body.topic : null,
          parent_id: null,
          permission_overwrites: overwrites,
          threadMembers: new Set(),
        };
        channels.set(channel.id, channel);
        return HttpResponse.json(publicChannel(channel), { status: 201 });
      }),
    ),
    http.put(
      `${V10}/channels/:channel/thread-members/:user`,
      guard(({ params }) => {
        const channel = channelOf(params.channel);
        if (!channel || (channel.type !== 11 && channel.type !== 12))
          return discordError(404, errors.unknownChannel);
        channel.threadMembers.add(String(params.user));
        return new HttpResponse(null, { status: 204 });
      }),
    ),
    http.put(
      `${V10}/channels/:channel/permissions/:overwrite`,
      guard(async ({ request, params }) => {
        const channel = channelOf(params.channel);
        if (!channel) return discordError(404, errors.unknownChannel);
        const { body } = await bodyOf(request);
        channel.permission_overwrites = channel.permission_overwrites.filter(
          (o) => o.id !== params.overwrite,
        );
        channel.permission_overwrites.push({
          id: String(params.overwrite),
          type: Number(body.type),
          allow: String(body.allow ?? '0'),
          deny: String(body.deny ?? '0'),
        });
        return new HttpResponse(null, { status: 204 });
      }),
    ),
  ];

  return { handlers, channels, messages, uploads };
}
