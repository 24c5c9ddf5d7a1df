import { describe, expect, it } from 'vitest';
import { requireSpec } from '../src/spec/index';
import { formRequest, jsonRequest, multipartRequest, problemsOf } from './spec-helpers';

const SLACK = 'https://slack.com/api';
const AUTH = { authorization: 'Bearer xoxb-canary-secret' };

describe('spec validator: Slack (Swagger 2.0, formData parameters)', () => {
  const options = { format: 'swagger2', serverUrl: SLACK } as const;
  const path = 'slack/slack_web_openapi_v2_without_examples.json';

  it('accepts chat.postMessage as a form with a boolean flag', (ctx) => {
    const spec = requireSpec(ctx, path, options);
    const request = formRequest(
      'POST',
      `${SLACK}/chat.postMessage`,
      { channel: 'C123', text: 'hi', mrkdwn: 'false' },
      AUTH,
    );
    expect(spec.check(request)).toEqual([]);
  });

  it('accepts chat.postMessage as JSON with blocks as a real array', (ctx) => {
    const spec = requireSpec(ctx, path, options);
    const request = jsonRequest(
      'POST',
      `${SLACK}/chat.postMessage`,
      {
        channel: 'C123',
        blocks: [{ type: 'section', text: { type: 'mrkdwn', text: 'hi' } }],
        unfurl_links: false,
      },
      AUTH,
    );
    expect(spec.check(request)).toEqual([]);
  });

  it('reports a missing channel, an unknown field, a non-boolean flag and a missing token', (ctx) => {
    const spec = requireSpec(ctx, path, options);
    const problems = problemsOf(
      spec.check(
        formRequest('POST', `${SLACK}/chat.postMessage`, { text: 'hi', colour: 'red', mrkdwn: 'maybe' }),
      ),
    ).join('\n');
    expect(problems).toMatch(/missing required property "channel"/);
    expect(problems).toMatch(/unknown property "colour"/);
    expect(problems).toMatch(/body field "mrkdwn": must be boolean/);
    expect(problems).toMatch(/missing required header "token"/);
  });

  it('accepts a multipart files.upload and reports unknown multipart fields', (ctx) => {
    const spec = requireSpec(ctx, path, options);
    const upload = multipartRequest(
      `${SLACK}/files.upload`,
      { channels: 'C1', title: 'report' },
      { file: 'report.pdf' },
    );
    upload.headers.authorization = AUTH.authorization;
    expect(spec.check(upload)).toEqual([]);
    const stray = multipartRequest(
      `${SLACK}/files.upload`,
      { channels: 'C1', colour: 'red' },
      { file: 'report.pdf' },
    );
    stray.headers.authorization = AUTH.authorization;
    expect(problemsOf(spec.check(stray))).toEqual([expect.stringMatching(/body: unknown property "colour"/)]);
  });

  it('strips the serverUrl path part (/api) before matching, and reports unknown methods', (ctx) => {
    const spec = requireSpec(ctx, path, options);
    expect(
      problemsOf(spec.check(formRequest('POST', `${SLACK}/chat.postMesage`, { channel: 'C1' }, AUTH))),
    ).toEqual([expect.stringMatching(/no path in .* matches \/chat.postMesage/)]);
    expect(
      problemsOf(
        spec.check(formRequest('POST', 'https://slack.com/chat.postMessage', { channel: 'C1' }, AUTH)),
      ),
    ).toEqual([expect.stringMatching(/not under serverUrl/)]);
  });
});

describe('spec validator: Azure Compute (Swagger 2.0, api-version)', () => {
  const options = { format: 'swagger2', serverUrl: 'https://management.azure.com' } as const;
  const vmUrl = (apiVersion?: string) =>
    'https://management.azure.com/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-1' +
    `/providers/Microsoft.Compute/virtualMachines/vm-1${apiVersion ? `?api-version=${apiVersion}` : ''}`;
  const vm = {
    location: 'westeurope',
    tags: { owner: 'infrafabric' },
    properties: {
      hardwareProfile: { vmSize: 'Standard_B1s' },
      storageProfile: {
        imageReference: {
          publisher: 'Canonical',
          offer: 'UbuntuServer',
          sku: '18.04-LTS',
          version: 'latest',
        },
        osDisk: { createOption: 'FromImage', managedDisk: { storageAccountType: 'Standard_LRS' } },
      },
      osProfile: { computerName: 'vm-1', adminUsername: 'azureuser', adminPassword: 'canary-P4ssword!' },
      networkProfile: {
        networkInterfaces: [
          { id: '/subscriptions/0/resourceGroups/rg-1/providers/Microsoft.Network/networkInterfaces/nic-1' },
        ],
      },
    },
  };

  it('accepts a VM PUT with api-version 2020-12-01', (ctx) => {
    const spec = requireSpec(ctx, 'azure-compute/compute.json', options);
    expect(spec.check(jsonRequest('PUT', vmUrl('2020-12-01'), vm))).toEqual([]);
  });

  it('reports a missing or different api-version, a missing location and a bad enum', (ctx) => {
    const spec = requireSpec(ctx, 'azure-compute/compute.json', options);
    expect(problemsOf(spec.check(jsonRequest('PUT', vmUrl(), vm)))).toEqual([
      expect.stringMatching(/missing required query parameter "api-version"/),
    ]);
    expect(problemsOf(spec.check(jsonRequest('PUT', vmUrl('2024-11-01'), vm)))).toEqual([
      expect.stringMatching(/query parameter "api-version": "2024-11-01" is not one of "2020-12-01"/),
    ]);
    const broken = {
      properties: {
        ...vm.properties,
        storageProfile: { ...vm.properties.storageProfile, osDisk: { createOption: 'FromThinAir' } },
      },
    };
    const problems = problemsOf(spec.check(jsonRequest('PUT', vmUrl('2020-12-01'), broken))).join('\n');
    expect(problems).toMatch(/missing required property "location"/);
    expect(problems).toMatch(/createOption/);
  });

  it('reports a method the path does not define', (ctx) => {
    const spec = requireSpec(ctx, 'azure-compute/compute.json', options);
    expect(problemsOf(spec.check(jsonRequest('POST', vmUrl('2020-12-01'), vm)))).toEqual([
      expect.stringMatching(/method POST is not defined/),
    ]);
  });
});

describe('spec validator: Bot Framework Connector (Swagger 2.0, JSON body)', () => {
  const options = { format: 'swagger2', serverUrl: 'https://smba.trafficmanager.net/teams' } as const;

  it('accepts sending an activity and reports a wrongly typed one', (ctx) => {
    const spec = requireSpec(ctx, 'msteams-botframework/ConnectorAPI.json', options);
    const url = 'https://smba.trafficmanager.net/teams/v3/conversations/a%3A1xyz/activities';
    expect(spec.check(jsonRequest('POST', url, { type: 'message', text: 'hello' }))).toEqual([]);
    expect(
      problemsOf(spec.check(jsonRequest('POST', url, { type: 'message', text: 42 }))).join('\n'),
    ).toMatch(/body field "text": must be string/);
    expect(problemsOf(spec.check(jsonRequest('POST', url)))).toEqual([
      expect.stringMatching(/missing required request body/),
    ]);
  });
});
