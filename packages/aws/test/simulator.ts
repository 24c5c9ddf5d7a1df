import type { FaultKind } from '@infrafabric/testing';
import { HttpResponse, http } from 'msw';
import { ec2ErrorBody, ec2Response, type XmlNode } from './ec2-xml';

/** Where tests point the adapter (`baseUrl`); the simulator answers every region here. */
export const EC2_SIM_URL = 'https://ec2.simulator.test';

/** One instance the simulator holds. */
export interface SimInstance {
  id: string;
  reservationId: string;
  region: string;
  imageId: string;
  instanceType: string;
  state: 'pending' | 'running' | 'stopping' | 'stopped' | 'shutting-down' | 'terminated';
  launchTime: string;
  tags: Record<string, string>;
  keyName?: string | undefined;
  subnetId?: string | undefined;
  securityGroupIds: string[];
  userData?: string | undefined;
  clientToken?: string | undefined;
  privateIp: string;
  publicIp?: string | undefined;
}

const STATE_CODES: Record<SimInstance['state'], number> = {
  pending: 0,
  running: 16,
  'shutting-down': 32,
  terminated: 48,
  stopping: 64,
  stopped: 80,
};

/** Instance types the simulator knows (facts from DescribeInstanceTypes). */
export const SIM_INSTANCE_TYPES = [
  { type: 't3.micro', vcpus: 2, memory: 1024 },
  { type: 't3.small', vcpus: 2, memory: 2048 },
  { type: 'm5.large', vcpus: 2, memory: 8192 },
  { type: 'g4dn.xlarge', vcpus: 4, memory: 16384, gpus: 1, storageGb: 125 },
];

/** Images the simulator knows. */
export const SIM_IMAGES = [
  {
    id: 'ami-0a1b2c3d4e5f60001',
    name: 'al2023-ami-2023.6.20250115.0-kernel-6.1-x86_64',
    alias: 'amazon',
    owner: '137112412989',
  },
  {
    id: 'ami-0a1b2c3d4e5f60002',
    name: 'ubuntu/images/hvm-ssd-gp3/ubuntu-noble-24.04-amd64-server-20250115',
    owner: '099720109477',
  },
  { id: 'ami-0a1b2c3d4e5f60003', name: 'my-golden-image-v3', owner: '123456789012' },
];

/** Options of {@link createEc2Simulator}. */
export interface Ec2SimulatorOptions {
  /** Largest page DescribeInstances returns, whatever MaxResults says (to exercise NextToken). */
  pageSize?: number;
  /** Endpoint to answer on; default {@link EC2_SIM_URL}. The real `https://ec2.<region>.amazonaws.com` works too. */
  url?: string;
}

/** Our AWS account id in the simulator. */
export const SIM_ACCOUNT_ID = '123456789012';

function hex(n: number, width: number): string {
  return n.toString(16).padStart(width, '0');
}

/** Form params of an EC2 Query request. */
type Params = URLSearchParams;

function listParam(params: Params, prefix: string): string[] {
  const out: string[] = [];
  for (let i = 1; params.has(`${prefix}.${i}`); i++) out.push(params.get(`${prefix}.${i}`)!);
  return out;
}

function filtersOf(params: Params): Array<{ name: string; values: string[] }> {
  const out: Array<{ name: string; values: string[] }> = [];
  for (let i = 1; params.has(`Filter.${i}.Name`); i++)
    out.push({ name: params.get(`Filter.${i}.Name`)!, values: listParam(params, `Filter.${i}.Value`) });
  return out;
}

/** `*` and `?` wildcards as EC2 filters support them. */
function wildcard(pattern: string): RegExp {
  const escaped = pattern
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replace(/\*/g, '.*')
    .replace(/\?/g, '.');
  return new RegExp(`^${escaped}$`);
}

class Ec2Failure extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status = 400,
  ) {
    super(message);
  }
}

/**
 * An in-memory EC2: RunInstances (with ClientToken idempotency), DescribeInstances (tag filters,
 * NextToken pages), Terminate/RebootInstances, DescribeInstanceTypes/Images/Regions and
 * DescribeAccountAttributes, answering in EC2's XML shapes. The region comes from the SigV4
 * credential scope, as at AWS. A pending instance is running on the next describe; a shutting-down
 * one is terminated on the next describe.
 */
