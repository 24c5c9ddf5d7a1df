import { lazyModule } from '@infrafabric/core';

/** bullmq, loaded on first use (it costs ~86 ms and 22 MiB to import). */
export const loadBullmq: () => Promise<typeof import('bullmq')> = lazyModule(
  'bullmq',
  () => import('bullmq'),
);
/** ioredis, loaded on first use. bullmq 6 no longer installs it for you. */
export const loadIoredis: () => Promise<typeof import('ioredis')> = lazyModule(
  'ioredis',
  () => import('ioredis'),
);

/** How to reach Redis: host/port/url options, or an ioredis instance you manage. */
export type RedisConnection =
  | {
      host?: string;
      port?: number;
      url?: string;
      password?: string;
      username?: string;
      db?: number;
      tls?: object;
    }
  | RedisLike;

/** The subset of an ioredis client this package uses. */
export interface RedisLike {
  set(key: string, value: string, ...args: Array<string | number>): Promise<unknown>;
  get(key: string): Promise<string | null>;
  del(...keys: string[]): Promise<number>;
  xadd(key: string, id: string, ...fieldsAndValues: string[]): Promise<string | null>;
  xrange(
    key: string,
    start: string,
    end: string,
    ...args: Array<string | number>
  ): Promise<Array<[string, string[]]>>;
  quit(): Promise<unknown>;
  duplicate(): RedisLike;
}

/** True when `connection` is a client instance rather than options. */
export function isClient(connection: RedisConnection): connection is RedisLike {
  return typeof (connection as RedisLike).duplicate === 'function';
}

/** Opens an ioredis client for `connection` (a new one each call; bullmq needs `maxRetriesPerRequest: null`). */
export async function openRedis(connection: RedisConnection): Promise<RedisLike> {
  if (isClient(connection)) return connection.duplicate();
  const { Redis } = await loadIoredis();
  const { url, ...options } = connection;
  const client = url
    ? new Redis(url, { maxRetriesPerRequest: null, ...options })
    : new Redis({ maxRetriesPerRequest: null, ...options });
  return client as unknown as RedisLike;
}
