import { z } from 'zod';

/** A non-empty identifier assigned by a provider (message id, server id, payment id...). */
export const idSchema = z.string().trim().min(1, { message: 'must not be empty' });

/** An absolute `http(s)` URL. */
export const httpUrlSchema = z.string().refine((v) => /^https?:\/\//i.test(v) && URL.canParse(v), {
  message: 'must be an absolute http(s) URL',
  params: { rule: 'url' },
});

/** String key/value metadata passed through to providers that support it. */
export const metadataSchema = z.record(z.string(), z.string());

/**
 * Provider-specific extras, keyed by provider name (the AI SDK's `providerOptions` idea):
 * `{ slack: { blocks: [...] }, discord: { embeds: [...] } }`. Each adapter reads only its own key.
 */
export const providerOptionsSchema = z.record(z.string(), z.record(z.string(), z.unknown()));

/** Provider-specific extras keyed by provider name. See {@link providerOptionsSchema}. */
export type ProviderOptions = z.infer<typeof providerOptionsSchema>;

/** Identity returned by `check()`: who these credentials are. */
export interface AccountIdentity {
  /** The provider's id for the account, bot, user or project. */
  id: string;
  /** A human-readable name (bot username, account name, OBS version...). */
  name?: string | undefined;
  /** Anything else the provider returned that identifies the account (never secrets). */
  details?: Record<string, unknown> | undefined;
}

/** A page of results with an opaque cursor for the next page. */
export interface Page<T> {
  items: T[];
  /** Pass back as `cursor` to get the next page; absent on the last page. */
  nextCursor?: string | undefined;
}
