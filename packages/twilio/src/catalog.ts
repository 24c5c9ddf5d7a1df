import type { CatalogEntry, SipCapabilities } from '@infrafabric/core';

/** What the Twilio adapter can do (the same object the adapter exposes). */
export const twilioCapabilities: SipCapabilities = {
  operations: {
    placeCall: true,
    getCall: true,
    hangUpCall: true,
    sendSms: true,
    searchNumbers: true,
    buyNumber: true,
    releaseNumber: true,
    listTrunks: true,
    createTrunk: true,
    deleteTrunk: true,
    parseWebhook: true,
  },
  // Twilio has no idempotency key for Calls or Messages: a call whose outcome is unknown is not retried.
  idempotencyKeys: false,
  answerForms: ['say', 'play', 'url', 'instructions', 'conference'],
  mms: true,
};

/** Static description of the Twilio provider. */
export const twilioCatalog: CatalogEntry<SipCapabilities> = {
  name: 'twilio',
  kind: 'sip',
  displayName: 'Twilio',
  packageName: '@infrafabric/twilio',
  docsUrl: 'https://www.twilio.com/docs/usage/api',
  env: [
    {
      name: 'TWILIO_ACCOUNT_SID',
      credential: 'accountSid',
      secret: false,
      required: true,
      description: 'Account SID (AC...), shown on the Twilio Console dashboard.',
    },
    {
      name: 'TWILIO_AUTH_TOKEN',
      credential: 'authToken',
      secret: true,
      required: true,
      description: 'Auth token of that account (Console → Account info). Also verifies webhook signatures.',
    },
    {
      name: 'TWILIO_API_KEY_SID',
      credential: 'apiKeySid',
      secret: false,
      required: false,
      description: 'Optional API key SID (SK...) to authenticate API calls instead of the auth token.',
    },
    {
      name: 'TWILIO_API_KEY_SECRET',
      credential: 'apiKeySecret',
      secret: true,
      required: false,
      description: 'Secret of that API key (shown once, when the key is created).',
    },
  ],
  capabilities: twilioCapabilities,
};
