import { z } from '@infrafabric/core';

/** Where OBS listens when nothing else is configured (obs-websocket's default port). */
export const DEFAULT_OBS_URL = 'ws://127.0.0.1:4455';

const websocketUrl = z
  .string()
  .min(1)
  .refine((value) => /^wss?:\/\/[^\s]+$/.test(value), {
    message: 'must be a ws:// or wss:// URL, e.g. ws://127.0.0.1:4455',
    params: { rule: 'websocket_url' },
  });

/**
 * Credentials of an OBS connection: the obs-websocket server URL and its password. The password is
 * optional because authentication can be switched off in OBS (Tools → WebSocket Server Settings).
 */
export const obsCredentialsSchema = z
  .object({
    /** obs-websocket server URL; default `ws://127.0.0.1:4455`. */
    url: websocketUrl.optional(),
    /** obs-websocket server password (secret). */
    password: z.string().min(1).optional(),
  })
  .strict();
/** Credentials of an OBS connection. */
export type ObsCredentials = z.input<typeof obsCredentialsSchema>;

/** Options of {@link createObs}: credentials plus connection tuning. */
export const obsOptionsSchema = obsCredentialsSchema
  .extend({
    /** Alias of `url`, so `createAdapter('obs', {}, { baseUrl })` works like every other provider. */
    baseUrl: websocketUrl.optional(),
    /** Instance name on a Bus, when several OBS machines are driven. Defaults to `obs`. */
    name: z.string().min(1).optional(),
    /** Longest wait for one request's answer. Default 10 000 ms. */
    requestTimeoutMs: z.number().int().positive().max(600_000).default(10_000),
    /** Longest wait for the Hello/Identify handshake. Default 5 000 ms. */
    connectTimeoutMs: z.number().int().positive().max(600_000).default(5_000),
    /** Backoff of the background reconnection that keeps `events()` flowing across OBS restarts. */
    reconnect: z
      .object({
        initialDelayMs: z.number().int().positive().default(250),
        maxDelayMs: z.number().int().positive().default(10_000),
      })
      .strict()
      .default({ initialDelayMs: 250, maxDelayMs: 10_000 }),
  })
  .strict();
/** Options of {@link createObs}. */
export type ObsOptions = z.input<typeof obsOptionsSchema>;
/** {@link ObsOptions} after defaults were applied. */
export type ResolvedObsOptions = z.output<typeof obsOptionsSchema>;
