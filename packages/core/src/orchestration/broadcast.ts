import type { ChatAdapter } from '../adapters/chat-adapter';
import type { DispatchOptions, OperationOutcome } from '../dispatch/dispatcher';
import type { InfraFabricError } from '../errors/infrafabric-error';
import type { SentMessage } from '../schemas/chat';
import { type PortableMessage, markdownToPlain, splitText } from './portable-message';
import { type OverallStatus, isTimeout, overallStatus } from './target-result';

/** One destination of a broadcast: an adapter name on the bus and a chat on that platform. */
export interface BroadcastTarget {
  provider: string;
  chatId: string;
  threadId?: string | undefined;
}

/** What happened at one target. Every target appears exactly once. */
export type BroadcastTargetResult =
  | { target: BroadcastTarget; status: 'sent'; message: SentMessage; attempts: number; latencyMs: number }
  | {
      target: BroadcastTarget;
      status: 'failed' | 'timed_out';
      error: InfraFabricError;
      attempts: number;
      latencyMs: number;
      /** Ids of the parts that were delivered before the failure (long text split into several messages). */
      deliveredIds?: string[] | undefined;
    }
  | { target: BroadcastTarget; status: 'skipped'; reason: string };

/** The result of a broadcast: every target's outcome plus an overall status. */
export interface BroadcastResult {
  status: OverallStatus;
  results: BroadcastTargetResult[];
  /** Correlates the audit entries of this broadcast. */
  traceId: string;
}

/** Options of a broadcast. */
export interface BroadcastOptions extends DispatchOptions {
  /** Targets sent to at once. Default 8. */
  concurrency?: number | undefined;
  /** Skip a target (return a reason) or send (return undefined). */
  skip?: ((target: BroadcastTarget) => string | undefined) | undefined;
  /** What to do with text over a platform's limit: split into several messages (default) or skip the target. */
  overLength?: 'split' | 'skip' | undefined;
}

/** What broadcast needs from the bus. */
export interface BroadcastContext {
  adapter(name: string): ChatAdapter | undefined;
  /**
   * True when commands run elsewhere (a queue transport): a target whose adapter is not in this
   * process is then sent as given (no local format fallback or splitting) and the worker decides.
   */
  remote?: boolean | undefined;
  send(
    operation: 'sendMessage' | 'sendMedia',
    provider: string,
    input: unknown,
    traceId: string,
    options: DispatchOptions,
  ): Promise<OperationOutcome<SentMessage>>;
}

async function sendRemote(
  context: BroadcastContext,
  message: PortableMessage,
  target: BroadcastTarget,
  traceId: string,
  options: BroadcastOptions,
): Promise<BroadcastTargetResult> {
  const to = { chatId: target.chatId, threadId: target.threadId };
  const input = { to, text: message.text, format: message.format ?? 'plain' };
  const outcome = await context.send('sendMessage', target.provider, input, traceId, options);
  if (!outcome.ok) {
    const status = isTimeout(outcome.error) ? 'timed_out' : 'failed';
    return { target, status, error: outcome.error, attempts: outcome.attempts, latencyMs: outcome.latencyMs };
  }
  return {
    target,
    status: 'sent',
    message: outcome.value,
    attempts: outcome.attempts,
    latencyMs: outcome.latencyMs,
  };
}

/** Runs `fn` over `items` with at most `limit` in flight, keeping order in the results. */
export async function mapWithConcurrency<T, R>(
  items: readonly T[],
  limit: number,
  fn: (item: T, index: number) => Promise<R>,
): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const workers = Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, async () => {
    for (;;) {
      const index = next++;
      if (index >= items.length) return;
      results[index] = await fn(items[index]!, index);
    }
  });
  await Promise.all(workers);
  return results;
}

/**
 * Sends one portable message to many chat targets across platforms, concurrently. Each adapter
 * translates markdown into its dialect; a platform without markdown gets plain text; text over a
 * platform's limit is split (or the target skipped); attachments go to platforms that take media.
 * Never throws for a target's failure: every target is reported.
 */
export async function broadcast(
  context: BroadcastContext,
  message: PortableMessage,
  targets: readonly BroadcastTarget[],
  traceId: string,
  options: BroadcastOptions = {},
): Promise<BroadcastResult> {
  const results = await mapWithConcurrency(
    targets,
    options.concurrency ?? 8,
    async (target): Promise<BroadcastTargetResult> => {
      const skipReason = options.skip?.(target);
      if (skipReason) return { target, status: 'skipped', reason: skipReason };
      const adapter = context.adapter(target.provider);
      if (!adapter && context.remote) return sendRemote(context, message, target, traceId, options);
      if (adapter?.kind !== 'chat')
        return {
          target,
          status: 'skipped',
          reason: `no chat adapter named "${target.provider}" on this bus`,
        };
      const wanted = message.format ?? 'plain';
      const format = adapter.capabilities.formats.includes(wanted) ? wanted : 'plain';
      const text = format === wanted || wanted !== 'markdown' ? message.text : markdownToPlain(message.text);
      const limit = adapter.capabilities.maxTextLength;
      if ([...text].length > limit && options.overLength === 'skip') {
        return {
          target,
          status: 'skipped',
          reason: `text is over ${target.provider}'s ${limit}-character limit`,
        };
      }
      const parts = splitText(text, limit);
      const to = { chatId: target.chatId, threadId: target.threadId };
      let first: SentMessage | undefined;
      const additional: string[] = [];
      let attempts = 0;
      let latencyMs = 0;
      const steps: Array<{ operation: 'sendMessage' | 'sendMedia'; input: unknown }> = parts.map((part) => ({
        operation: 'sendMessage',
        input: { to, text: part, format },
      }));
      const canMedia = adapter.capabilities.operations.sendMedia && typeof adapter.sendMedia === 'function';
      for (const attachment of message.attachments ?? []) {
        if (
          canMedia &&
          ((attachment.url && adapter.capabilities.media.url) ||
            (attachment.data && adapter.capabilities.media.bytes))
        ) {
          steps.push({ operation: 'sendMedia', input: { to, media: attachment } });
        }
      }
      for (const step of steps) {
        const outcome = await context.send(step.operation, target.provider, step.input, traceId, options);
        attempts += outcome.attempts;
        latencyMs += outcome.latencyMs;
        if (!outcome.ok) {
          const deliveredIds = first ? [first.id, ...additional] : undefined;
          return {
            target,
            status: isTimeout(outcome.error) ? 'timed_out' : 'failed',
            error: outcome.error,
            attempts,
            latencyMs,
            deliveredIds,
          };
        }
        if (first) additional.push(outcome.value.id);
        else first = outcome.value;
      }
      const sent = { ...(first as SentMessage), ...(additional.length ? { additionalIds: additional } : {}) };
      return { target, status: 'sent', message: sent, attempts, latencyMs };
    },
  );
  return { status: overallStatus(results), results, traceId };
}
