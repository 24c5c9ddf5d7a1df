import { describe, expect, it } from 'vitest';
import { requireSpec } from '../src/spec/index';
import { formRequest, jsonRequest, problemsOf } from './spec-helpers';

const TWILIO = 'https://api.twilio.com';
const ACCOUNT = `AC${'0123456789abcdef'.repeat(2)}`;

describe('spec validator: Twilio (OpenAPI 3.0, form bodies, path parameters)', () => {
  it('accepts Messages.json with a valid AccountSid and repeated MediaUrl keys', (ctx) => {
    const spec = requireSpec(ctx, 'twilio/twilio_api_v2010.json', { format: 'openapi', serverUrl: TWILIO });
    const request = formRequest(
      'POST',
      `${TWILIO}/2010-04-01/Accounts/${ACCOUNT}/Messages.json`,
      'To=%2B15551234567&From=%2B15557654321&Body=hi&MediaUrl=https%3A%2F%2Fa.test%2F1.png&MediaUrl=https%3A%2F%2Fa.test%2F2.png',
    );
    expect(spec.check(request)).toEqual([]);
  });

  it('reports an AccountSid that breaks the path parameter pattern and a missing To', (ctx) => {
    const spec = requireSpec(ctx, 'twilio/twilio_api_v2010.json', { format: 'openapi', serverUrl: TWILIO });
    const problems = problemsOf(
      spec.check(
        formRequest('POST', `${TWILIO}/2010-04-01/Accounts/not-a-sid/Messages.json`, { Body: 'hi' }),
      ),
    );
    expect(problems.join('\n')).toMatch(/path parameter "AccountSid": must (match pattern|NOT have fewer)/);
    expect(problems.join('\n')).toMatch(/missing required property "To"/);
  });

  it('matches a segment that mixes a parameter and a suffix (Calls/{Sid}.json)', (ctx) => {
    const spec = requireSpec(ctx, 'twilio/twilio_api_v2010.json', { format: 'openapi', serverUrl: TWILIO });
    const sid = `CA${'0123456789abcdef'.repeat(2)}`;
    const hangUp = formRequest('POST', `${TWILIO}/2010-04-01/Accounts/${ACCOUNT}/Calls/${sid}.json`, {
      Status: 'completed',
    });
    expect(spec.check(hangUp)).toEqual([]);
    const wrong = formRequest('POST', `${TWILIO}/2010-04-01/Accounts/${ACCOUNT}/Calls/${sid}.json`, {
      Status: 'finished',
    });
    expect(problemsOf(spec.check(wrong)).join('\n')).toMatch(/body field "Status": "finished" is not one of/);
  });
});

describe('spec validator: DigitalOcean (split OpenAPI spec with relative-file $refs)', () => {
  const options = { format: 'openapi', serverUrl: 'https://api.digitalocean.com' } as const;
  const path = 'digitalocean/specification/DigitalOcean-public.v2.yaml';

  it('accepts a droplet create and a delete by id', (ctx) => {
    const spec = requireSpec(ctx, path, options);
    const create = jsonRequest('POST', 'https://api.digitalocean.com/v2/droplets', {
      name: 'web-1',
      region: 'nyc3',
      size: 's-1vcpu-1gb',
      image: 'ubuntu-24-04-x64',
      tags: ['infrafabric'],
    });
    expect(spec.check(create)).toEqual([]);
    expect(spec.check(jsonRequest('DELETE', 'https://api.digitalocean.com/v2/droplets/3164444'))).toEqual([]);
  });

  it('reports a wrong type inside a schema reached through another file', (ctx) => {
    const spec = requireSpec(ctx, path, options);
    const create = jsonRequest('POST', 'https://api.digitalocean.com/v2/droplets', {
      name: 'web-1',
      size: 's-1vcpu-1gb',
      image: 'ubuntu-24-04-x64',
      tags: 'infrafabric',
    });
    expect(problemsOf(spec.check(create)).join('\n')).toMatch(/tags/);
    const badId = jsonRequest('DELETE', 'https://api.digitalocean.com/v2/droplets/abc');
    expect(problemsOf(spec.check(badId)).join('\n')).toMatch(/path parameter "droplet_id": must be integer/);
  });
});

describe('spec validator: Vonage Voice (server URL path is the whole resource)', () => {
  it('matches POST /v1/calls against the spec path "/" under server /v1/calls', (ctx) => {
    const spec = requireSpec(ctx, 'vonage/voice.yml', {
      format: 'openapi',
      serverUrl: 'https://api.nexmo.com',
    });
    const call = {
      to: [{ type: 'phone', number: '447700900000' }],
      from: { type: 'phone', number: '447700900001' },
      ncco: [{ action: 'talk', text: 'hello' }],
    };
    expect(spec.check(jsonRequest('POST', 'https://api.nexmo.com/v1/calls', call))).toEqual([]);
    expect(problemsOf(spec.check(jsonRequest('PATCH', 'https://api.nexmo.com/v1/calls', call)))).toEqual([
      expect.stringMatching(/method PATCH is not defined for \//),
    ]);
  });
});
