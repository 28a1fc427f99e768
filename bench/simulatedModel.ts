/**
 * A simulated local model on 127.0.0.1 that streams at a chosen speed: it reads the prompt at `promptTokensPerSecond`
 * (the time before the first token) and writes at `outputTokensPerSecond`. Router requests (purpose `route`, sent
 * with a JSON schema) are answered with a compact verdict; answers stream a short fixed text at once, because the
 * stage-2 benchmark measures only the time stage 2 adds before the answer starts. No prompt cache is simulated: every
 * request pays for its whole prompt (a runtime that caches the fixed system prompt would be faster).
 */
import type * as http from 'node:http';
import { estimateTokens, MESSAGE_OVERHEAD_TOKENS } from '../src/router/tokens';
import { listenOpenAICompatible } from './sseServer';

export interface ModelSpeed {
  readonly promptTokensPerSecond: number;
  readonly outputTokensPerSecond: number;
}

export interface SimulatedModel {
  readonly baseUrl: string;
  /** Router requests served and their prompt sizes in tokens. */
  readonly routePromptTokens: () => readonly number[];
  close(): Promise<void>;
}

const MODEL = 'simulated-local';
/** The verdict the simulated router writes, one token per chunk (split like a BPE tokenizer would, roughly). */
const VERDICT_TOKENS = ['{"', 'target', '":"', 'cloud', '","', 'conf', 'idence', '":', '0', '.', '8', '}'];
const ANSWER = ['The ', 'answer ', 'starts ', 'here.'];

interface ChatBody {
  readonly messages?: readonly { readonly content?: unknown }[];
  readonly response_format?: unknown;
}

const sleep = (ms: number): Promise<void> => new Promise(resolve => setTimeout(resolve, ms));

function sse(id: string, delta: Record<string, string>, finish: string | null): string {
  return `data: ${JSON.stringify({ id, object: 'chat.completion.chunk', created: 0, model: MODEL, choices: [{ index: 0, delta, finish_reason: finish }] })}\n\n`;
}

async function stream(res: http.ServerResponse, id: string, tokens: readonly string[], prefillMs: number, perTokenMs: number): Promise<void> {
  res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', connection: 'keep-alive' });
  await sleep(prefillMs);
  for (const [i, token] of tokens.entries()) {
    if (res.destroyed) { return; }
    res.write(sse(id, i === 0 ? { role: 'assistant', content: token } : { content: token }, null));
    if (i < tokens.length - 1) { await sleep(perTokenMs); }
  }
  if (!res.destroyed) {
    res.write(sse(id, {}, 'stop'));
    res.end('data: [DONE]\n\n');
  }
}

export async function startSimulatedModel(speed: ModelSpeed): Promise<SimulatedModel> {
  const routePrompts: number[] = [];
  const server = await listenOpenAICompatible((raw, res, id) => {
    const body = JSON.parse(raw) as ChatBody;
    const promptTokens = (body.messages ?? []).reduce((sum, m) => sum + estimateTokens(typeof m.content === 'string' ? m.content : '') + MESSAGE_OVERHEAD_TOKENS, 0);
    const isRoute = body.response_format !== undefined;
    if (isRoute) { routePrompts.push(promptTokens); }
    const prefillMs = isRoute ? (1000 * promptTokens) / speed.promptTokensPerSecond : 0;
    const perTokenMs = isRoute ? 1000 / speed.outputTokensPerSecond : 0;
    void stream(res, id, isRoute ? VERDICT_TOKENS : ANSWER, prefillMs, perTokenMs);
  }, MODEL);
  return { baseUrl: server.baseUrl, routePromptTokens: () => routePrompts, close: server.close };
}
