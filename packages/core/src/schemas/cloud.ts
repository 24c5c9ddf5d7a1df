import { z } from 'zod';
import type { Money } from './money';
import { idSchema, providerOptionsSchema } from './common';

/** Tag key set on every server InfraFabric creates, so a clean-up sweep can find it. */
export const MANAGED_TAG_KEY = 'infrafabric-managed';

/** Normalized server lifecycle states across clouds. */
export const serverStatusSchema = z.enum([
  'pending',
  'running',
  'stopping',
  'stopped',
  'rebooting',
  'terminating',
  'terminated',
  'error',
  'unknown',
]);
/** Normalized server state. */
export type ServerStatus = z.infer<typeof serverStatusSchema>;

/** What to create: one server. */
export const serverSpecSchema = z.object({
  name: z
    .string()
    .min(1)
    .max(63)
    .regex(/^[a-zA-Z0-9][a-zA-Z0-9-]*$/, {
      message: 'use letters, digits and hyphens, starting with a letter or digit',
    }),
  /** Provider size/instance type id, e.g. `t3.micro`, `Standard_B1s`. */
  size: idSchema,
  /** Provider image id, e.g. an AMI id or an Azure image reference `publisher:offer:sku:version`. */
  image: idSchema,
  /** Region / location id, e.g. `eu-west-1`, `westeurope`. */
  region: idSchema,
  /** Cloud-init / user data, as plain text (adapters encode it as the provider needs). */
  userData: z.string().max(65_536).optional(),
  /** SSH key ids or names known to the provider, or public keys where the provider takes them. */
  sshKeys: z.array(z.string().min(1)).optional(),
  tags: z.record(z.string().min(1).max(128), z.string().max(256)).optional(),
  providerOptions: providerOptionsSchema.optional(),
});
/** What to create: one server. */
export type ServerSpec = z.input<typeof serverSpecSchema>;

/** Input naming one server. */
export const serverRefSchema = z.object({ id: idSchema });
/** Input naming one server. */
export type ServerRef = z.input<typeof serverRefSchema>;

/** Input of `listServers`. */
export const listServersInputSchema = z.object({
  region: idSchema.optional(),
  /** Only servers carrying all these tags. */
  tags: z.record(z.string(), z.string()).optional(),
});
/** Input of `listServers`. */
export type ListServersInput = z.input<typeof listServersInputSchema>;

/** Input of `listSizes`, `listImages`. */
export const listCatalogInputSchema = z.object({
  region: idSchema.optional(),
  /** Image owner/publisher (AWS owner id or alias, Azure publisher). */
  owner: z.string().min(1).optional(),
  /** Provider filter, e.g. an AMI name pattern. */
  filter: z.string().min(1).optional(),
});
/** Input of `listSizes`, `listImages`. */
export type ListCatalogInput = z.input<typeof listCatalogInputSchema>;

/** Input of `waitForServer`. */
export const waitForServerInputSchema = z.object({
  id: idSchema,
  status: serverStatusSchema,
  timeoutMs: z.number().int().positive().default(600_000),
  pollIntervalMs: z.number().int().positive().default(2_000),
});
/** Input of `waitForServer`. */
export type WaitForServerInput = z.input<typeof waitForServerInputSchema>;

/** A server as every cloud describes it. */
export interface Server {
  id: string;
  name?: string | undefined;
  status: ServerStatus;
  /** The provider's own state string, unmapped. */
  providerStatus?: string | undefined;
  size?: string | undefined;
  image?: string | undefined;
  region?: string | undefined;
  addresses: { public: string[]; private: string[] };
  tags: Record<string, string>;
  /** ISO 8601. */
  createdAt?: string | undefined;
}

/** A server size / instance type. */
export interface ServerSize {
  id: string;
  vcpus?: number | undefined;
  memoryMb?: number | undefined;
  diskGb?: number | undefined;
  gpus?: number | undefined;
  priceHourly?: Money | undefined;
}

/** A bootable image. */
export interface ServerImage {
  id: string;
  name?: string | undefined;
  description?: string | undefined;
  owner?: string | undefined;
  architecture?: string | undefined;
}

/** A region / location. */
export interface CloudRegion {
  id: string;
  name?: string | undefined;
  available?: boolean | undefined;
}
