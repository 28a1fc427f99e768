/**
 * Words @hybrid's tool loop shows in the chat: one line per tool use ("Read `src/app.ts` (local)": what ran, for
 * the model on which side), and the note when the loop stops at its turn cap. Arguments appear only in the
 * person's own chat, never in the log or the tree.
 */
import type { ServedPath, ToolCall } from '../router/types';
import { escapeCode, truncate } from './text';

const MAX_SHOWN_CHARS = 80;

function shown(value: unknown): string | undefined {
  if (typeof value !== 'string' || value.trim() === '') { return undefined; }
  return `\`${escapeCode(truncate(value, MAX_SHOWN_CHARS))}\``;
}

/** What a call did, in words: read tools name the file, find and search tools their pattern or query. */
export function toolUsePhrase(call: ToolCall): string {
  const args = call.arguments;
  const name = call.name.toLowerCase();
  const path = shown(args.path ?? args.filePath ?? args.file);
  if (/read/.test(name) && path) { return `Read ${path}`; }
  const pattern = shown(args.pattern ?? args.glob ?? args.query ?? args.include);
  if (/find|search|grep|glob|list/.test(name) && pattern) { return `${/search|grep/.test(name) ? 'Searched for' : 'Listed files matching'} ${pattern}`; }
  return `Ran \`${escapeCode(call.name)}\``;
}

const SIDE: Record<ServedPath, string> = {
  local: 'local', cloud: 'cloud', local_fallback: 'local, after the cloud failed', cloud_fallback: 'cloud, after the local model failed',
};

/** "Read `src/app.ts` (local)": the side is the one whose model asked for the tool. */
export function toolUseLine(call: ToolCall, path: ServedPath): string {
  return `${toolUsePhrase(call)} (${SIDE[path]})`;
}

export function turnCapNote(maxTurns: number): string {
  return `Stopped after ${maxTurns} turns: the model still wanted to call tools. Ask a narrower question, or raise \`hybridAgent.agent.maxTurns\`.`;
}

export const TOOLS_UNSUPPORTED_NOTE = 'The model that answered cannot call tools, so it answered without reading the workspace.';
