/**
 * The demo models' side of an agent loop, deterministic and labelled: asked about a file while a file-reading tool
 * is offered, the demo calls that tool once; handed the tool's result, it says what came back (size, first line),
 * so a person sees the loop run end to end with no model installed. It never pretends to understand the file.
 */
import type { ProviderMessage, ProviderRequest, Target, ToolCall, ToolSpec } from '../router/types';

/** What the demo does this turn: call a tool, or say what a tool returned. Undefined: answer as usual. */
export type DemoAgentReply = { readonly kind: 'tool_call'; readonly call: ToolCall } | { readonly kind: 'text'; readonly text: string };

/** Names of tools that read a file: read_file, readFile, hybridAgent_readFile, copilot_readFile, read-text-file … */
const FILE_READER = /read[_-]?(text[_-]?)?file/i;
/** A file path with an extension, or a dotfile: README.md, src/app.ts, /abs/path/x.py, C:\dir\x.cs, .env, ws/.npmrc. */
const FILE_PATH = /(?:^|[\s`'"(<[])((?:[A-Za-z]:)?(?:[\w./\\-]*[\w/\\])?\.[A-Za-z]\w{0,9})(?=$|[\s`'")>\],:;!?]|\.(?:\s|$))/;
const PATH_KEYS = ['path', 'filePath', 'file_path', 'file', 'filename', 'fileName', 'uri'];
const FIRST_LINE_CHARS = 60;

export function demoAgentReply(target: Target, req: ProviderRequest): DemoAgentReply | undefined {
  const last = req.messages[req.messages.length - 1];
  if (last?.role === 'tool') {
    return { kind: 'text', text: describeToolResult(target, last, req.messages) };
  }
  if (last?.role !== 'user' || !req.tools?.length) {
    return undefined;
  }
  const reader = req.tools.find(t => FILE_READER.test(t.name));
  const path = reader ? FILE_PATH.exec(requestText(last.content))?.[1] : undefined;
  if (!reader || !path) {
    return undefined;
  }
  const earlier = req.messages.reduce((n, m) => n + (m.toolCalls?.length ?? 0), 0);
  return { kind: 'tool_call', call: { id: `call_demo_${earlier + 1}`, name: reader.name, arguments: argumentsFor(reader, path) } };
}

/** VS Code's agent wraps the person's words in <userRequest>; look there first so context paths do not win. */
function requestText(content: string): string {
  return /<userRequest>([\s\S]*?)<\/userRequest>/.exec(content)?.[1] ?? content;
}

/** The path under the schema's path-like property (else its first string property), plus required numbers filled. */
function argumentsFor(tool: ToolSpec, path: string): Record<string, unknown> {
  const properties = (tool.parameters?.properties ?? {}) as Record<string, { type?: unknown }>;
  const names = Object.keys(properties);
  const key = PATH_KEYS.find(k => k in properties) ?? names.find(n => properties[n]?.type === 'string') ?? 'path';
  const args: Record<string, unknown> = { [key]: path };
  const required = Array.isArray(tool.parameters?.required) ? tool.parameters.required as unknown[] : [];
  for (const name of required) {
    const type = typeof name === 'string' ? properties[name]?.type : undefined;
    if (typeof name === 'string' && name !== key && (type === 'number' || type === 'integer')) {
      // e.g. startLine/endLine of VS Code's read_file: the start of the file, and a generous end.
      args[name] = /end|limit|count|max/i.test(name) ? 500 : 1;
    }
  }
  return args;
}

function describeToolResult(target: Target, result: ProviderMessage, messages: readonly ProviderMessage[]): string {
  const call = messages.flatMap(m => m.toolCalls ?? []).find(c => c.id === result.toolCallId);
  const firstLine = result.content.split(/\r?\n/).map(l => l.trim()).find(l => l !== '') ?? '';
  const shown = firstLine.length > FIRST_LINE_CHARS ? `${firstLine.slice(0, FIRST_LINE_CHARS)}…` : firstLine;
  const chars = result.content.length;
  return [
    `[demo] The tool ${call ? `\`${call.name}\`` : 'call'} returned ${chars} character${chars === 1 ? '' : 's'}`,
    shown ? `; its first line: "${shown}".` : ' and no text.',
    ` This is the built-in demo ${target} model: it shows that the tool loop ran, and a real ${target} model would answer from the result here.`,
  ].join('');
}
