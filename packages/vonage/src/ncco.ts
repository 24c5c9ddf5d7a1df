import { type AnswerInstructions, ValidationError } from '@infrafabric/core';

/** One NCCO action (Vonage Call Control Object), as sent in `ncco`. */
export type NccoAction = Record<string, unknown> & { action: string };

/** What Vonage's create-call needs for an answer form: an inline NCCO or an answer URL. */
export type VonageAnswer = { ncco: NccoAction[] } | { answerUrl: string };

const fail = (field: string, rule: string, message: string) =>
  new ValidationError(`vonage.placeCall: invalid "${field}": ${message} Fix this field and call again.`, {
    provider: 'vonage',
    operation: 'placeCall',
    field,
    rule,
  });

/**
 * Builds the NCCO for a portable answer form: `say` → `talk`, `play` → `stream`, `conference` →
 * `conversation`; `url` becomes `answer_url` (Vonage fetches the NCCO) and `instructions` must be
 * an NCCO array (sent as is). `record: true` prepends a `record` action to a built NCCO.
 *
 * @example
 * ```ts
 * answerToVonage({ say: 'Hello', language: 'en-GB' });
 * // { ncco: [{ action: 'talk', text: 'Hello', language: 'en-GB' }] }
 * ```
 * @throws ValidationError for a TwiML string, or `record` with an NCCO you supply.
 */
export function answerToVonage(
  answer: AnswerInstructions,
  options: { record?: boolean | undefined } = {},
): VonageAnswer {
  if ('url' in answer) {
    if (options.record)
      throw fail(
        'record',
        'vonage_record_needs_ncco',
        'with an answer URL, add a record action to your own NCCO.',
      );
    return { answerUrl: answer.url };
  }
  if ('instructions' in answer) {
    if (typeof answer.instructions === 'string') {
      throw fail(
        'answer.instructions',
        'ncco_array',
        'Vonage runs NCCO, so instructions must be an array of actions such as [{ "action": "talk", "text": "Hi" }], not a string.',
      );
    }
    if (!answer.instructions.every((a) => typeof a.action === 'string')) {
      throw fail('answer.instructions', 'ncco_action', 'every NCCO action needs an "action" name.');
    }
    if (options.record)
      throw fail('record', 'vonage_record_needs_ncco', 'with your own NCCO, add a record action to it.');
    return { ncco: answer.instructions as NccoAction[] };
  }
  let action: NccoAction;
  if ('say' in answer) {
    action = { action: 'talk', text: answer.say };
    if (answer.language) action.language = answer.language;
    // A numeric voice is Vonage's `style` (a voice of the language); a name is the legacy voiceName.
    if (answer.voice) {
      if (/^\d+$/.test(answer.voice)) action.style = Number(answer.voice);
      else action.voiceName = answer.voice;
    }
  } else if ('play' in answer) {
    action = { action: 'stream', streamUrl: [answer.play] };
  } else {
    action = { action: 'conversation', name: answer.conference };
  }
  return { ncco: options.record ? [{ action: 'record' }, action] : [action] };
}
