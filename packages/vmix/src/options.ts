import { httpUrlSchema } from '@infrafabric/core';
import { z } from '@infrafabric/core';

/** Default address of vMix's Web Controller / HTTP API (Settings → Web Controller). */
export const VMIX_DEFAULT_BASE_URL = 'http://127.0.0.1:8088';
/** vMix's TCP API port (fixed by vMix). */
export const VMIX_DEFAULT_TCP_PORT = 8099;

/**
 * Credentials of a vMix instance. The Web API has no token: it is open unless a Web Controller
 * password is set, in which case vMix asks for HTTP basic auth.
 */
export const vmixCredentialsSchema = z
  .object({
    /** Web API address, e.g. `http://192.168.1.20:8088`. */
    baseUrl: httpUrlSchema.optional(),
    /** Web Controller user name (only when a password is set in vMix). */
    username: z.string().min(1).optional(),
    /** Web Controller password (secret). */
    password: z.string().min(1).optional(),
  })
  .strict()
  .refine((v) => (v.username === undefined) === (v.password === undefined), {
    message: 'give both username and password, or neither',
    params: { rule: 'basic_auth_pair' },
    path: ['password'],
  });

/** Credentials of a vMix instance. */
export type VmixCredentials = z.input<typeof vmixCredentialsSchema>;

/** Transport options of the vMix adapter. */
export const vmixTransportOptionsSchema = z
  .object({
    /** Host of the TCP API used by `events()`; defaults to the base URL's host. */
    tcpHost: z.string().min(1).optional(),
    /** TCP API port (vMix uses 8099). */
    tcpPort: z.number().int().min(1).max(65_535).default(VMIX_DEFAULT_TCP_PORT),
    /** Per-request timeout of the HTTP API in milliseconds. */
    timeoutMs: z.number().int().min(1).max(600_000).default(10_000),
  })
  .strict();

/** Transport options of the vMix adapter. */
export type VmixTransportOptions = z.input<typeof vmixTransportOptionsSchema>;
