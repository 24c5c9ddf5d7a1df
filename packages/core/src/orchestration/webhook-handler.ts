import type { AnyAdapter } from '../adapters/adapter';
import type { InboundEvent, WebhookResult } from '../adapters/inbound';
import { isInfraFabricError } from '../errors/infrafabric-error';
import { WebhookVerificationError } from '../provider-utils/webhook-verification';
import { DEFAULT_DEDUP_TTL_MS, type DedupStore, MemoryDedupStore } from './dedup-store';

/** Options of the webhook handler. */
export interface WebhookHandlerOptions {
  /** Path prefix the handler is mounted at; the next segment names the adapter. Default `/webhooks`. */
  basePath?: string | undefined;
  /** Where handled event ids are recorded. Default in memory. */
  dedup?: DedupStore | undefined;
  /** How long an event id is remembered. Default 72 h (longer than providers' retry windows). */
  dedupTtlMs?: number | undefined;
  /**
   * Serverless hosts pass their `waitUntil` so event processing continues after the response;
   * otherwise processing runs in the background of this process.
   */
  waitUntil?: ((promise: Promise<unknown>) => void) | undefined;
}

/** What the handler needs from the bus. */
export interface WebhookHandlerContext {
  adapter(name: string): AnyAdapter | undefined;
  /** Delivers verified, deduplicated events (inbox, listeners, routing rules). */
  deliver(events: InboundEvent[]): Promise<void>;
  /** Reports a processing failure (events were accepted; the provider will not retry). */
  onError(error: unknown): void;
}

/**
 * The Bus's one Web-standard webhook endpoint: `handle(request)` → `Response`. Mount it at
 * `/webhooks/<adapter-name>` for each provider. It verifies the signature through the adapter
 * (forged, stale or malformed requests get 401/400/413/415 and nothing is dispatched), drops events
 * already seen (provider retries), answers at once and processes in the background.
 */
export class WebhookHandler {
  private readonly basePath: string;
  private readonly dedup: DedupStore;

  constructor(
    private readonly context: WebhookHandlerContext,
    private readonly options: WebhookHandlerOptions = {},
  ) {
    this.basePath = (options.basePath ?? '/webhooks').replace(/\/$/, '');
    this.dedup = options.dedup ?? new MemoryDedupStore();
  }

  /** Handles one request. Never throws: every failure becomes an HTTP response. */
  handle = async (request: Request): Promise<Response> => {
    const path = new URL(request.url).pathname;
    if (!path.startsWith(`${this.basePath}/`)) return text(404, 'Not found');
    const name = decodeURIComponent(path.slice(this.basePath.length + 1).split('/')[0] ?? '');
    const adapter = this.context.adapter(name);
    const parse =
      adapter && (adapter as { parseWebhook?: (r: Request) => Promise<WebhookResult> }).parseWebhook;
    if (!adapter || typeof parse !== 'function') return text(404, `No webhook receiver named "${name}"`);
    let result: WebhookResult;
    try {
      result = await parse.call(adapter, request);
    } catch (error) {
      if (error instanceof WebhookVerificationError || (isInfraFabricError(error) && 'httpStatus' in error)) {
        const rejection = error as WebhookVerificationError;
        return text(rejection.httpStatus, rejection.reason);
      }
      if (isInfraFabricError(error) && error.code === 'validation') return text(400, 'invalid request');
      this.context.onError(error);
      return text(500, 'webhook processing failed');
    }
    const fresh: InboundEvent[] = [];
    for (const raw of result.events) {
      // Events are addressed by the adapter's name on this bus, like commands (two Slack workspaces).
      const event = raw.provider === name ? raw : { ...raw, provider: name };
      // An event without an id cannot be deduplicated; deliver it rather than drop it.
      if (!event.id) {
        fresh.push(event);
        continue;
      }
      if (await this.dedup.claim(`${name}:${event.id}`, this.options.dedupTtlMs ?? DEFAULT_DEDUP_TTL_MS))
        fresh.push(event);
    }
    if (fresh.length > 0) {
      const work = this.context.deliver(fresh).catch((error) => this.context.onError(error));
      if (this.options.waitUntil) this.options.waitUntil(work);
    }
    return result.response ?? new Response(null, { status: 200 });
  };
}

function text(status: number, body: string): Response {
  return new Response(body, { status, headers: { 'content-type': 'text/plain; charset=utf-8' } });
}
