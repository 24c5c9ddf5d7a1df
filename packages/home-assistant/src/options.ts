import { httpUrlSchema } from '@infrafabric/core';
import { z } from '@infrafabric/core';

/** Default address of a Home Assistant instance on the local network. */
export const HOME_ASSISTANT_DEFAULT_BASE_URL = 'http://homeassistant.local:8123';

/** Credentials of a Home Assistant instance: a long-lived access token (Profile → Security). */
export const homeAssistantCredentialsSchema = z
  .object({
    /** Long-lived access token (secret). */
    token: z.string().min(1),
    /** Instance address, e.g. `http://homeassistant.local:8123` or `https://ha.example.com`. */
    baseUrl: httpUrlSchema.optional(),
  })
  .strict();

/** Credentials of a Home Assistant instance. */
export type HomeAssistantCredentials = z.input<typeof homeAssistantCredentialsSchema>;

/** Transport options of the Home Assistant adapter. */
export const homeAssistantTransportOptionsSchema = z
  .object({
    /** WebSocket API URL; derived from the base URL (`ws(s)://host/api/websocket`) when omitted. */
    wsUrl: z
      .string()
      .refine((v) => /^wss?:\/\//i.test(v) && URL.canParse(v), {
        message: 'must be an absolute ws(s) URL',
        params: { rule: 'ws_url' },
      })
      .optional(),
    /** Per-request timeout (REST requests, WebSocket connect + auth + one command), ms. */
    timeoutMs: z.number().int().min(1).max(600_000).default(10_000),
    /** Keep-alive ping interval of `watchStates`; a missing pong within it drops the connection. */
    pingIntervalMs: z.number().int().min(50).max(600_000).default(30_000),
    /** First reconnect delay of `watchStates`, doubled after each failed attempt. */
    reconnectDelayMs: z.number().int().min(1).max(600_000).default(1_000),
    /** Longest reconnect delay of `watchStates`. */
    maxReconnectDelayMs: z.number().int().min(1).max(3_600_000).default(30_000),
  })
  .strict();

/** Transport options of the Home Assistant adapter. */
export type HomeAssistantTransportOptions = z.input<typeof homeAssistantTransportOptionsSchema>;

/** The WebSocket API URL of an instance: `http` → `ws`, `https` → `wss`, path `/api/websocket`. */
export function websocketUrlFor(baseUrl: string): string {
  const url = new URL(baseUrl);
  url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
  url.pathname = `${url.pathname.replace(/\/+$/, '')}/api/websocket`;
  url.search = '';
  return url.toString();
}
