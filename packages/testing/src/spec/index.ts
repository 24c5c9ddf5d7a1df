/**
 * The spec validator: checks the requests an adapter sends (recorded with `recordRequests`)
 * against the provider's own published API description in `shared/specs`.
 *
 * @packageDocumentation
 */
export type { ApiSpec, LoadSpecOptions, ObsRequestMessage, ObsSpec, SpecFormat, SpecMismatch } from './types';
export { findSpecsRoot, SPECS_DIR_ENV } from './specs-root';
export { loadSpec, requireSpec } from './load-spec';
export {
  expectRequestsToMatchSpec,
  type ExpectRequestsOptions,
  type KnownSpecDifference,
} from './expect-requests';
export { decodeForm, encodeForm, type FormValue } from './form-decode';
