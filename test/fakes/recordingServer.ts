/**
 * A loopback OpenAI-compatible server that records every TCP connection and every request, for the adversarial
 * layer: "zero requests reached the cloud" is asserted here, at the wire, not in a mock. Each request is answered
 * by a programmable behaviour (a streamed answer, an HTTP error, a hang, a cut stream, malformed JSON or SSE), and
 * the server says when each connection closed, so a test can prove no request was left orphaned.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { EventEmitter, once } from 'node:events';

/** How the server answers one request. */
export type Behavior =
  | { readonly kind: 'answer'; readonly text: string; readonly chunks?: number; readonly model?: string }
  | { readonly kind: 'status'; readonly status: number; readonly body?: unknown; readonly headers?: Readonly<Record<string, string>> }
  /** Never sends headers: a timeout before the stream. */
  | { readonly kind: 'hang' }
  /** Sends headers and this many chunks of `text`, then holds: a timeout during the stream. */
  | { readonly kind: 'stall'; readonly text: string; readonly afterChunks: number }
  /** Sends this many chunks, then destroys the socket: a stream cut mid-answer. */
  | { readonly kind: 'cut'; readonly text: string; readonly afterChunks: number }
  /** A complete stream with no text. */
  | { readonly kind: 'empty' }
  /** 200 with a JSON content type and a body that is not JSON. */
  | { readonly kind: 'malformed-json' }
  /** 200 SSE whose data lines are not JSON. */
  | { readonly kind: 'malformed-sse' }
  /** GET /models listing. */
  | { readonly kind: 'models'; readonly ids: readonly string[] };

export interface RecordedCall {
  readonly index: number;
  readonly connection: number;
  readonly method: string;
  readonly path: string;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  /** Raw body text (tests search it for secrets and nonces). */
  readonly bodyText: string;
  readonly body: unknown;
  /** 'finished': the response was sent completely; 'closed-early': the client (or a cut) ended it first. */
  end?: 'finished' | 'closed-early';
}

export interface RecordedConnection {
  readonly id: number;
  closed: boolean;
}

export type Responder = (call: RecordedCall) => Behavior;

export class RecordingServer {
  readonly calls: RecordedCall[] = [];
  readonly connections: RecordedConnection[] = [];
  private readonly sockets = new Map<Socket, RecordedConnection>();
  private readonly events = new EventEmitter();
  private server: Server | undefined;
  private port = 0;

  private constructor(private responder: Responder) {
    this.events.setMaxListeners(0);
  }

  /** Listens on 127.0.0.1 at an ephemeral port. */
  static async start(responder: Responder = () => ({ kind: 'answer', text: 'ok' })): Promise<RecordingServer> {
    const rec = new RecordingServer(responder);
    const server = createServer((req, res) => void rec.handle(req, res));
    // Every response closes its connection, so "all connections closed" is a clean end state to wait for.
    server.keepAliveTimeout = 1;
    server.on('connection', socket => rec.track(socket));
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    rec.server = server;
    rec.port = (server.address() as AddressInfo).port;
    return rec;
  }

