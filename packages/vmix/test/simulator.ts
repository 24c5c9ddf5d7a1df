import { readFileSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import { XMLParser } from 'fast-xml-parser';
import { HttpResponse, http, type RequestHandler } from 'msw';
import { parseVmixState, VMIX_XML_ARRAYS, type VmixInput, type VmixState } from '../src/mappers';
import { faderToAmplitude } from '../src/volume';
import { VMIX_TRANSITIONS } from '../src/transitions';

/** Base URL the tests point the adapter at (intercepted by msw, never the network). */
export const VMIX_SIM_URL = 'http://vmix.test:8088';

const fixture = (name: string) => readFileSync(new URL(`./__fixtures__/${name}`, import.meta.url), 'utf8');

/** Parses an XML fixture with the same parser settings as the adapter. */
export function parseFixture(name: string): VmixState {
  const parser = new XMLParser({
    ignoreAttributes: false,
    attributeNamePrefix: '',
    parseTagValue: false,
    parseAttributeValue: false,
    isArray: (_n: string, jpath: unknown) => VMIX_XML_ARRAYS.includes(String(jpath)),
  });
  return parseVmixState(fixture(name), (xml) => parser.parse(xml) as Record<string, unknown>);
}

const escapeXml = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const flag = (b: boolean) => (b ? 'True' : 'False');

type FunctionResult = { ok: true } | { ok: false; message: string };

/**
 * In-memory vMix: the XML state of `__fixtures__/state.xml`, the shortcut functions the adapter
 * uses, the Web API's answers (200 text on success, 500 text on a rejected function, 401 when a
 * password is set) and the TCP API's tally subscription.
 */
export class VmixSimulator {
  state: VmixState = parseFixture('state.xml');
  /** Web Controller credentials; when set, requests without matching basic auth get 401. */
  auth: { username: string; password: string } | undefined;
  /** Every line the TCP API received, in order. */
  readonly tcpReceived: string[] = [];
  private readonly subscribers = new Set<Socket>();
  private readonly sockets = new Set<Socket>();
  private tcp: Server | undefined;
  private nextKey = 1;

  reset(): void {
    this.state = parseFixture('state.xml');
    this.auth = undefined;
  }

  /** Serializes the state the way vMix does. */
  toXml(): string {
    const s = this.state;
    const inputs = s.inputs
      .map((i) => {
        const audio =
          i.muted === undefined
            ? ''
            : ` muted="${flag(i.muted)}" volume="${i.volume ?? 100}" balance="0" solo="False" audiobusses="${(i.audioBusses ?? ['M']).join(',')}"`;
        return `<input key="${i.key}" number="${i.number}" type="${escapeXml(i.type)}" title="${escapeXml(i.title)}" shortTitle="${escapeXml(i.shortTitle ?? i.title)}" state="${i.state ?? 'Paused'}" position="0" duration="0" loop="False"${audio}>${escapeXml(i.title)}</input>`;
      })
      .join('\n');
    const overlays = s.overlays
      .map((o) =>
        o.input === undefined
          ? `<overlay number="${o.number}"/>`
          : `<overlay number="${o.number}">${o.input}</overlay>`,
      )
      .join('\n');
    const transitions = s.transitions
      .map((t) => `<transition number="${t.number}" effect="${t.effect}" duration="${t.duration}"/>`)
      .join('\n');
    const recording =
      s.recording && s.recordingDuration !== undefined
        ? `<recording duration="${s.recordingDuration}">True</recording>`
        : `<recording>${flag(s.recording)}</recording>`;
    return `<vmix>
<version>${s.version}</version>
<edition>${s.edition ?? ''}</edition>
<inputs>
${inputs}
</inputs>
<overlays>
${overlays}
</overlays>
<preview>${s.preview ?? 0}</preview>
<active>${s.active ?? 0}</active>
<fadeToBlack>${flag(s.fadeToBlack)}</fadeToBlack>
<transitions>
${transitions}
</transitions>
${recording}
<external>${flag(s.external)}</external>
<streaming>${flag(s.streaming)}</streaming>
<playList>${flag(s.playList)}</playList>
<multiCorder>${flag(s.multiCorder)}</multiCorder>
</vmix>`;
  }

  /** Tally digits: 1 = program (active or on an overlay), 2 = preview, 0 = off. */
  tally(): string {
    const onAir = new Set([this.state.active, ...this.state.overlays.map((o) => o.input)]);
    return this.state.inputs
      .map((i) => (onAir.has(i.number) ? '1' : i.number === this.state.preview ? '2' : '0'))
      .join('');
  }

  private find(ref: string | null): VmixInput | undefined {
    if (ref === null) return undefined;
    return (
      this.state.inputs.find((i) => i.key === ref) ??
      this.state.inputs.find((i) => String(i.number) === ref) ??
      this.state.inputs.find((i) => i.title === ref)
    );
  }

  /** Runs one shortcut function against the state. */
  run(name: string, params: URLSearchParams): FunctionResult {
    const before = this.tally();
    const result = this.apply(name, params);
    if (result.ok && this.tally() !== before) this.broadcastTally();
    return result;
  }

  private apply(name: string, params: URLSearchParams): FunctionResult {
    const s = this.state;
    const needInput = (): VmixInput | FunctionResult => {
      const input = this.find(params.get('Input'));
      return input ?? { ok: false, message: `Input not found: ${params.get('Input') ?? '(none)'}` };
    };
    const overlay = /^OverlayInput([1-4])(In|Out)$/.exec(name);
    if (overlay) {
      const slot = s.overlays.find((o) => o.number === Number(overlay[1]))!;
      if (overlay[2] === 'Out') slot.input = undefined;
      else {
        const input = needInput();
        if (!('key' in input)) return input;
        slot.input = input.number;
      }
      return { ok: true };
    }
    if ((VMIX_TRANSITIONS as readonly string[]).includes(name)) {
      const previous = s.active;
      s.active = s.preview;
      s.preview = previous;
      return { ok: true };
    }
    switch (name) {
      case 'CutDirect':
      case 'ActiveInput':
      case 'PreviewInput': {
        const input = needInput();
        if (!('key' in input)) return input;
        if (name === 'PreviewInput') s.preview = input.number;
        else s.active = input.number;
        return { ok: true };
      }
      case 'AudioOn':
      case 'AudioOff':
      case 'SetVolume':
      case 'SetInputName': {
        const input = needInput();
        if (!('key' in input)) return input;
        if (name === 'SetInputName') {
          input.title = params.get('Value') ?? input.title;
          input.shortTitle = input.title;
          return { ok: true };
        }
        if (input.muted === undefined) return { ok: false, message: 'Input has no audio' };
        if (name === 'SetVolume') {
          const fader = Number(params.get('Value'));
          if (!Number.isFinite(fader) || fader < 0 || fader > 100)
            return { ok: false, message: 'Invalid Value' };
          input.volume = Math.round(faderToAmplitude(fader) * 100 * 1e5) / 1e5;
        } else input.muted = name === 'AudioOff';
        return { ok: true };
      }
      case 'AddInput': {
        const [type, value] = (params.get('Value') ?? '').split('|');
        if (type !== 'Colour' || !value) return { ok: false, message: 'Invalid Value' };
        const number = s.inputs.length + 1;
        const key = `00000000-0000-4000-8000-${String(this.nextKey++).padStart(12, '0')}`;
        s.inputs.push({ key, number, type: 'Colour', title: value, shortTitle: value, state: 'Paused' });
        return { ok: true };
      }
      case 'StartStreaming':
      case 'StopStreaming':
        s.streaming = name === 'StartStreaming';
        return { ok: true };
      case 'StartRecording':
      case 'StopRecording':
        s.recording = name === 'StartRecording';
        s.recordingDuration = s.recording ? 0 : undefined;
        return { ok: true };
      default:
        return { ok: false, message: `Function not found: ${name}` };
    }
  }

  /** msw handlers of the Web API. */
  handlers(baseUrl = VMIX_SIM_URL): RequestHandler[] {
    const handle = ({ request }: { request: Request }) => {
      if (this.auth) {
        const expected = `Basic ${Buffer.from(`${this.auth.username}:${this.auth.password}`).toString('base64')}`;
        if (request.headers.get('authorization') !== expected) {
          return new HttpResponse('Unauthorized', {
            status: 401,
            headers: { 'www-authenticate': 'Basic realm="vMix"' },
          });
        }
      }
      const url = new URL(request.url);
      const name = url.searchParams.get('Function');
      if (name === null) {
        return new HttpResponse(this.toXml(), { headers: { 'content-type': 'text/xml' } });
      }
      const result = this.run(name, url.searchParams);
      if (!result.ok)
        return new HttpResponse(result.message, { status: 500, headers: { 'content-type': 'text/plain' } });
      return new HttpResponse('Function completed successfully.', {
        headers: { 'content-type': 'text/plain' },
      });
    };
    return [http.get(`${baseUrl}/api`, handle), http.get(`${baseUrl}/api/`, handle)];
  }

  /** Starts the TCP API on a loopback port; resolves with the port. */
  async listenTcp(): Promise<number> {
    this.tcp = createServer((socket) => {
      this.sockets.add(socket);
      socket.setEncoding('utf8');
      socket.on('close', () => {
        this.sockets.delete(socket);
        this.subscribers.delete(socket);
      });
      socket.on('error', () => undefined);
      socket.write(`VERSION OK ${this.state.version}\r\n`);
      let buffer = '';
      socket.on('data', (chunk: string) => {
        buffer += chunk;
        for (let end = buffer.indexOf('\r\n'); end >= 0; end = buffer.indexOf('\r\n')) {
          this.onTcpLine(socket, buffer.slice(0, end));
          buffer = buffer.slice(end + 2);
        }
      });
    });
    await new Promise<void>((resolve) => this.tcp!.listen(0, '127.0.0.1', resolve));
    return (this.tcp.address() as { port: number }).port;
  }

  private onTcpLine(socket: Socket, line: string): void {
    this.tcpReceived.push(line);
    const [command, ...rest] = line.split(' ');
    if (command === 'SUBSCRIBE' && rest[0] === 'TALLY') {
      this.subscribers.add(socket);
      socket.write('SUBSCRIBE OK TALLY\r\n');
    } else if (command === 'TALLY') socket.write(`TALLY OK ${this.tally()}\r\n`);
    else if (command === 'QUIT') socket.end('QUIT OK Bye\r\n');
    else if (command === 'FUNCTION' && rest[0]) {
      const result = this.run(rest[0], new URLSearchParams(rest.slice(1).join(' ')));
      socket.write(result.ok ? `FUNCTION OK ${rest[0]}\r\n` : `FUNCTION ER ${result.message}\r\n`);
    } else socket.write(`${command} ER Unknown command\r\n`);
  }

  private broadcastTally(): void {
    for (const socket of this.subscribers) socket.write(`TALLY OK ${this.tally()}\r\n`);
  }

  /** Drops every TCP client (vMix restarting, a network blip). */
  dropTcpClients(): void {
    for (const socket of this.sockets) socket.destroy();
  }

  /** Number of open TCP connections. */
  get tcpClients(): number {
    return this.sockets.size;
  }

  async closeTcp(): Promise<void> {
    this.dropTcpClients();
    await new Promise<void>((resolve) => (this.tcp ? this.tcp.close(() => resolve()) : resolve()));
  }
}

/** vMix's answer for an injected fault: plain text, like every vMix error. */
export function vmixFaultResponse(
  _fault: string,
  status: number,
  retryAfterSeconds: number | undefined,
): Response {
  return new HttpResponse(status === 401 ? 'Unauthorized' : `Injected HTTP ${status}`, {
    status,
    headers: {
      'content-type': 'text/plain',
      ...(retryAfterSeconds === undefined ? {} : { 'retry-after': String(retryAfterSeconds) }),
    },
  });
}
