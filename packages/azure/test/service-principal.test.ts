import { HttpResponse, http } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createAzure } from '../src/index';
import { CANARY } from './helpers';
import { ARM_SIM_URL, createArmSimulator, SIM_SUBSCRIPTION, SIM_TOKEN } from './simulator';

// A Microsoft Entra stand-in: OpenID metadata and the client-credentials token endpoint.
const AUTHORITY = 'https://login.entra.test';
const tenant = `${AUTHORITY}/${CANARY.tenantId}`;
let tokenRequests: URLSearchParams[] = [];
let secretAccepted = true;
const entra = [
  http.get(`${tenant}/v2.0/.well-known/openid-configuration`, () =>
    HttpResponse.json({
      issuer: `${tenant}/v2.0`,
      token_endpoint: `${tenant}/oauth2/v2.0/token`,
      authorization_endpoint: `${tenant}/oauth2/v2.0/authorize`,
      end_session_endpoint: `${tenant}/oauth2/v2.0/logout`,
      jwks_uri: `${tenant}/discovery/v2.0/keys`,
      response_types_supported: ['code', 'id_token'],
    }),
  ),
  http.post(`${tenant}/oauth2/v2.0/token`, async ({ request }) => {
    tokenRequests.push(new URLSearchParams(await request.text()));
    if (!secretAccepted)
      return HttpResponse.json(
        {
          error: 'invalid_client',
          error_description: 'AADSTS7000215: Invalid client secret provided.',
          error_codes: [7000215],
          timestamp: '2026-01-01 00:00:00Z',
          trace_id: '00000000-0000-0000-0000-000000000001',
          correlation_id: '00000000-0000-0000-0000-000000000002',
        },
        { status: 401 },
      );
    return HttpResponse.json({
      token_type: 'Bearer',
      expires_in: 3599,
      ext_expires_in: 3599,
      access_token: SIM_TOKEN,
    });
  }),
];
const sim = createArmSimulator();
const server = setupServer(...entra, ...sim.handlers);
beforeAll(() => server.listen({ onUnhandledFrame: 'error' }));
beforeEach(() => {
  tokenRequests = [];
  secretAccepted = true;
});
afterAll(() => server.close());

const adapter = () => createAzure({ ...CANARY }, { baseUrl: ARM_SIM_URL, authorityHost: AUTHORITY });

describe('azure with a service principal (@azure/identity ClientSecretCredential)', () => {
  it('gets an ARM token with the client-credentials grant and uses it', async () => {
    expect((await adapter().check()).id).toBe(SIM_SUBSCRIPTION);
    expect(tokenRequests).toHaveLength(1);
    expect(tokenRequests[0]!.get('grant_type')).toBe('client_credentials');
    expect(tokenRequests[0]!.get('client_id')).toBe(CANARY.clientId);
    expect(tokenRequests[0]!.get('scope')).toBe('https://management.azure.com/.default');
    expect(tokenRequests[0]!.get('client_secret')).toBe(CANARY.clientSecret);
  });

  it('maps a refused secret to AuthenticationError without leaking it', async () => {
    secretAccepted = false;
    const error = (await adapter()
      .listSizes()
      .catch((e: unknown) => e)) as Error & { code?: string; providerCode?: string };
    expect(error.code).toBe('authentication');
    expect(error.providerCode).toBe('invalid_client');
    expect(error.message).toContain('AADSTS7000215');
    expect(JSON.stringify({ message: error.message, stack: error.stack })).not.toContain(CANARY.clientSecret);
  });
});
