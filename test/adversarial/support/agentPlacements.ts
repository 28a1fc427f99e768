/**
 * Where a secret can hide in an agent turn: in a tool result (the first one, a later one, one of two parallel
 * ones, a file read whose name is sensitive), or in the arguments the model sent (a terminal command, a nested
 * argument). Each builder gives the AskRequest for the service and the same conversation in the OpenAI shape for
 * `hybrid-agent ask --messages`. The task carries the nonce, so the loopback servers can tell requests apart.
 */
import type { AskRequest, ChatTurn, ToolCall, ToolSpec } from '../../../src/router/types';
import type { SecretSample } from './secrets';

export const AGENT_TOOLS: ToolSpec[] = [
  { name: 'read_file', description: 'Read a workspace file', parameters: { type: 'object', properties: { path: { type: 'string' } } } },
  { name: 'run_in_terminal', description: 'Run a shell command', parameters: { type: 'object', properties: { command: { type: 'string' } } } },
];

export interface AgentPlacedRequest {
  readonly request: AskRequest;
  /** The same conversation and tools as OpenAI Chat Completions JSON. */
  readonly openai: { readonly messages: unknown[]; readonly tools: unknown[] };
  readonly secrets: readonly string[];
  /** Whether the secret sits in a message's text (a tool result), where an echoing model repeats its placeholder. */
  readonly inContent: boolean;
}

export interface AgentPlacement {
  readonly name: string;
  build(sample: SecretSample, nonce: string): AgentPlacedRequest;
}

const call = (id: string, name: string, args: ToolCall['arguments']): ToolCall => ({ id, name, arguments: args });
const clean = (path: string) => `// ${path}\nexport function handler(req, res) {\n  res.status(200).send('ok');\n}\n`;

/** A loop: the task, then for each step the model's calls and their results; `prompt` is what the person adds last. */
function loop(nonce: string, steps: ReadonlyArray<{ calls: ToolCall[]; results: string[] }>, prompt = ''): AskRequest {
  const history: ChatTurn[] = [{ role: 'user', content: `Find why the deploy fails ${nonce}` }];
  for (const step of steps) {
    history.push({ role: 'assistant', content: '', toolCalls: step.calls });
    step.calls.forEach((c, i) => history.push({ role: 'tool', content: step.results[i], toolCallId: c.id }));
  }
  return { prompt, history, tools: AGENT_TOOLS };
}

/** The request as OpenAI messages and tools. */
export function toOpenAi(req: AskRequest): { messages: unknown[]; tools: unknown[] } {
  const messages: unknown[] = (req.history ?? []).map(turn => (turn.role === 'tool'
    ? { role: 'tool', tool_call_id: turn.toolCallId, content: turn.content }
    : turn.toolCalls
      ? { role: 'assistant', content: turn.content || null, tool_calls: turn.toolCalls.map(c => ({ id: c.id, type: 'function', function: { name: c.name, arguments: JSON.stringify(c.arguments) } })) }
      : { role: turn.role, content: turn.content }));
  if (req.prompt !== '') {
    messages.push({ role: 'user', content: req.prompt });
  }
  return { messages, tools: (req.tools ?? []).map(t => ({ type: 'function', function: t })) };
}

function placed(request: AskRequest, sample: SecretSample, inContent: boolean): AgentPlacedRequest {
  return { request, openai: toOpenAi(request), secrets: [sample.value], inContent };
}

export const AGENT_PLACEMENTS: readonly AgentPlacement[] = [
  {
    name: 'in the first tool result',
    build: (s, n) => placed(loop(n, [{ calls: [call('c1', 'read_file', { path: 'config/settings.ts' })], results: [`export const value = \`${s.text}\`;\n`] }]), s, true),
  },
  {
    name: 'in a later tool result of a long loop',
    build: (s, n) => placed(loop(n, [
      ...['src/a.ts', 'src/b.ts', 'src/c.ts'].map((p, i) => ({ calls: [call(`c${i}`, 'read_file', { path: p })], results: [clean(p)] })),
      { calls: [call('c9', 'run_in_terminal', { command: 'printenv' })], results: [`PATH=/usr/bin\nHOME=/home/dev\nVALUE=${s.text}\nSHELL=/bin/bash\n`] },
      { calls: [call('c10', 'read_file', { path: 'src/d.ts' })], results: [clean('src/d.ts')] },
    ]), s, true),
  },
  {
    name: 'in one of two parallel tool results',
    build: (s, n) => placed(loop(n, [{ calls: [call('c1', 'read_file', { path: 'src/a.ts' }), call('c2', 'read_file', { path: 'deploy/values.yaml' })], results: [clean('src/a.ts'), `image: web\nsecretValue: ${s.text}\n`] }]), s, true),
  },
  {
    name: 'in a tool result, followed by a new question',
    build: (s, n) => placed(loop(n, [{ calls: [call('c1', 'read_file', { path: 'logs/error.log' })], results: [`Error: connect failed\n  at db (${s.text})\n`] }], `And how do I fix it? ${n}`), s, true),
  },
  {
    name: 'in the arguments the model sent (a terminal command)',
    build: (s, n) => placed(loop(n, [{ calls: [call('c1', 'run_in_terminal', { command: `deploy --config "${s.text}" --region eu` })], results: ['deploy: ok\n'] }]), s, false),
  },
  {
    name: 'in a nested argument the model sent',
    build: (s, n) => placed(loop(n, [{ calls: [call('c1', 'run_in_terminal', { command: 'deploy', env: [{ name: 'VALUE', value: s.text }] })], results: ['deploy: ok\n'] }]), s, false),
  },
];
