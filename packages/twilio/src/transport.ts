/** The request the Twilio SDK hands its HTTP client (see twilio/lib/base/RequestClient). */
export interface TwilioSdkRequest {
  method: string;
  uri: string;
  username?: string | undefined;
  password?: string | undefined;
  authStrategy?: { getAuthString(): Promise<string> } | undefined;
  headers?: Record<string, string> | undefined;
  params?: Record<string, unknown> | undefined;
  data?: Record<string, unknown> | undefined;
  timeout?: number | undefined;
}

/** The response shape the Twilio SDK expects back from its HTTP client. */
export interface TwilioSdkResponse {
  statusCode: number;
  body: string;
  headers: Record<string, string>;
}

/** Where each Twilio product host is sent instead of its real origin. */
export interface TwilioBaseUrls {
  /** Replaces `https://api.twilio.com`. */
  api?: string | undefined;
  /** Replaces `https://trunking.twilio.com`. */
  trunking?: string | undefined;
}

/** Options of {@link FetchTwilioHttpClient}. */
export interface FetchTwilioHttpClientOptions {
  fetch: typeof fetch;
  baseUrls: TwilioBaseUrls;
  /** Aborts the request (the Bus passes its deadline here). */
  signal?: AbortSignal | undefined;
}

function appendForm(target: URLSearchParams, values: Record<string, unknown> | undefined): void {
  for (const [key, value] of Object.entries(values ?? {})) {
    if (value === undefined || value === null) continue;
    // Twilio repeats a key for list parameters (MediaUrl=a&MediaUrl=b), like the SDK's qs "repeat" format.
    for (const item of Array.isArray(value) ? value : [value]) target.append(key, String(item));
  }
}

/**
 * The HTTP client injected into the Twilio SDK. The SDK still builds every request (paths,
 * parameter names, serialization) and parses every response; this client only sends it, with
 * `fetch` so the per-call abort signal works, rewriting the host when a base URL override is set
 * and remembering the response headers (the SDK's RestException drops `Retry-After`).
 */
export class FetchTwilioHttpClient {
  /** Headers of the last response, for error mapping. */
  lastResponseHeaders: Headers | undefined;

  /** @param options fetch, base URL overrides and this call's abort signal. */
  constructor(private readonly options: FetchTwilioHttpClientOptions) {}

  /** Rewrites `https://<product>[.edge.region].twilio.com/...` to the configured override. */
  resolveUrl(uri: string): URL {
    const url = new URL(uri);
    const product = url.hostname.split('.')[0] as keyof TwilioBaseUrls;
    const override = url.hostname.endsWith('twilio.com') ? this.options.baseUrls[product] : undefined;
    if (!override) return url;
    const base = new URL(override);
    const prefix = base.pathname.replace(/\/$/, '');
    return new URL(`${base.origin}${prefix}${url.pathname}${url.search}`);
  }

  /** Sends one request built by the SDK. */
  async request(request: TwilioSdkRequest): Promise<TwilioSdkResponse> {
    const url = this.resolveUrl(request.uri);
    const query = new URLSearchParams(url.search);
    appendForm(query, request.params);
    url.search = query.toString();

    const headers = new Headers();
    for (const [key, value] of Object.entries(request.headers ?? {})) {
      if (key.toLowerCase() !== 'connection') headers.set(key, value);
    }
    if (request.username && request.password) {
      headers.set(
        'authorization',
        `Basic ${Buffer.from(`${request.username}:${request.password}`).toString('base64')}`,
      );
    } else if (request.authStrategy) {
      headers.set('authorization', await request.authStrategy.getAuthString());
    }

    let body: string | undefined;
    if (request.data && request.method.toLowerCase() !== 'get') {
      const type = headers.get('content-type') ?? 'application/x-www-form-urlencoded';
      if (type.startsWith('application/json')) body = JSON.stringify(request.data);
      else {
        const form = new URLSearchParams();
        appendForm(form, request.data);
        body = form.toString();
      }
    }

    const response = await this.options.fetch(url, {
      method: request.method.toUpperCase(),
      headers,
      body,
      redirect: 'manual',
      signal: this.options.signal,
    });
    this.lastResponseHeaders = response.headers;
    const responseHeaders: Record<string, string> = {};
    response.headers.forEach((value, key) => {
      responseHeaders[key] = value;
    });
    return { statusCode: response.status, body: await response.text(), headers: responseHeaders };
  }
}