export function createEc2Simulator(options: Ec2SimulatorOptions = {}) {
  const instances = new Map<string, SimInstance>();
  let counter = 0;

  function regionOf(request: Request): string {
    const auth = request.headers.get('authorization') ?? '';
    const match = /Credential=[^/]+\/\d{8}\/([^/]+)\/ec2\/aws4_request/.exec(auth);
    if (!match)
      throw new Ec2Failure(
        'AuthFailure',
        'AWS was not able to validate the provided access credentials',
        401,
      );
    return match[1]!;
  }

  function instanceXml(i: SimInstance): XmlNode {
    return {
      instanceId: i.id,
      imageId: i.imageId,
      instanceState: { code: STATE_CODES[i.state], name: i.state },
      privateDnsName: `ip-${i.privateIp.replace(/\./g, '-')}.${i.region}.compute.internal`,
      dnsName: i.publicIp ? `ec2-${i.publicIp.replace(/\./g, '-')}.${i.region}.compute.amazonaws.com` : '',
      reason: '',
      keyName: i.keyName,
      amiLaunchIndex: 0,
      productCodes: [],
      instanceType: i.instanceType,
      launchTime: i.launchTime,
      placement: { availabilityZone: `${i.region}a`, groupName: '', tenancy: 'default' },
      monitoring: { state: 'disabled' },
      subnetId: i.subnetId ?? 'subnet-0a1b2c3d',
      vpcId: 'vpc-0a1b2c3d',
      privateIpAddress: i.privateIp,
      ipAddress: i.publicIp,
      groupSet: i.securityGroupIds.map((groupId) => ({ groupId, groupName: groupId })),
      architecture: 'x86_64',
      rootDeviceType: 'ebs',
      rootDeviceName: '/dev/xvda',
      virtualizationType: 'hvm',
      clientToken: i.clientToken ?? '',
      tagSet: Object.entries(i.tags).map(([key, value]) => ({ key, value })),
      hypervisor: 'xen',
    };
  }

  function find(id: string, region: string): SimInstance {
    if (!/^i-[0-9a-f]{8,17}$/.test(id))
      throw new Ec2Failure('InvalidInstanceID.Malformed', `Invalid id: "${id}"`);
    const instance = instances.get(id);
    if (!instance || instance.region !== region)
      throw new Ec2Failure('InvalidInstanceID.NotFound', `The instance ID '${id}' does not exist`);
    return instance;
  }

  function advance(instance: SimInstance): void {
    if (instance.state === 'pending') {
      instance.state = 'running';
      instance.publicIp = `54.194.${counter % 250}.${(counter * 7) % 250}`;
    } else if (instance.state === 'shutting-down') instance.state = 'terminated';
  }

  const actions: Record<string, (params: Params, region: string) => XmlNode> = {
    DescribeAccountAttributes: () => ({
      accountAttributeSet: [
        { attributeName: 'supported-platforms', attributeValueSet: [{ attributeValue: 'VPC' }] },
        { attributeName: 'default-vpc', attributeValueSet: [{ attributeValue: 'vpc-0a1b2c3d' }] },
        { attributeName: 'max-instances', attributeValueSet: [{ attributeValue: '20' }] },
      ],
    }),

    RunInstances: (params, region) => {
      const imageId = params.get('ImageId') ?? '';
      const instanceType = params.get('InstanceType') ?? 'm1.small';
      if (params.get('MinCount') !== '1' || params.get('MaxCount') !== '1')
        throw new Ec2Failure('InvalidParameterValue', 'simulator: MinCount and MaxCount must be 1');
      if (!/^ami-[0-9a-f]{8,17}$/.test(imageId))
        throw new Ec2Failure('InvalidAMIID.Malformed', `Invalid id: "${imageId}" (expecting "ami-...")`);
      if (!SIM_IMAGES.some((image) => image.id === imageId))
        throw new Ec2Failure('InvalidAMIID.NotFound', `The image id '[${imageId}]' does not exist`);
      if (!SIM_INSTANCE_TYPES.some((t) => t.type === instanceType))
        throw new Ec2Failure('InvalidParameterValue', `Invalid value '${instanceType}' for InstanceType.`);
      const clientToken = params.get('ClientToken') ?? undefined;
      const existing = clientToken
        ? [...instances.values()].find((i) => i.clientToken === clientToken)
        : undefined;
      if (existing) {
        if (existing.imageId !== imageId || existing.instanceType !== instanceType)
          throw new Ec2Failure(
            'IdempotentParameterMismatch',
            'The client token you have provided is associated with a resource that is already deleted or has different parameters.',
          );
        return {
          reservationId: existing.reservationId,
          ownerId: SIM_ACCOUNT_ID,
          groupSet: [],
          instancesSet: [instanceXml(existing)],
        };
      }
      const tags: Record<string, string> = {};
      for (let s = 1; params.has(`TagSpecification.${s}.ResourceType`); s++) {
        if (params.get(`TagSpecification.${s}.ResourceType`) !== 'instance') continue;
        for (let t = 1; params.has(`TagSpecification.${s}.Tag.${t}.Key`); t++)
          tags[params.get(`TagSpecification.${s}.Tag.${t}.Key`)!] =
            params.get(`TagSpecification.${s}.Tag.${t}.Value`) ?? '';
      }
      counter += 1;
      const instance: SimInstance = {
        id: `i-0${hex(counter, 16)}`,
        reservationId: `r-0${hex(counter, 16)}`,
        region,
        imageId,
        instanceType,
        state: 'pending',
        launchTime: new Date().toISOString(),
        tags,
        keyName: params.get('KeyName') ?? undefined,
        subnetId: params.get('SubnetId') ?? undefined,
        securityGroupIds: listParam(params, 'SecurityGroupId'),
        userData: params.get('UserData') ?? undefined,
        clientToken,
        privateIp: `172.31.${counter % 250}.${10 + (counter % 200)}`,
      };
      instances.set(instance.id, instance);
      return {
        reservationId: instance.reservationId,
        ownerId: SIM_ACCOUNT_ID,
        groupSet: [],
        instancesSet: [instanceXml(instance)],
      };
    },

    DescribeInstances: (params, region) => {
      const ids = listParam(params, 'InstanceId');
      let selected = ids.length > 0 ? ids.map((id) => find(id, region)) : [...instances.values()];
      selected = selected.filter((i) => i.region === region);
      for (const filter of filtersOf(params)) {
        if (filter.name.startsWith('tag:')) {
          const key = filter.name.slice(4);
          selected = selected.filter(
            (i) => i.tags[key] !== undefined && filter.values.includes(i.tags[key]!),
          );
        } else if (filter.name === 'instance-state-name') {
          selected = selected.filter((i) => filter.values.includes(i.state));
        } else throw new Ec2Failure('InvalidParameterValue', `The filter '${filter.name}' is invalid`);
      }
      for (const instance of selected) advance(instance);
      const start = Number(params.get('NextToken') ?? '0');
      const max = Math.min(Number(params.get('MaxResults') ?? '1000'), options.pageSize ?? 1000);
      const page = selected.slice(start, start + max);
      const next = start + max < selected.length ? String(start + max) : undefined;
      return {
        reservationSet: page.map((i) => ({
          reservationId: i.reservationId,
          ownerId: SIM_ACCOUNT_ID,
          groupSet: [],
          instancesSet: [instanceXml(i)],
        })),
        nextToken: next,
      };
    },

    TerminateInstances: (params, region) => ({
      instancesSet: listParam(params, 'InstanceId').map((id) => {
        const instance = find(id, region);
        const previous = instance.state;
        if (previous !== 'terminated') instance.state = 'shutting-down';
        return {
          instanceId: id,
          currentState: { code: STATE_CODES[instance.state], name: instance.state },
          previousState: { code: STATE_CODES[previous], name: previous },
        };
      }),
    }),

    RebootInstances: (params, region) => {
      for (const id of listParam(params, 'InstanceId')) {
        const instance = find(id, region);
        if (instance.state === 'terminated')
          throw new Ec2Failure(
            'IncorrectState',
            `The instance '${id}' is not in a state from which it can be rebooted.`,
          );
      }
      return { return: true };
    },

    DescribeInstanceTypes: (params) => {
      let types = SIM_INSTANCE_TYPES;
      for (const filter of filtersOf(params)) {
        if (filter.name !== 'instance-type')
          throw new Ec2Failure('InvalidParameterValue', `The filter '${filter.name}' is invalid`);
        types = types.filter((t) => filter.values.some((v) => wildcard(v).test(t.type)));
      }
      const start = Number(params.get('NextToken') ?? '0');
      const max = Math.min(Number(params.get('MaxResults') ?? '100'), options.pageSize ?? 100);
      return {
        instanceTypeSet: types.slice(start, start + max).map((t) => ({
          instanceType: t.type,
          currentGeneration: true,
          vCpuInfo: { defaultVCpus: t.vcpus },
          memoryInfo: { sizeInMiB: t.memory },
          instanceStorageSupported: t.storageGb !== undefined,
          instanceStorageInfo: t.storageGb === undefined ? undefined : { totalSizeInGB: t.storageGb },
          gpuInfo:
            t.gpus === undefined
              ? undefined
              : {
                  gpus: [
                    { name: 'T4', manufacturer: 'NVIDIA', count: t.gpus, memoryInfo: { sizeInMiB: 16384 } },
                  ],
                },
        })),
        nextToken: start + max < types.length ? String(start + max) : undefined,
      };
    },

    DescribeImages: (params) => {
      const owners = listParam(params, 'Owner');
      let images = SIM_IMAGES.filter((image) =>
        owners.length === 0
          ? true
          : owners.some(
              (o) =>
                o === image.owner || o === image.alias || (o === 'self' && image.owner === SIM_ACCOUNT_ID),
            ),
      );
      for (const filter of filtersOf(params)) {
        if (filter.name === 'name')
          images = images.filter((i) => filter.values.some((v) => wildcard(v).test(i.name)));
        else if (filter.name !== 'state')
          throw new Ec2Failure('InvalidParameterValue', `The filter '${filter.name}' is invalid`);
      }
      return {
        imagesSet: images.map((image) => ({
          imageId: image.id,
          imageLocation: `${image.alias ?? image.owner}/${image.name}`,
          imageState: 'available',
          imageOwnerId: image.owner,
          creationDate: '2025-01-15T00:00:00.000Z',
          isPublic: image.owner !== SIM_ACCOUNT_ID,
          architecture: 'x86_64',
          imageType: 'machine',
          name: image.name,
          description: `${image.name} (simulated)`,
          imageOwnerAlias: image.alias,
          rootDeviceType: 'ebs',
          virtualizationType: 'hvm',
          hypervisor: 'xen',
        })),
      };
    },

    DescribeRegions: () => ({
      regionInfo: [
        {
          regionName: 'us-east-1',
          regionEndpoint: 'ec2.us-east-1.amazonaws.com',
          optInStatus: 'opt-in-not-required',
        },
        {
          regionName: 'eu-west-1',
          regionEndpoint: 'ec2.eu-west-1.amazonaws.com',
          optInStatus: 'opt-in-not-required',
        },
        {
          regionName: 'af-south-1',
          regionEndpoint: 'ec2.af-south-1.amazonaws.com',
          optInStatus: 'not-opted-in',
        },
      ],
    }),
  };

  const handlers = [
    http.post(`${options.url ?? EC2_SIM_URL}/`, async ({ request }) => {
      const params = new URLSearchParams(await request.text());
      const action = params.get('Action') ?? '';
      try {
        const region = regionOf(request);
        const run = actions[action];
        if (!run)
          throw new Ec2Failure('InvalidAction', `The action ${action} is not valid for this web service.`);
        return new HttpResponse(ec2Response(action, run(params, region)), {
          headers: { 'content-type': 'text/xml;charset=UTF-8' },
        });
      } catch (error) {
        if (!(error instanceof Ec2Failure)) throw error;
        return ec2ErrorResponse(error.code, error.message, error.status);
      }
    }),
  ];

  return {
    handlers,
    instances,
    /** The managed instances' launch time, back-dated (for sweep tests). */
    backdate(id: string, launchTime: string) {
      const instance = instances.get(id);
      if (instance) instance.launchTime = launchTime;
    },
  };
}

