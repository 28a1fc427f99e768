/**
 * A scripted OpenAI-compatible model on 127.0.0.1 that can call tools, for the extension host tests: it records
 * every request body and streams Chat Completions chunks — text, or tool calls whose arguments arrive split
 * across chunks, as real servers send them.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { once } from 'node:events';

/** One message of a recorded request, as the wire carries it. */
export interface WireMessage {
  readonly role: string;
  readonly content?: string | null;
  readonly tool_calls?: readonly { readonly id: string; readonly function: { readonly name: string; readonly arguments: string } }[];
  readonly tool_call_id?: string;
}

export interface WireRequest {
  readonly model?: string;
  readonly messages: readonly WireMessage[];
  readonly tools?: readonly { readonly type: string; readonly function: { readonly name: string } }[];
}

export type ScriptedReply = { readonly text: string } | { readonly toolCalls: readonly { readonly name: string; readonly arguments: Record<string, unknown> }[] };

export class ToolServer {
  /** Chat requests only (not /models), in order. */
  readonly requests: WireRequest[] = [];
  /** Every body as text, to search for secrets. */
  readonly bodies: string[] = [];
  private constructor(private readonly server: Server, private readonly script: (req: WireRequest) => ScriptedReply) {}

  static async start(script: (req: WireRequest) => ScriptedReply): Promise<ToolServer> {
    const holder: { self?: ToolServer } = {};
    const server = createServer((req, res) => {
      let body = '';
      req.on('data', chunk => { body += chunk; });
      req.on('end', () => holder.self?.handle(req.url ?? '', body, res));
    });
    const self = new ToolServer(server, script);
    holder.self = self;
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    return self;
  }

  get baseUrl(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/v1`;
  }

  stop(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise(resolve => this.server.close(() => resolve()));
  }

  private handle(url: string, body: string, res: import('node:http').ServerResponse): void {
    this.bodies.push(body);
    if (url.endsWith('/models')) {
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ object: 'list', data: [{ id: 'scripted', object: 'model' }] }));
      return;
    }
    const request = JSON.parse(body || '{}') as WireRequest;
    this.requests.push(request);
    const reply = this.script(request);
    const chunk = (delta: unknown, finish: string | null = null) =>
      `data: ${JSON.stringify({ id: 'chatcmpl-1', object: 'chat.completion.chunk', created: 0, model: request.model ?? 'scripted', choices: [{ index: 0, delta, finish_reason: finish }] })}\n\n`;
    res.writeHead(200, { 'content-type': 'text/event-stream' });
    if ('text' in reply) {
      res.write(chunk({ role: 'assistant', content: reply.text }));
      res.write(chunk({}, 'stop'));
    } else {
      reply.toolCalls.forEach((call, index) => {
        const args = JSON.stringify(call.arguments);
        const half = Math.floor(args.length / 2);
        res.write(chunk({ role: 'assistant', tool_calls: [{ index, id: `call_${this.requests.length}_${index}`, type: 'function', function: { name: call.name, arguments: args.slice(0, half) } }] }));
        res.write(chunk({ tool_calls: [{ index, function: { arguments: args.slice(half) } }] }));
      });
      res.write(chunk({}, 'tool_calls'));
    }
    res.end('data: [DONE]\n\n');
  }
}