  get origin(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** OpenAI-style base URL. */
  get baseUrl(): string {
    return `${this.origin}/v1`;
  }

  get portNumber(): number {
    return this.port;
  }

  /** Chat (or Responses) calls only: what a model would have received. */
  get completionCalls(): RecordedCall[] {
    return this.calls.filter(c => c.method === 'POST');
  }

  respondWith(responder: Responder): void {
    this.responder = responder;
  }

  /** Everything any client sent to this server, as one string (for "never contains" assertions). */
  allBodies(): string {
    return this.calls.map(c => `${c.method} ${c.path}\n${c.bodyText}`).join('\n');
  }

  /** Resolves once `count` requests have arrived. */
  async requestCount(count: number): Promise<void> {
    while (this.calls.length < count) {
      await once(this.events, 'request');
    }
  }

  /** Resolves when every connection ever opened is closed (event-driven; mocha's timeout bounds it). */
  async allClosed(): Promise<void> {
    while (this.connections.some(c => !c.closed)) {
      await once(this.events, 'close');
    }
  }

  /** Calls whose response was neither finished nor closed: requests left hanging. */
  openCalls(): RecordedCall[] {
    return this.calls.filter(c => c.end === undefined);
  }

  async stop(): Promise<void> {
    for (const socket of this.sockets.keys()) {
      socket.destroy();
    }
    const server = this.server;
    if (server) {
      await new Promise<void>(done => server.close(() => done()));
    }
  }

  private track(socket: Socket): void {
    const connection: RecordedConnection = { id: this.connections.length + 1, closed: false };
    this.connections.push(connection);
    this.sockets.set(socket, connection);
    socket.on('close', () => {
      connection.closed = true;
      this.sockets.delete(socket);
      this.events.emit('close', connection);
    });
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    try {
      for await (const chunk of req) {
        chunks.push(chunk as Buffer);
      }
    } catch {
      return; // the client went away while sending
    }
    const bodyText = Buffer.concat(chunks).toString('utf8');
    const call: RecordedCall = {
      index: this.calls.length,
      connection: req.socket ? (this.sockets.get(req.socket)?.id ?? 0) : 0,
      method: req.method ?? 'GET',
      path: req.url ?? '/',
      headers: { ...req.headers },
      bodyText,
      body: parseJson(bodyText),
    };
    this.calls.push(call);
    res.on('close', () => {
      call.end = res.writableFinished ? 'finished' : 'closed-early';
      this.events.emit('call-end', call);
    });
    this.events.emit('request', call);
    res.setHeader('connection', 'close');
    await respond(this.responder(call), call, res);
  }
}

/** The text of the last user message of a chat request (the prompt plus references). */
export function lastUserText(call: RecordedCall): string {
  const body = call.body as { messages?: { role?: string; content?: unknown }[]; input?: unknown } | undefined;
  const messages = body?.messages ?? [];
  const user = [...messages].reverse().find(m => m.role === 'user');
  return typeof user?.content === 'string' ? user.content : call.bodyText;
}

/** True when the request asks for the router model's JSON verdict (stage 2). */
export function isRouterCall(call: RecordedCall): boolean {
  const body = call.body as { response_format?: unknown; messages?: { content?: unknown }[] } | undefined;
  return body?.response_format !== undefined || /route coding-assistant requests/.test(String(body?.messages?.[0]?.content ?? ''));
}

function split(text: string, parts: number): string[] {
  const size = Math.max(1, Math.ceil(text.length / Math.max(1, parts)));
  const out: string[] = [];
  for (let i = 0; i < text.length; i += size) {
    out.push(text.slice(i, i + size));
  }
  return out.length > 0 ? out : [''];
}

function chunkEvent(model: string, content: string | undefined, finish: string | null): string {
  const chunk = {
    id: 'chatcmpl-rec', object: 'chat.completion.chunk', created: 1, model,
    choices: [{ index: 0, delta: content === undefined ? {} : { content }, finish_reason: finish }],
  };
  return `data: ${JSON.stringify(chunk)}\n\n`;
}

async function tick(): Promise<void> {
  await new Promise<void>(done => setImmediate(done));
}

async function respond(behavior: Behavior, call: RecordedCall, res: ServerResponse): Promise<void> {
  const model = (call.body as { model?: string } | undefined)?.model ?? 'recorded-model';
  const sse = () => res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
  switch (behavior.kind) {
    case 'models':
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ object: 'list', data: behavior.ids.map(id => ({ id, object: 'model' })) }));
      return;
    case 'status':
      res.writeHead(behavior.status, { 'content-type': 'application/json', ...behavior.headers })
        .end(JSON.stringify(behavior.body ?? { error: { message: `status ${behavior.status}`, type: 'test', code: String(behavior.status) } }));
      return;
    case 'hang':
      return; // the client's timeout or abort ends it
    case 'malformed-json':
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"id": "x", "choices": [ {"delta": ');
      return;
    case 'malformed-sse':
      sse();
      res.write('data: {not json at all\n\n');
      await tick();
      res.end('data: [DONE]\n\n');
      return;
    case 'empty':
      sse();
      res.write(chunkEvent(model, undefined, null));
      res.write(chunkEvent(model, undefined, 'stop'));
      res.end('data: [DONE]\n\n');
      return;
    case 'answer':
    case 'stall':
    case 'cut': {
      sse();
      const pieces = split(behavior.text, behavior.kind === 'answer' ? (behavior.chunks ?? 3) : Math.max(behavior.afterChunks + 1, 2));
      const stopAt = behavior.kind === 'answer' ? pieces.length : behavior.afterChunks;
      for (let i = 0; i < stopAt && i < pieces.length; i++) {
        res.write(chunkEvent(behavior.kind === 'answer' ? (behavior.model ?? model) : model, pieces[i], null));
        await tick();
        if (res.destroyed) {
          return;
        }
      }
      if (behavior.kind === 'cut') {
        res.socket?.destroy();
        return;
      }
      if (behavior.kind === 'stall') {
        return;
      }
      res.write(chunkEvent(behavior.model ?? model, undefined, 'stop'));
      res.end('data: [DONE]\n\n');
      return;
    }
  }
}

function parseJson(text: string): unknown {
  if (!text) {
    return undefined;
  }
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
