/**
 * A minimal OpenAI-compatible server on 127.0.0.1 for the streaming benchmark: `/v1/models`, and
 * `/v1/chat/completions` streamed as SSE (first chunk written at once) or as one JSON body.
 */
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface LoopbackServer {
  readonly baseUrl: string;
  /** Chat requests served so far. */
  readonly requests: () => number;
  close(): Promise<void>;
}

const MODEL = 'bench-model';
const CHUNKS = ['Use ', 'a ', 'bounded ', 'pool ', 'and ', 'release ', 'clients ', 'in ', 'finally.'];

function chunk(id: string, delta: Record<string, string>, finish: string | null): string {
  const body = { id, object: 'chat.completion.chunk', created: 0, model: MODEL, choices: [{ index: 0, delta, finish_reason: finish }] };
  return `data: ${JSON.stringify(body)}\n\n`;
}

function serveChat(body: string, res: http.ServerResponse, id: string): void {
  const request = JSON.parse(body) as { stream?: boolean };
  if (!request.stream) {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({
      id, object: 'chat.completion', created: 0, model: MODEL,
      choices: [{ index: 0, message: { role: 'assistant', content: CHUNKS.join('') }, finish_reason: 'stop' }],
      usage: { prompt_tokens: 20, completion_tokens: CHUNKS.length, total_tokens: 20 + CHUNKS.length },
    }));
    return;
  }
  res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', connection: 'keep-alive' });
  res.write(chunk(id, { role: 'assistant', content: CHUNKS[0] }, null));
  for (const text of CHUNKS.slice(1)) res.write(chunk(id, { content: text }, null));
  res.write(chunk(id, {}, 'stop'));
  const usage = { id, object: 'chat.completion.chunk', created: 0, model: MODEL, choices: [], usage: { prompt_tokens: 20, completion_tokens: CHUNKS.length, total_tokens: 20 + CHUNKS.length } };
  res.write(`data: ${JSON.stringify(usage)}\n\n`);
  res.end('data: [DONE]\n\n');
}

export async function startLoopbackServer(): Promise<LoopbackServer> {
  return listenOpenAICompatible((body, res, id) => serveChat(body, res, id));
}

/**
 * An OpenAI-compatible server on 127.0.0.1: `/v1/models` lists one model and each `/v1/chat/completions` body goes
 * to `onChat` with a fresh completion id. Shared by the benchmarks' loopback servers.
 */
export async function listenOpenAICompatible(onChat: (body: string, res: http.ServerResponse, id: string) => void, model = MODEL): Promise<LoopbackServer> {
  let served = 0;
  const server = http.createServer((req, res) => {
    const parts: Buffer[] = [];
    req.on('data', (d: Buffer) => parts.push(d));
    req.on('end', () => {
      const url = req.url ?? '';
      if (req.method === 'GET' && url.endsWith('/models')) {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ object: 'list', data: [{ id: model, object: 'model', created: 0, owned_by: 'bench' }] }));
      } else if (req.method === 'POST' && url.endsWith('/chat/completions')) {
        served++;
        onChat(Buffer.concat(parts).toString('utf8'), res, `chatcmpl-${served}`);
      } else {
        res.writeHead(404, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ error: { message: `no route ${req.method} ${url}` } }));
      }
    });
  });
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}/v1`,
    requests: () => served,
    close: () => new Promise<void>(resolve => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}
