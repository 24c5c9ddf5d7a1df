import { describe, expect, it } from 'vitest';
import { requireSpec } from '../src/spec/index';
import { formRequest, problemsOf } from './spec-helpers';

const EC2 = 'https://ec2.us-east-1.amazonaws.com';
const options = { format: 'aws-query', serverUrl: EC2 } as const;

function ec2(params: Record<string, string>) {
  return formRequest('POST', `${EC2}/`, new URLSearchParams(params).toString());
}

const runInstances = {
  Action: 'RunInstances',
  Version: '2016-11-15',
  ImageId: 'ami-0abcdef1234567890',
  InstanceType: 't3.micro',
  MinCount: '1',
  MaxCount: '1',
  'TagSpecification.1.ResourceType': 'instance',
  'TagSpecification.1.Tag.1.Key': 'Name',
  'TagSpecification.1.Tag.1.Value': 'web-1',
  'SecurityGroupId.1': 'sg-1',
  'BlockDeviceMapping.1.DeviceName': '/dev/xvda',
  'BlockDeviceMapping.1.Ebs.VolumeSize': '8',
  'BlockDeviceMapping.1.Ebs.DeleteOnTermination': 'true',
};

describe('spec validator: AWS EC2 (botocore model, EC2 Query protocol)', () => {
  it('accepts RunInstances with tag specifications, lists and nested structures', (ctx) => {
    const spec = requireSpec(ctx, 'aws-ec2/service-2.json', options);
    expect(spec.check(ec2(runInstances))).toEqual([]);
    expect(
      spec.check(
        ec2({
          Action: 'TerminateInstances',
          Version: '2016-11-15',
          'InstanceId.1': 'i-1',
          'InstanceId.2': 'i-2',
        }),
      ),
    ).toEqual([]);
  });

  it('reports a missing required member, an unknown member and a wrong leaf type', (ctx) => {
    const spec = requireSpec(ctx, 'aws-ec2/service-2.json', options);
    const { MaxCount: _omitted, ...withoutMax } = runInstances;
    const problems = problemsOf(
      spec.check(
        ec2({
          ...withoutMax,
          MinCount: 'one',
          'TagSpecification.1.Tag.1.Kee': 'Name',
          'TagSpecifications.1.ResourceType': 'instance',
        }),
      ),
    );
    expect(problems).toEqual(
      expect.arrayContaining([
        'RunInstances: missing required parameter "MaxCount"',
        'RunInstances: parameter "MinCount" must be an integer, got "one"',
        'RunInstances: unknown parameter "TagSpecification.1.Tag.1.Kee" (not in Tag)',
        'RunInstances: unknown parameter "TagSpecifications" (not in RunInstancesRequest)',
      ]),
    );
    expect(problems).toHaveLength(4);
  });

  it('reports bad enums, booleans, list indices and un-indexed lists', (ctx) => {
    const spec = requireSpec(ctx, 'aws-ec2/service-2.json', options);
    const problems = problemsOf(
      spec.check(
        ec2({
          ...runInstances,
          InstanceType: 't3.gigantic',
          'BlockDeviceMapping.1.Ebs.DeleteOnTermination': 'yes',
          'TagSpecification.0.ResourceType': 'instance',
          SecurityGroupId: 'sg-2',
        }),
      ),
    ).join('\n');
    expect(problems).toMatch(/parameter "InstanceType" "t3.gigantic" is not one of/);
    expect(problems).toMatch(/"BlockDeviceMapping.1.Ebs.DeleteOnTermination" must be true or false/);
    expect(problems).toMatch(/"TagSpecification.0" must use indices 1, 2/);
    expect(problems).toMatch(/appears more than once|is a list/);
  });

  it('reports an unknown Action, a wrong Version and a missing Action', (ctx) => {
    const spec = requireSpec(ctx, 'aws-ec2/service-2.json', options);
    expect(problemsOf(spec.check(ec2({ Action: 'LaunchInstances', Version: '2016-11-15' })))).toEqual([
      'unknown Action "LaunchInstances"',
    ]);
    expect(problemsOf(spec.check(ec2({ ...runInstances, Version: '2014-01-01' })))).toEqual([
      'RunInstances: Version is "2014-01-01"; the model\'s apiVersion is "2016-11-15"',
    ]);
    expect(problemsOf(spec.check(ec2({ Version: '2016-11-15' })))).toEqual(['missing "Action" parameter']);
  });
});
