import type {
  CloudRegion,
  ListCatalogInput,
  ListServersInput,
  Server,
  ServerImage,
  ServerRef,
  ServerSize,
  ServerSpec,
  WaitForServerInput,
} from '../schemas/cloud';
import type { Adapter, BaseCapabilities, CallOptions } from './adapter';

/** Optional cloud operations, each mirrored in `capabilities.operations`. */
export const CLOUD_OPERATIONS = [
  'rebootServer',
  'waitForServer',
  'listSizes',
  'listImages',
  'listRegions',
] as const;
/** Optional cloud operation name. */
export type CloudOperation = (typeof CLOUD_OPERATIONS)[number];

/** What a cloud can do. */
export interface CloudCapabilities extends BaseCapabilities<CloudOperation> {
  readonly userData: boolean;
  readonly tags: boolean;
}

/**
 * A cloud's servers: AWS EC2, Azure VMs, Hetzner... `createServer` returns at once with a pending
 * server; use `waitForServer` (or core's `waitForServerStatus`) to wait until it runs.
 */
export interface CloudAdapter extends Adapter<'cloud', CloudCapabilities> {
  listServers(input?: ListServersInput, options?: CallOptions): Promise<Server[]>;
  getServer(input: ServerRef, options?: CallOptions): Promise<Server>;
  createServer(input: ServerSpec, options?: CallOptions): Promise<Server>;
  destroyServer(input: ServerRef, options?: CallOptions): Promise<void>;
  rebootServer?(input: ServerRef, options?: CallOptions): Promise<void>;
  /** Polls with backoff until the server reaches `status`, or throws a TimeoutError at the deadline. */
  waitForServer?(input: WaitForServerInput, options?: CallOptions): Promise<Server>;
  listSizes?(input?: ListCatalogInput, options?: CallOptions): Promise<ServerSize[]>;
  listImages?(input?: ListCatalogInput, options?: CallOptions): Promise<ServerImage[]>;
  listRegions?(input?: Record<string, never>, options?: CallOptions): Promise<CloudRegion[]>;
}
