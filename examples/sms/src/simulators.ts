/**
 * Twilio and Vonage simulators (each package's own msw handlers) behind one loopback HTTP server,
 * with a switch that breaks Twilio's Messages endpoint the way real outages do.
 */
import { type LoopbackSimulator, serveHandlers } from '@infrafabric/testing';
import { delay, HttpResponse, http } from 'msw';
import {
  ACCOUNT_SID,
  AUTH_TOKEN,
  API_URL as TWILIO_API_URL,
  createTwilioSimulator,
  twilioErrorBody,
} from '../../../packages/twilio/test/simulator';
import {
  API_KEY,
  API_SECRET,
  API_URL as VONAGE_API_URL,
  REST_URL as VONAGE_REST_URL,
  createVonageSimulator,
} from '../../../packages/vonage/test/simulator';

/** Made-up credentials the simulators accept. */
export const SIMULATOR_CREDENTIALS = {
  twilio: { accountSid: ACCOUNT_SID, authToken: AUTH_TOKEN },
  vonage: { apiKey: API_KEY, apiSecret: API_SECRET },
} as const;

/**
 * How Twilio's Messages endpoint behaves: `ok`; `unavailable` (503 before Twilio accepted the
 * message: safe to try another provider); `slow` (Twilio accepts and sends the message but answers
 * only after {@link SLOW_ANSWER_MS}, past the caller's timeout: the SMS went out, the caller cannot
 * know it, so another provider must not send it again).
 */
export type TwilioMessagesBehaviour = 'ok' | 'unavailable' | 'slow';

/** How late Twilio answers when `slow`. */
export const SLOW_ANSWER_MS = 1_500;

/** The running simulators. */
export interface SmsSimulators {
  http: LoopbackSimulator;
  twilio: ReturnType<typeof createTwilioSimulator>;
  vonage: ReturnType<typeof createVonageSimulator>;
  /** Requests that reached Twilio's Messages endpoint, whatever it answered. */
  twilioAttempts(): number;
  setTwilioMessages(behaviour: TwilioMessagesBehaviour): void;
  close(): Promise<void>;
}

/** Starts both simulators: `http.url('twilio')`, `http.url('vonage-rest')`. */
export async function startSmsSimulators(): Promise<SmsSimulators> {
  const twilio = createTwilioSimulator();
  const vonage = createVonageSimulator();
  let behaviour: TwilioMessagesBehaviour = 'ok';
  let attempts = 0;
  const messagesOutage = http.post(
    `${TWILIO_API_URL}/2010-04-01/Accounts/:account/Messages.json`,
    async () => {
      attempts += 1;
      if (behaviour === 'unavailable') {
        return HttpResponse.json(twilioErrorBody(503, 20503, 'Service Unavailable'), { status: 503 });
      }
      if (behaviour === 'slow') await delay(SLOW_ANSWER_MS);
      // Nothing returned: the request goes on to the simulator, which sends the message.
      return undefined;
    },
  );
  const server = await serveHandlers([messagesOutage, ...twilio.handlers, ...vonage.handlers], {
    routes: { twilio: TWILIO_API_URL, vonage: VONAGE_API_URL, 'vonage-rest': VONAGE_REST_URL },
  });
  return {
    http: server,
    twilio,
    vonage,
    twilioAttempts: () => attempts,
    setTwilioMessages: (next) => {
      behaviour = next;
    },
    close: () => server.close(),
  };
}
