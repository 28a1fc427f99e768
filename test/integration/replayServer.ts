/**
 * A record-replay HTTP server on 127.0.0.1 (port 0). Tests queue fixtures (or install a responder), point a real
 * SDK client at `baseUrl`, and afterwards read what the server saw: every request (method, path, headers with
 * credential values redacted, parsed body) and whether the client closed the connection before the response ended.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { EventEmitter, once } from 'node:events';
import { type Fixture, loadFixture } from './fixtures';

export interface RecordedRequest {
  readonly method: string;
  readonly path: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: unknown;
  /** Name of the fixture that answered, or undefined when none matched. */
  fixture?: string;
  /** The client went away before the response was complete (cancel, timeout). */
  closedEarly: boolean;
}

/** Chooses the fixture for a request; return undefined to answer 501. */
export type Responder = (req: RecordedRequest) => Fixture | string | undefined;

const REDACTED_HEADERS = new Set(['authorization', 'api-key', 'x-api-key', 'cookie', 'ocp-apim-subscription-key']);

export class ReplayServer {
  readonly requests: RecordedRequest[] = [];
  private readonly queue: Fixture[] = [];
  private responder: Responder | undefined;
  private readonly sockets = new Set<Socket>();
  private readonly events = new EventEmitter();
  private server: Server | undefined;
  private port = 0;

  /** Starts listening on 127.0.0.1 with an ephemeral port. */
  static async start(): Promise<ReplayServer> {
    const replay = new ReplayServer();
    replay.server = createServer((req, res) => void replay.handle(req, res));
    replay.server.on('connection', socket => {
      replay.sockets.add(socket);
      socket.on('close', () => replay.sockets.delete(socket));
    });
    replay.server.listen(0, '127.0.0.1');
    await once(replay.server, 'listening');
    replay.port = (replay.server.address() as AddressInfo).port;
    return replay;
  }

  get origin(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** OpenAI-style base URL, `http://127.0.0.1:PORT/v1`. */
  get baseUrl(): string {
    return `${this.origin}/v1`;
  }

  /** Answers the next requests, in order, with these fixtures (names or objects). */
  enqueue(...fixtures: (Fixture | string)[]): this {
    this.queue.push(...fixtures.map(f => (typeof f === 'string' ? loadFixture(f) : f)));
    return this;
  }

  /** Answers every request the queue does not cover through this function. */
  respondWith(responder: Responder): this {
    this.responder = responder;
    return this;
  }

  /** Resolves when a request has been closed early by the client (for cancellation tests). */
  async nextEarlyClose(): Promise<RecordedRequest> {
    const already = this.requests.find(r => r.closedEarly);
    if (already) {
      return already;
    }
    const [request] = await once(this.events, 'early-close');
    return request as RecordedRequest;
  }

  /** Resolves when the server has received `count` requests in total. */
  async requestCount(count: number): Promise<void> {
    while (this.requests.length < count) {
      await once(this.events, 'request');
    }
  }

  async stop(): Promise<void> {
    for (const socket of this.sockets) {
      socket.destroy();
    }
    if (this.server) {
      await new Promise<void>(done => this.server?.close(() => done()));
    }
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) {
      chunks.push(chunk as Buffer);
    }
    const text = Buffer.concat(chunks).toString('utf8');
    const recorded: RecordedRequest = {
      method: req.method ?? 'GET',
      path: req.url ?? '/',
      headers: redactHeaders(req.headers),
      body: text ? parseJson(text) : undefined,
      closedEarly: false,
    };
    this.requests.push(recorded);
    res.on('close', () => {
      if (!res.writableFinished) {
        recorded.closedEarly = true;
        this.events.emit('early-close', recorded);
      }
    });
    this.events.emit('request', recorded);
    const fixture = this.pick(recorded);
    if (!fixture) {
      res.writeHead(501, { 'content-type': 'application/json' }).end(JSON.stringify({ error: { message: `no fixture for ${recorded.method} ${recorded.path}`, code: 'no_fixture' } }));
      return;
    }
    recorded.fixture = fixture.name;
    await replay(fixture, res);
  }

  private pick(req: RecordedRequest): Fixture | undefined {
    const queued = this.queue[0];
    const pathOnly = req.path.split('?')[0];
    if (queued && queued.request.method === req.method && pathOnly.endsWith(queued.request.path.replace(/^\/v1/, ''))) {
      return this.queue.shift();
    }
    const chosen = this.responder?.(req);
    return typeof chosen === 'string' ? loadFixture(chosen) : chosen;
  }
}

async function replay(fixture: Fixture, res: ServerResponse): Promise<void> {
  const { status, headers = {}, body, events } = fixture.response;
  if (!events) {
    res.writeHead(status, { 'content-type': 'application/json', ...headers }).end(body === undefined ? '' : JSON.stringify(body));
    return;
  }
  res.writeHead(status, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', ...headers });
  const { cutAfterEvents, holdAfterEvents } = fixture.behavior ?? {};
  for (const [index, event] of events.entries()) {
    if (index === cutAfterEvents) {
      res.socket?.destroy();
      return;
    }
    if (index === holdAfterEvents) {
      return; // keep the response open until the client (or stop()) closes it
    }
    const data = typeof event.data === 'string' ? event.data : JSON.stringify(event.data);
    res.write(`${event.event ? `event: ${event.event}\n` : ''}data: ${data}\n\n`);
    // Let each event leave as its own chunk, as a real stream does.
    await new Promise<void>(done => setImmediate(done));
    if (res.destroyed) {
      return;
    }
  }
  if (holdAfterEvents !== undefined && holdAfterEvents >= events.length) {
    return;
  }
  res.end();
}

function redactHeaders(headers: IncomingMessage['headers']): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    const joined = Array.isArray(value) ? value.join(', ') : (value ?? '');
    out[name] = REDACTED_HEADERS.has(name) ? redactCredential(joined) : joined;
  }
  return out;
}

/** Keeps the scheme so tests can assert "a bearer token was sent" without the value: `Bearer <redacted:12>`. */
function redactCredential(value: string): string {
  const [scheme, token] = value.includes(' ') ? value.split(' ', 2) : ['', value];
  return `${scheme ? `${scheme} ` : ''}<redacted:${token.length}>`;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
