/**
 * An SMS through the Bus with Twilio first and Vonage as the backup, in three situations:
 *
 * 1. Twilio is up: the SMS goes out through Twilio.
 * 2. Twilio answers 503 before accepting the message: the Bus retries, then fails over to Vonage.
 * 3. Twilio sends the message but answers after the caller's timeout: the SMS may have been sent,
 *    so the Bus does NOT send it again through Vonage (no duplicate text) and reports the uncertainty.
 *
 * Routing is ordered failover, not least-cost: least-cost routing needs a comparable estimate from
 * every candidate, and Vonage's cost model only reports the actual price after sending (Twilio
 * estimates in USD, Vonage bills in the account's currency). The example prints both estimates.
 *
 * Runs against the providers' simulators over loopback HTTP:
 * `pnpm --filter @infrafabric/example-sms start`.
 */
import { fileURLToPath } from 'node:url';
import {
  Bus,
  type FailoverResult,
  formatMinorUnits,
  type Money,
  type SendSmsInput,
  type SmsMessage,
} from '@infrafabric/core';
import { createTwilio } from '@infrafabric/twilio';
import { createVonage } from '@infrafabric/vonage';
import {
  SIMULATOR_CREDENTIALS,
  SLOW_ANSWER_MS,
  startSmsSimulators,
  type TwilioMessagesBehaviour,
} from './simulators';

/** The SMS each scenario sends (a UK mobile number, from a US long code). */
export const SMS: SendSmsInput = {
  from: '+14155550100',
  to: '+447400123456',
  text: 'Your table for 2 at 19:30 is confirmed. Reply STOP to opt out.',
};

/** One scenario's outcome. */
export interface SmsScenario {
  twilio: TwilioMessagesBehaviour;
  result: FailoverResult<SmsMessage>;
  /** Requests that reached Twilio in this scenario. */
  twilioAttempts: number;
}

/** What {@link main} did. */
export interface SmsExampleResult {
  estimates: Record<string, Money | undefined>;
  scenarios: SmsScenario[];
  /** Messages each simulator holds at the end. */
  sent: { twilio: number; vonage: number };
}

const money = (m: Money | undefined) => (m ? `${formatMinorUnits(m)} ${m.currency}` : 'no estimate');

/** Runs the example; `log` receives each printed line. */
export async function main(log: (line: string) => void = console.log): Promise<SmsExampleResult> {
  const sims = await startSmsSimulators();
  const bus = new Bus({
    adapters: [
      createTwilio(SIMULATOR_CREDENTIALS.twilio, { baseUrl: sims.http.url('twilio') }),
      createVonage(SIMULATOR_CREDENTIALS.vonage, {
        baseUrl: sims.http.url('vonage'),
        restBaseUrl: sims.http.url('vonage-rest'),
      }),
    ],
    // Short backoff for the example; a circuit that stays closed so each scenario reaches Twilio.
    policies: {
      retry: { maxAttempts: 3, baseDelayMs: 50, maxDelayMs: 200 },
      circuitBreaker: { failureThreshold: 10 },
    },
  });
  try {
    const estimates = {
      twilio: bus.estimate('sip', 'twilio', 'sendSms', SMS),
      vonage: bus.estimate('sip', 'vonage', 'sendSms', SMS),
    };
    log(`Estimated cost: twilio ${money(estimates.twilio)}, vonage ${money(estimates.vonage)}`);
    log('→ not comparable, so the route is ordered failover: twilio, then vonage');

    const scenarios: SmsScenario[] = [];
    for (const behaviour of ['ok', 'unavailable', 'slow'] as const) {
      sims.setTwilioMessages(behaviour);
      const before = sims.twilioAttempts();
      const result = await bus.run<SmsMessage>('sip', 'sendSms', SMS, {
        via: ['twilio', 'vonage'],
        policies: { timeoutMs: SLOW_ANSWER_MS / 2 },
      });
      scenarios.push({ twilio: behaviour, result, twilioAttempts: sims.twilioAttempts() - before });
      log('');
      log(`Twilio ${behaviour} (${scenarios.at(-1)!.twilioAttempts} request(s) reached Twilio):`);
      for (const attempt of result.attempts) {
        log(
          attempt.ok
            ? `  ✓ ${attempt.provider.padEnd(7)} sent`
            : `  ✗ ${attempt.provider.padEnd(7)} ${attempt.error?.code}${attempt.error?.outcomeUnknown ? ' (outcome unknown)' : ''}: ${attempt.error?.message}`,
        );
      }
      log(
        result.ok
          ? `  → SMS ${result.value.id} ${result.value.status} via ${result.provider}`
          : '  → not sent again: it may already have gone out through twilio, and a second text would be a duplicate',
      );
    }
    // Twilio's late answer lands after the caller gave up; wait for it before counting.
    await new Promise((resolve) => setTimeout(resolve, SLOW_ANSWER_MS));
    const sent = { twilio: sims.twilio.state.messages.size, vonage: sims.vonage.state.sms.length };
    const audit = await bus.audit.verify();
    log('');
    log(`Simulators hold: twilio ${sent.twilio} SMS, vonage ${sent.vonage} SMS`);
    log(`Audit: ${audit.checked} entries, chain ${audit.ok ? 'verified' : 'BROKEN'}`);
    return { estimates, scenarios, sent };
  } finally {
    await bus.close();
    await sims.close();
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  main().catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
}
