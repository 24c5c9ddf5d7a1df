import {
  AuthenticationError,
  type InfraFabricError,
  NetworkError,
  NotFoundError,
  NotSupportedError,
  ProviderError,
  TimeoutError,
  ValidationError,
  isInfraFabricError,
} from '@infrafabric/core';

/** obs-websocket v5 `RequestStatus` codes (protocol.json `enums[RequestStatus]`), by number. */
export const OBS_REQUEST_STATUS: Readonly<Record<number, string>> = {
  100: 'Success',
  203: 'MissingRequestType',
  204: 'UnknownRequestType',
  205: 'GenericError',
  206: 'UnsupportedRequestBatchExecutionType',
  207: 'NotReady',
  300: 'MissingRequestField',
  301: 'MissingRequestData',
  400: 'InvalidRequestField',
  401: 'InvalidRequestFieldType',
  402: 'RequestFieldOutOfRange',
  403: 'RequestFieldEmpty',
  404: 'TooManyRequestFields',
  500: 'OutputRunning',
  501: 'OutputNotRunning',
  502: 'OutputPaused',
  503: 'OutputNotPaused',
  504: 'OutputDisabled',
  505: 'StudioModeActive',
  506: 'StudioModeNotActive',
  600: 'ResourceNotFound',
  601: 'ResourceAlreadyExists',
  602: 'InvalidResourceType',
  603: 'NotEnoughResources',
  604: 'InvalidResourceState',
  605: 'InvalidInputKind',
  606: 'ResourceNotConfigurable',
  607: 'InvalidFilterKind',
  700: 'ResourceCreationFailed',
  701: 'ResourceActionFailed',
  702: 'RequestProcessingFailed',
  703: 'CannotAct',
};

/** obs-websocket v5 `WebSocketCloseCode` values the adapter treats specially. */
export const OBS_CLOSE_CODE = {
  authenticationFailed: 4009,
  unsupportedRpcVersion: 4010,
  sessionInvalidated: 4011,
} as const;

/** Where a failure happened, for messages and error fields. */
export interface ObsErrorContext {
  provider: string;
  operation?: string | undefined;
  /** The obs-websocket request type, e.g. `SetCurrentProgramScene`. */
  requestType?: string | undefined;
}

function at(context: ObsErrorContext): string {
  const where = context.operation ? `${context.provider}.${context.operation}` : context.provider;
  return context.requestType ? `${where} (${context.requestType})` : where;
}

/**
 * Maps a failed obs-websocket request (its `requestStatus.code` and `comment`) onto a core error,
 * keeping the status name in `providerCode`: field problems are validation errors, missing
 * scenes/inputs not-found, `NotReady` and `RequestProcessingFailed` retryable provider errors.
 */
export function errorFromRequestStatus(
  code: number,
  comment: string | undefined,
  context: ObsErrorContext,
): InfraFabricError {
  const name = OBS_REQUEST_STATUS[code] ?? `Status${code}`;
  const base = { provider: context.provider, operation: context.operation, providerCode: name };
  const said = comment ? ` OBS said: ${comment}` : '';
  const head = `${at(context)}: OBS answered ${code} ${name}.`;
  if (code === 600) return new NotFoundError(`${head} Check the scene or input name.${said}`, base);
  if (code === 506 || code === 505) {
    const want = code === 506 ? 'on' : 'off';
    return new ValidationError(
      `${head} This needs Studio Mode ${want}: switch it ${want} in OBS (Studio Mode button) first.${said}`,
      { ...base, field: 'studioMode', rule: `studio_mode_${want}` },
    );
  }
  if (code === 204)
    return new NotSupportedError(
      `${head} This OBS/obs-websocket version does not know the request; upgrade OBS.${said}`,
      base,
    );
  if (code === 207 || code === 702)
    return new ProviderError(
      `${head} This is usually temporary (OBS busy or exiting); it will be retried.${said}`,
      {
        ...base,
        retryable: true,
      },
    );
  if ((code >= 300 && code < 500) || code === 703)
    return new ValidationError(`${head} Fix the input and try again.${said}`, {
      ...base,
      field: fieldNamedIn(comment),
      rule: name,
    });
  if (code >= 500 && code < 700)
    return new ValidationError(
      `${head} OBS is not in a state that allows this (output, resource or kind); check its state first.${said}`,
      { ...base, field: fieldNamedIn(comment), rule: name },
    );
  return new ProviderError(`${head}${said}`, { ...base, retryable: false });
}

/** obs-websocket comments name the field in backticks or quotes: "Your request is missing the `sceneName` field." */
function fieldNamedIn(comment: string | undefined): string | undefined {
  return comment?.match(/[`'"]([A-Za-z][A-Za-z0-9]*)[`'"]/)?.[1];
}

/**
 * Maps a failure to open or keep a session: close code 4009 is a wrong or missing password,
 * 4010 an incompatible server, anything else (refused, reset, kicked) a network error.
 */
export function errorFromConnectionFailure(
  failure: unknown,
  context: ObsErrorContext & { requestSent?: boolean },
): InfraFabricError {
  if (isInfraFabricError(failure)) return failure;
  const { code, message } = (failure ?? {}) as { code?: unknown; message?: unknown };
  const text = typeof message === 'string' ? message : '';
  const base = { provider: context.provider, operation: context.operation };
  if (code === OBS_CLOSE_CODE.authenticationFailed)
    return new AuthenticationError(
      `${at(context)}: OBS refused the password (close code 4009 AuthenticationFailed). Check OBS_WEBSOCKET_PASSWORD against Tools → WebSocket Server Settings.`,
      { ...base, providerCode: 'AuthenticationFailed' },
    );
  if (code === OBS_CLOSE_CODE.unsupportedRpcVersion)
    return new ProviderError(
      `${at(context)}: OBS does not speak obs-websocket RPC version 1 (close code 4010). Use OBS 28 or newer.`,
      { ...base, providerCode: 'UnsupportedRpcVersion', retryable: false },
    );
  const sysCode = text.match(/\b(E[A-Z]{3,})\b/)?.[1];
  const detail = sysCode ?? (typeof code === 'number' && code > 0 ? `close code ${code}` : text || 'closed');
  return new NetworkError(
    `${at(context)}: connection to OBS failed (${detail}). Check that OBS is running with its WebSocket server enabled and the url.`,
    {
      ...base,
      providerCode: sysCode ?? (typeof code === 'number' && code > 0 ? String(code) : undefined),
      outcomeUnknown: context.requestSent === true,
      cause: failure,
    },
  );
}

/** The request got no answer within the deadline (it may still have been carried out). */
export function timeoutError(context: ObsErrorContext & { timeoutMs: number; sent: boolean }): TimeoutError {
  return new TimeoutError(
    `${at(context)}: no answer from OBS within ${context.timeoutMs} ms. Check that OBS is responsive, or raise requestTimeoutMs.`,
    { provider: context.provider, operation: context.operation, outcomeUnknown: context.sent },
  );
}
