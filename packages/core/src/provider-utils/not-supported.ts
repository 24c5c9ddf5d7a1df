import { NotSupportedError } from '../errors/infrafabric-error';

/** Builds the standard NotSupportedError for an operation a provider cannot do, with a reason. */
export function notSupported(provider: string, operation: string, why?: string): NotSupportedError {
  return new NotSupportedError(
    `${provider}.${operation} is not supported${why ? `: ${why}` : ''}. Check adapter.capabilities.operations before calling, or use another provider.`,
    { provider, operation },
  );
}
