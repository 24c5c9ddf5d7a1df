import { HttpResponse, http } from 'msw';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LoopbackSimulator, serveHandlers } from '../src/index';

describe('serveHandlers', () => {
  let sim: LoopbackSimulator;
  beforeAll(async () => {
    sim = await serveHandlers(
      [
        http.post('https://api.example.com/v1/echo', async ({ request }) =>
          HttpResponse.json({
            got: await request.json(),
            auth: request.headers.get('authorization'),
            query: new URL(request.url).search,
          }),
        ),
        http.get('https://api.example.com/v1/drop', () => HttpResponse.error()),
      ],
      { routes: { example: 'https://api.example.com' } },
    );
  });
  afterAll(() => sim.close());

  it('answers real HTTP on 127.0.0.1 from msw handlers, mapping the prefix to the provider origin', async () => {
    expect(sim.origin).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const response = await fetch(`${sim.url('example')}/v1/echo?x=1`, {
      method: 'POST',
      body: JSON.stringify({ a: 1 }),
      headers: { authorization: 'Bearer t', 'content-type': 'application/json' },
    });
    expect(await response.json()).toEqual({ got: { a: 1 }, auth: 'Bearer t', query: '?x=1' });
  });

  it('404s unknown routes and drops the connection for network errors', async () => {
    expect((await fetch(`${sim.origin}/nowhere`)).status).toBe(404);
    expect((await fetch(`${sim.url('example')}/v1/missing`)).status).toBe(404);
    await expect(fetch(`${sim.url('example')}/v1/drop`)).rejects.toThrow();
  });
});
