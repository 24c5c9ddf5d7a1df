import { describe, expect, it } from 'vitest';
import { main } from '../src/main';

describe('studio example', () => {
  it('provisions a server, switches OBS and vMix and turns on the light, all through one Bus', async () => {
    const lines: string[] = [];
    const result = await main((line) => lines.push(line));

    expect(result.server).toMatchObject({ status: 'running', size: 't3.small', region: 'eu-west-1' });
    expect(result.observed).toEqual({
      instanceState: 'running',
      obsProgram: 'Live',
      // "Camera 2" is input number 2 in the simulated vMix.
      vmixProgram: 2,
      light: 'on',
    });
    expect(result.light).toEqual([expect.objectContaining({ entityId: 'light.studio', state: 'on' })]);
    expect(result.audit).toMatchObject({ ok: true, checked: 5 });
    expect(lines.filter((line) => line.startsWith('✓'))).toHaveLength(5);
  });
});
