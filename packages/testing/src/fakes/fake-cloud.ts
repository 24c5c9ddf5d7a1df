import {
  type CallOptions,
  type CloudAdapter,
  type CloudCapabilities,
  type ListServersInput,
  MANAGED_TAG_KEY,
  NotFoundError,
  SPECIFICATION_VERSION,
  type Server,
  type ServerRef,
  type ServerSpec,
  type WaitForServerInput,
  parseInput,
  serverRefSchema,
  serverSpecSchema,
  waitForServerStatus,
  listServersInputSchema,
} from '@infrafabric/core';
import { FailurePlan, type FakeOptions, simulateLatency } from './fake-failures';

/** Options of {@link FakeCloud}. */
export interface FakeCloudOptions extends FakeOptions {
  /** How long a new server stays `pending` before it is `running`, ms. Default 50. */
  bootMs?: number;
  /** Clock (tests). */
  now?: () => number;
}

/** A fake server with the time it finishes booting. */
export interface FakeServerRecord extends Server {
  bootsAt: number;
}

/** An in-memory cloud whose servers boot after `bootMs`. Tags every server with the managed tag. */
export class FakeCloud implements CloudAdapter {
  readonly specificationVersion = SPECIFICATION_VERSION;
  readonly inputIsReadOnly = true;
  readonly kind = 'cloud' as const;
  readonly provider = 'fake-cloud';
  readonly name: string;
  readonly capabilities: CloudCapabilities = {
    operations: {
      rebootServer: true,
      waitForServer: true,
      listSizes: false,
      listImages: false,
      listRegions: false,
    },
    userData: true,
    tags: true,
    idempotencyKeys: true,
  };
  readonly failures = new FailurePlan();
  readonly servers = new Map<string, FakeServerRecord>();
  private readonly byKey = new Map<string, Server>();
  private counter = 0;
  private readonly now: () => number;

  constructor(private readonly options: FakeCloudOptions = {}) {
    this.name = options.name ?? this.provider;
    this.now = options.now ?? Date.now;
  }

  async check() {
    return { id: `${this.name}-project` };
  }

  private view(record: FakeServerRecord): Server {
    const { bootsAt, ...server } = record;
    if (server.status === 'pending' && this.now() >= bootsAt) {
      record.status = 'running';
      server.status = 'running';
      record.addresses = server.addresses = {
        public: [`203.0.113.${this.counter % 250}`],
        private: ['10.0.0.2'],
      };
    }
    return { ...server, addresses: { ...server.addresses }, tags: { ...server.tags } };
  }

  async listServers(raw: ListServersInput = {}): Promise<Server[]> {
    const input = parseInput(listServersInputSchema, raw, { provider: this.name, operation: 'listServers' });
    return [...this.servers.values()]
      .map((s) => this.view(s))
      .filter((s) => s.status !== 'terminated')
      .filter((s) => !input.region || s.region === input.region)
      .filter((s) => Object.entries(input.tags ?? {}).every(([k, v]) => s.tags[k] === v));
  }

  async getServer(raw: ServerRef): Promise<Server> {
    const input = parseInput(serverRefSchema, raw, { provider: this.name, operation: 'getServer' });
    const record = this.servers.get(input.id);
    if (!record)
      throw new NotFoundError(`${this.name}: no server ${input.id}.`, {
        provider: this.name,
        operation: 'getServer',
      });
    return this.view(record);
  }

  async createServer(raw: ServerSpec, call: CallOptions = {}): Promise<Server> {
    const input = parseInput(serverSpecSchema, raw, { provider: this.name, operation: 'createServer' });
    await simulateLatency(this.options.latencyMs, call.signal);
    this.failures.maybeThrow('createServer');
    const replay = call.idempotencyKey ? this.byKey.get(call.idempotencyKey) : undefined;
    if (replay) return replay;
    const id = `srv-${++this.counter}`;
    const record: FakeServerRecord = {
      id,
      name: input.name,
      status: 'pending',
      size: input.size,
      image: input.image,
      region: input.region,
      addresses: { public: [], private: [] },
      tags: { ...input.tags, [MANAGED_TAG_KEY]: 'true' },
      createdAt: new Date(this.now()).toISOString(),
      bootsAt: this.now() + (this.options.bootMs ?? 50),
    };
    this.servers.set(id, record);
    const server = this.view(record);
    if (call.idempotencyKey) this.byKey.set(call.idempotencyKey, server);
    return server;
  }

  async destroyServer(raw: ServerRef): Promise<void> {
    const input = parseInput(serverRefSchema, raw, { provider: this.name, operation: 'destroyServer' });
    this.failures.maybeThrow('destroyServer');
    const record = this.servers.get(input.id);
    if (!record)
      throw new NotFoundError(`${this.name}: no server ${input.id}.`, {
        provider: this.name,
        operation: 'destroyServer',
      });
    record.status = 'terminated';
  }

  async rebootServer(raw: ServerRef): Promise<void> {
    await this.getServer(raw);
  }

  waitForServer(input: WaitForServerInput, call: CallOptions = {}): Promise<Server> {
    return waitForServerStatus(this, input, { signal: call.signal, now: this.now });
  }
}
