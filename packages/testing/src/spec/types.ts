import type { RecordedRequest } from '../msw/request-log';

/** The machine-readable formats the spec validator understands. */
export type SpecFormat = 'openapi' | 'swagger2' | 'telegram' | 'obs' | 'aws-query';

/** One way a request disagrees with the provider's published spec. */
export interface SpecMismatch {
  /** The request in short form, e.g. `"POST /v1/refunds"` (for OBS: `"OBS SetCurrentProgramScene"`). */
  request: string;
  /** What is wrong, naming the parameter or body field. */
  problem: string;
}

/** A provider's published API description, loaded and ready to check recorded requests. */
export interface ApiSpec {
  /** The path (relative to the specs root) it was loaded from, e.g. `stripe/spec3.yaml`. */
  readonly name: string;
  /** The format it was loaded as. */
  readonly format: SpecFormat;
  /** Checks one request; an empty array means it matches the spec. */
  check(request: RecordedRequest): SpecMismatch[];
}

/** A WebSocket request message of obs-websocket 5.x (the `d` of an `op: 6` message). */
export interface ObsRequestMessage {
  requestType: string;
  requestData?: Record<string, unknown>;
}

/** The obs-websocket protocol: OBS is not HTTP, so messages are checked with {@link ObsSpec.checkMessage}. */
export interface ObsSpec extends ApiSpec {
  /** Checks one WebSocket request message: the request type exists and its fields match. */
  checkMessage(message: ObsRequestMessage): SpecMismatch[];
}

/** How to read a spec file. */
export interface LoadSpecOptions {
  /** The file's format. */
  format: SpecFormat;
  /**
   * The base URL the adapter's requests start with (e.g. `https://api.stripe.com`,
   * `https://slack.com/api`); it is stripped, path part included, before matching spec paths.
   * Defaults to the spec's own server (OpenAPI `servers[0]`, Swagger `basePath`,
   * `https://api.telegram.org` for Telegram).
   */
  serverUrl?: string;
}
