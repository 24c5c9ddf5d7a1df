/** A failed HTTP response from a Vonage API, with its body and headers (for error mapping). */
export class VonageHttpError extends Error {
  /**
   * @param status HTTP status.
   * @param body The parsed JSON body, or its text.
   * @param headers The response headers (for `Retry-After`).
   */
  constructor(
    readonly status: number,
    readonly body: unknown,
    readonly headers: Headers,
  ) {
    super(`Vonage answered HTTP ${status}`);
    this.name = 'VonageHttpError';
  }
}

/** The request object the Vonage SDK's `Client` builds (VetchOptions). */
interface VonageSdkRequest {
  url: string;
  method: string;
  headers?: Record<string, string>;
}

/** The public request pipeline every Vonage SDK client inherits from `@vonage/server-client`. */
interface VonageClientPipeline {
  sendRequest(request: VonageSdkRequest): Promise<unknown>;
  prepareRequest(request: VonageSdkRequest): Promise<VonageSdkRequest>;
  prepareBody(request: VonageSdkRequest): string | undefined;
  parseResponse(request: VonageSdkRequest, response: Response): Promise<unknown>;
}

async function readBody(response: Response): Promise<unknown> {
  const text = await response.text().catch(() => '');
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/**
 * Returns a per-call view of a Vonage SDK client (Voice, SMS, Numbers, Accounts) whose requests
 * go through `fetch` with this call's abort signal. The SDK still builds every request (URL,
 * authentication, JWT, body encoding) and parses every success; only sending is replaced,
 * because the SDK calls the global `fetch` with no way to pass a signal. Failed responses become
 * a {@link VonageHttpError} carrying the body and `Retry-After`.
 */
export function bindVonageClient<T extends object>(
  client: T,
  options: { fetch: typeof fetch; signal?: AbortSignal | undefined },
): T {
  const bound = Object.create(client) as T & VonageClientPipeline;
  bound.sendRequest = async (request) => {
    const prepared = await bound.prepareRequest(request);
    const response = await options.fetch(prepared.url, {
      method: prepared.method,
      headers: prepared.headers,
      body: bound.prepareBody(prepared),
      signal: options.signal,
    });
    if (!response.ok) throw new VonageHttpError(response.status, await readBody(response), response.headers);
    return bound.parseResponse(prepared, response);
  };
  return bound;
}