/** An EC2 error response. */
export function ec2ErrorResponse(
  code: string,
  message: string,
  status: number,
  headers: Record<string, string> = {},
) {
  return new HttpResponse(ec2ErrorBody(code, message), {
    status,
    headers: { 'content-type': 'text/xml;charset=UTF-8', ...headers },
  });
}

/**
 * EC2's own error for each injected fault, at the status EC2 uses: AuthFailure 401,
 * UnauthorizedOperation 403, InvalidInstanceID.NotFound 400 (EC2 has no 404), RequestLimitExceeded
 * 503 and Unavailable 503. The Retry-After header is what a proxy in front would add.
 */
export function ec2FaultResponse(fault: FaultKind, _status: number, retryAfterSeconds: number | undefined) {
  const retryAfter: Record<string, string> =
    retryAfterSeconds === undefined ? {} : { 'retry-after': String(retryAfterSeconds) };
  switch (fault) {
    case 'unauthorized':
      return ec2ErrorResponse(
        'AuthFailure',
        'AWS was not able to validate the provided access credentials',
        401,
      );
    case 'forbidden':
      return ec2ErrorResponse(
        'UnauthorizedOperation',
        'You are not authorized to perform this operation.',
        403,
      );
    case 'not_found':
      return ec2ErrorResponse(
        'InvalidInstanceID.NotFound',
        "The instance ID 'i-0123456789abcdef0' does not exist",
        400,
      );
    case 'rate_limited':
      return ec2ErrorResponse('RequestLimitExceeded', 'Request limit exceeded.', 503, retryAfter);
    default:
      return ec2ErrorResponse(
        'Unavailable',
        'The server is overloaded and cannot handle the request.',
        503,
        retryAfter,
      );
  }
}
