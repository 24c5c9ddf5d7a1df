import { ValidationError } from '../errors/infrafabric-error';

/**
 * Loads a provider's official SDK on first use and caches it, so importing a provider package
 * costs almost nothing (SDKs take 20–230 ms and up to 90 MiB to import).
 *
 * @example
 * ```ts
 * const loadStripe = lazyModule('stripe', () => import('stripe'));
 * const { default: Stripe } = await loadStripe();
 * ```
 */
export function lazyModule<T>(packageName: string, load: () => Promise<T>): () => Promise<T> {
  let cached: Promise<T> | undefined;
  return () => {
    cached ??= load().catch((error: unknown) => {
      cached = undefined;
      throw new ValidationError(
        `Could not load "${packageName}" (${(error as Error)?.message ?? error}). Install it: npm install ${packageName}`,
        {
          field: packageName,
          rule: 'installed',
          cause: error,
        },
      );
    });
    return cached;
  };
}
