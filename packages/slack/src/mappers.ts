import type { ChatMessage, GroupInfo, InboundEvent, SentMessage } from '@infrafabric/core';
import { unixSecondsToIso } from '@infrafabric/core';

/** A Slack message object as `chat.postMessage`, `conversations.history` and events return it (lenient). */
export interface SlackMessage {
  type?: string;
  subtype?: string;
  ts?: string;
  thread_ts?: string;
  user?: string;
  bot_id?: string;
  username?: string;
  text?: string;
  channel?: string;
  files?: Array<{ id?: string; mimetype?: string; url_private?: string; permalink?: string }>;
}

/** A Slack conversation object (lenient). */
export interface SlackConversation {
  id?: string;
  name?: string;
  is_private?: boolean;
  is_im?: boolean;
  num_members?: number;
  topic?: { value?: string };
  purpose?: { value?: string };
}

/** Slack `ts` (`"1503435956.000247"`, seconds with microseconds) → ISO 8601; undefined when absent. */
export function slackTsToIso(ts: string | undefined): string | undefined {
  return ts === undefined ? undefined : unixSecondsToIso(ts);
}

/** The result of `chat.postMessage`/`chat.update` → `SentMessage`. */
export function toSentMessage(
  result: { channel?: string; ts?: string; message?: SlackMessage },
  fallbackChannel: string,
): SentMessage {
  const ts = result.ts ?? result.message?.ts ?? '';
  const threadTs = result.message?.thread_ts;
  return {
    id: ts,
    chatId: result.channel ?? fallbackChannel,
    threadId: threadTs !== undefined && threadTs !== ts ? threadTs : undefined,
    timestamp: slackTsToIso(ts),
  };
}

function attachmentType(mime: string | undefined): 'image' | 'video' | 'audio' | 'file' {
  if (mime?.startsWith('image/')) return 'image';
  if (mime?.startsWith('video/')) return 'video';
  if (mime?.startsWith('audio/')) return 'audio';
  return 'file';
}

/** A Slack message → `ChatMessage`. */
export function toChatMessage(message: SlackMessage, channel: string): ChatMessage {
  const ts = message.ts ?? '';
  const threadTs =
    message.thread_ts !== undefined && message.thread_ts !== ts ? message.thread_ts : undefined;
  const files = (message.files ?? []).map((f) => ({
    type: attachmentType(f.mimetype),
    ...(f.id === undefined ? {} : { id: f.id }),
    ...(f.url_private === undefined ? {} : { url: f.url_private }),
    ...(f.mimetype === undefined ? {} : { mimeType: f.mimetype }),
  }));
  return {
    id: ts,
    chatId: message.channel ?? channel,
    threadId: threadTs,
    sender: {
      id: message.user ?? message.bot_id ?? 'unknown',
      name: message.username,
      isBot: message.bot_id !== undefined || message.subtype === 'bot_message',
    },
    text: message.text,
    timestamp: unixSecondsToIso(ts, 0),
    attachments: files.length > 0 ? files : undefined,
    replyTo: threadTs,
  };
}

/** A Slack conversation → `GroupInfo`. */
export function toGroupInfo(channel: SlackConversation, fallbackId: string): GroupInfo {
  const topic = channel.topic?.value || channel.purpose?.value || undefined;
  return {
    id: channel.id ?? fallbackId,
    name: channel.name,
    private: channel.is_private ?? (channel.is_im === true ? true : undefined),
    topic,
    memberCount: channel.num_members,
  };
}

/** An Events API `event_callback` envelope (lenient). */
export interface SlackEventEnvelope {
  type: 'event_callback';
  event_id?: string;
  event_time?: number;
  team_id?: string;
  event?: SlackMessage & { type?: string; channel?: string; event_ts?: string };
}

/** Message subtypes that are edits/deletions/joins rather than new messages. */
const NOT_NEW_MESSAGE = new Set(['message_changed', 'message_deleted', 'channel_join', 'channel_leave']);

/** An Events API `event_callback` → normalized inbound events. */
export function eventsFromCallback(envelope: SlackEventEnvelope): InboundEvent[] {
  const event = envelope.event;
  if (!event) return [];
  const id = envelope.event_id ?? event.event_ts ?? event.ts ?? '';
  const time =
    envelope.event_time !== undefined
      ? unixSecondsToIso(envelope.event_time)
      : unixSecondsToIso(event.event_ts);
  const isMessage =
    (event.type === 'message' && !NOT_NEW_MESSAGE.has(event.subtype ?? '')) || event.type === 'app_mention';
  if (isMessage) {
    return [
      {
        type: 'message',
        provider: 'slack',
        id,
        time,
        message: toChatMessage(event, event.channel ?? ''),
        raw: envelope,
      },
    ];
  }
  const name = event.subtype ? `${event.type}.${event.subtype}` : (event.type ?? 'unknown');
  return [{ type: 'other', provider: 'slack', id, time, name, raw: envelope }];
}

/** An interactivity payload (block_actions, view_submission, shortcut...), lenient. */
export interface SlackInteractionPayload {
  type?: string;
  trigger_id?: string;
  action_ts?: string;
  container?: { message_ts?: string };
  user?: { id?: string };
  channel?: { id?: string };
  actions?: Array<{
    action_id?: string;
    value?: string;
    selected_option?: { value?: string };
    action_ts?: string;
  }>;
  callback_id?: string;
  view?: { id?: string; callback_id?: string };
}

/** An interactivity payload → one interaction event. */
export function eventFromInteraction(payload: SlackInteractionPayload, now: number): InboundEvent {
  const action = payload.actions?.[0];
  const value =
    action?.value ??
    action?.selected_option?.value ??
    action?.action_id ??
    payload.view?.callback_id ??
    payload.callback_id;
  const ts = action?.action_ts ?? payload.action_ts;
  return {
    type: 'interaction',
    provider: 'slack',
    id: payload.trigger_id ?? `${payload.type ?? 'interaction'}:${ts ?? now}`,
    time: unixSecondsToIso(ts, now),
    name: payload.type ?? 'unknown',
    chatId: payload.channel?.id,
    userId: payload.user?.id,
    value,
    raw: payload,
  };
}

/** A slash command (form fields) → one interaction event named `slash_command`. */
export function eventFromSlashCommand(fields: URLSearchParams, now: number): InboundEvent {
  const command = fields.get('command') ?? '';
  const text = fields.get('text') ?? '';
  return {
    type: 'interaction',
    provider: 'slack',
    id: fields.get('trigger_id') ?? `${command}:${now}`,
    time: new Date(now).toISOString(),
    name: 'slash_command',
    chatId: fields.get('channel_id') ?? undefined,
    userId: fields.get('user_id') ?? undefined,
    value: text ? `${command} ${text}` : command,
    raw: Object.fromEntries(fields),
  };
}
