/**
 * The demo's injected failure: Twilio's call endpoint is down (503 Service Unavailable, the body
 * Twilio sends), so the conference step has to fail over to Vonage.
 */
import { HttpResponse, http, type RequestHandler } from 'msw';
import { API_URL as TWILIO_API_URL, twilioErrorBody } from '../../../packages/twilio/test/simulator';

/** One injected fault; `hits` counts the requests it answered. */
export interface Fault {
  /** What is broken, for the output. */
  readonly description: string;
  readonly handler: RequestHandler;
  readonly hits: () => number;
}

/** Twilio's Calls endpoint answers every request with 503 (an outage before Twilio accepted the call). */
export function twilioCallsOutage(): Fault {
  let hits = 0;
  return {
    description: 'Twilio Calls API answers 503 Service Unavailable',
    hits: () => hits,
    handler: http.post(`${TWILIO_API_URL}/2010-04-01/Accounts/:account/Calls.json`, () => {
      hits += 1;
      return HttpResponse.json(twilioErrorBody(503, 20503, 'Service Unavailable'), { status: 503 });
    }),
  };
}

/** The handlers of `faults`, to be placed before the simulators' own. */
export function faultHandlers(faults: readonly Fault[]): RequestHandler[] {
  return faults.map((fault) => fault.handler);
}
