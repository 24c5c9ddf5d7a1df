import { type AnswerInstructions, ValidationError } from '@infrafabric/core';

/** Escapes text for XML element content and double-quoted attribute values. */
export function escapeXml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

function element(name: string, attributes: Record<string, string | undefined>, content: string): string {
  const attrs = Object.entries(attributes)
    .filter((entry): entry is [string, string] => entry[1] !== undefined)
    .map(([key, value]) => ` ${key}="${escapeXml(value)}"`)
    .join('');
  return `<${name}${attrs}>${content}</${name}>`;
}

const XML_DECLARATION = '<?xml version="1.0" encoding="UTF-8"?>';

/**
 * What Twilio's Calls API needs for an answer form: inline TwiML (`Twiml`) or a URL that returns
 * TwiML (`Url`).
 */
export type TwilioAnswer = { twiml: string } | { url: string };

/**
 * Builds the TwiML for a portable answer form:
 * `say` → `<Say>`, `play` → `<Play>`, `conference` → `<Dial><Conference>`, `url` → fetched by
 * Twilio, `instructions` (a TwiML string) → sent as is.
 *
 * @example
 * ```ts
 * answerToTwilio({ say: 'Hello & welcome', voice: 'alice' });
 * // { twiml: '<?xml ...?><Response><Say voice="alice">Hello &amp; welcome</Say></Response>' }
 * ```
 * @throws ValidationError for NCCO-style instruction arrays, which Twilio cannot run.
 */
export function answerToTwilio(answer: AnswerInstructions): TwilioAnswer {
  if ('url' in answer) return { url: answer.url };
  if ('instructions' in answer) {
    if (typeof answer.instructions !== 'string') {
      throw new ValidationError(
        'twilio.placeCall: invalid "answer.instructions": Twilio runs TwiML, so instructions must be a TwiML string such as <Response><Say>Hi</Say></Response>, not an array of actions.',
        { provider: 'twilio', operation: 'placeCall', field: 'answer.instructions', rule: 'twiml_string' },
      );
    }
    return { twiml: answer.instructions };
  }
  let verb: string;
  if ('say' in answer) {
    verb = element('Say', { voice: answer.voice, language: answer.language }, escapeXml(answer.say));
  } else if ('play' in answer) {
    verb = element('Play', {}, escapeXml(answer.play));
  } else {
    verb = element('Dial', {}, element('Conference', {}, escapeXml(answer.conference)));
  }
  return { twiml: `${XML_DECLARATION}<Response>${verb}</Response>` };
}
