import twilioSdk from 'twilio';
import { describe, expect, it } from 'vitest';
import { answerToTwilio, escapeXml } from '../src/index';

describe('TwiML from portable answer forms', () => {
  it('escapes every XML special character', () => {
    expect(escapeXml(`<a href="x">Tom & 'Jerry'</a>`)).toBe(
      '&lt;a href=&quot;x&quot;&gt;Tom &amp; &apos;Jerry&apos;&lt;/a&gt;',
    );
  });

  it.each([
    [{ say: 'Hi <there> & "you"', voice: 'alice', language: 'en-US' }],
    [{ say: 'plain' }],
    [{ play: 'https://example.com/a.mp3?x=1&y=2' }],
    [{ conference: 'Room & <1>' }],
  ])('builds TwiML that means the same as the SDK’s VoiceResponse: %j', (answer) => {
    const built = answerToTwilio(answer);
    const response = new twilioSdk.twiml.VoiceResponse();
    if ('say' in answer) {
      const attributes = {
        ...('voice' in answer ? { voice: answer.voice } : {}),
        ...('language' in answer ? { language: answer.language } : {}),
      };
      response.say(attributes as Parameters<typeof response.say>[0], answer.say);
    } else if ('play' in answer) response.play(answer.play);
    else response.dial().conference(answer.conference);
    // The SDK escapes only what XML requires; compare after decoding entities.
    const decode = (xml: string) =>
      xml
        .replace(/&quot;/g, '"')
        .replace(/&apos;/g, "'")
        .replace(/&lt;/g, '<')
        .replace(/&gt;/g, '>')
        .replace(/&amp;/g, '&');
    expect('twiml' in built && decode(built.twiml)).toBe(decode(response.toString()));
  });

  it('passes URLs and TwiML strings through', () => {
    expect(answerToTwilio({ url: 'https://example.com/t.xml' })).toEqual({
      url: 'https://example.com/t.xml',
    });
    expect(answerToTwilio({ instructions: '<Response/>' })).toEqual({ twiml: '<Response/>' });
  });
});
