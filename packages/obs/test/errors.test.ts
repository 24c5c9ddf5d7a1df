import { describe, expect, it } from 'vitest';
import { errorFromConnectionFailure, errorFromRequestStatus } from '../src/errors';

const context = { provider: 'obs', operation: 'setProgramScene', requestType: 'SetCurrentProgramScene' };

describe('errorFromRequestStatus (obs-websocket RequestStatus)', () => {
  it.each([
    [600, 'not_found', 'ResourceNotFound', false],
    [300, 'validation', 'MissingRequestField', false],
    [400, 'validation', 'InvalidRequestField', false],
    [402, 'validation', 'RequestFieldOutOfRange', false],
    [500, 'validation', 'OutputRunning', false],
    [506, 'validation', 'StudioModeNotActive', false],
    [601, 'validation', 'ResourceAlreadyExists', false],
    [703, 'validation', 'CannotAct', false],
    [207, 'provider', 'NotReady', true],
    [702, 'provider', 'RequestProcessingFailed', true],
    [205, 'provider', 'GenericError', false],
    [700, 'provider', 'ResourceCreationFailed', false],
    [204, 'not_supported', 'UnknownRequestType', false],
  ])('maps %i to %s (%s), retryable %s', (code, errorCode, name, retryable) => {
    const error = errorFromRequestStatus(code, 'OBS comment', context);
    expect(error.code).toBe(errorCode);
    expect(error.providerCode).toBe(name);
    expect(error.retryable).toBe(retryable);
    expect(error.provider).toBe('obs');
    expect(error.message).toContain(`${code} ${name}`);
    expect(error.message).toContain('OBS comment');
  });

  it('names the field OBS quoted in its comment', () => {
    const error = errorFromRequestStatus(300, 'Your request is missing the `sceneName` field.', context);
    expect(error).toMatchObject({ field: 'sceneName', rule: 'MissingRequestField' });
  });
});

describe('errorFromConnectionFailure', () => {
  it('maps close code 4009 to authentication and 4010 to a non-retryable provider error', () => {
    expect(errorFromConnectionFailure({ code: 4009, message: 'Authentication failed.' }, context).code).toBe(
      'authentication',
    );
    expect(errorFromConnectionFailure({ code: 4010, message: '' }, context)).toMatchObject({
      code: 'provider',
      retryable: false,
    });
  });

  it('maps refused connections and drops to network errors, outcome unknown only once sent', () => {
    expect(
      errorFromConnectionFailure({ code: -1, message: 'connect ECONNREFUSED 127.0.0.1:4455' }, context),
    ).toMatchObject({ code: 'network', providerCode: 'ECONNREFUSED', outcomeUnknown: false });
    expect(
      errorFromConnectionFailure({ code: 1006, message: '' }, { ...context, requestSent: true }),
    ).toMatchObject({ code: 'network', providerCode: '1006', outcomeUnknown: true });
  });
});
