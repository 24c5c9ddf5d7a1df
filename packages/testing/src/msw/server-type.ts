import type { setupServer } from 'msw/node';

/** The msw server type returned by `setupServer()`. */
export type SetupServerApi = ReturnType<typeof setupServer>;
