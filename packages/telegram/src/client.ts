import { lazyModule, parseRetryAfter } from '@infrafabric/core';
import type { Api, InputFile } from 'grammy';
import { TelegramHttpFailure } from './errors';

/** grammy, loaded on first use so importing this package stays cheap. */
export const loadGrammy: () => Promise<{ Api: typeof Api; InputFile: typeof InputFile }> = lazyModule(
  'grammy',
  () => import('grammy'),
);

/** Whether a failed response carries Telegram's own `{ ok: false, error_code, description }` body. */
function isTelegramErrorText(text: string): boolean {
  try {
    const body = JSON.parse(text) as { ok?: unknown; error_code?: unknown };
    return body.ok === false && typeof body.error_code === 'number';
  } catch {
    return false;
  }
}

async function collect(body: AsyncIterable<Uint8Array>): Promise<Uint8Array> {
  const chunks: Uint8Array[] = [];
  for await (const chunk of body)
    chunks.push(typeof chunk === 'string' ? new TextEncoder().encode(chunk) : chunk);
  return Buffer.concat(chunks);
}

/**
 * grammy aborts through the `abort-controller` polyfill, whose signal WHATWG `fetch` refuses;
 * mirror it onto a native signal.
 */
function nativeSignal(given: AbortSignal | null | undefined): AbortSignal | undefined {
  if (!given) return undefined;
  if (given instanceof AbortSignal) return given;
  const signal = given as {
    aborted: boolean;
    addEventListener(type: 'abort', listener: () => void, options: object): void;
  };
  const controller = new AbortController();
  if (signal.aborted) controller.abort();
  else signal.addEventListener('abort', () => controller.abort(), { once: true });
  return controller.signal;
}

/**
 * Adapts grammy's requests to WHATWG `fetch` and keeps the HTTP status of failures that are not
 * Telegram error bodies (a proxy's HTML 502, an empty 504).
 * grammy streams multipart uploads as a Node stream and sets node-fetch-only options; the stream
 * is buffered (bot uploads are at most 50 MB) and the `connection` header dropped, which
 * undici rejects.
 */
export function telegramFetch(base: typeof fetch): typeof fetch {
  return async (input, init) => {
    const headers = new Headers(init?.headers);
    headers.delete('connection');
    const raw = init?.body as unknown;
    const body =
      raw !== null && typeof raw === 'object' && Symbol.asyncIterator in raw
        ? await collect(raw as AsyncIterable<Uint8Array>)
        : (init?.body ?? undefined);
    const response = await base(input, {
      method: init?.method,
      headers,
      body: body as BodyInit | undefined,
      signal: nativeSignal(init?.signal),
    });
    if (response.ok) return response;
    const text = await response.text().catch(() => '');
    if (!isTelegramErrorText(text)) {
      throw new TelegramHttpFailure(response.status, parseRetryAfter(response.headers.get('retry-after')));
    }
    return new Response(text, { status: response.status, headers: response.headers });
  };
}

/**
 * Creates grammy's `Api` client pointed at `baseUrl` (`client.apiRoot`). grammy's core client
 * never retries (retries live in the separate auto-retry plugin, not installed), so the
 * InfraFabric dispatcher alone decides about retries.
 */
export async function createTelegramApi(
  token: string,
  baseUrl: string,
  fetchImpl: typeof fetch | undefined,
): Promise<Api> {
  const { Api } = await loadGrammy();
  return new Api(token, {
    apiRoot: baseUrl,
    fetch: telegramFetch(fetchImpl ?? globalThis.fetch) as never,
    // Never log the URL: it contains the bot token.
    sensitiveLogs: false,
  });
}
