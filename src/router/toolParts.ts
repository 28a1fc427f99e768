/**
 * Tool calls and tool results as parts of a request: what the privacy gate scans, how a tool is named in findings,
 * logs and records, and how a call's arguments are taken apart into text and put back together for redaction.
 */
import { holdsValue } from './privacy/names';
import type { AskRequest, ChatTurn, ToolCall } from './types';

/**
 * A label for a tool in findings, reasons, logs and records: the name when it looks like one, else `tool`. A name
 * holding a secret or PII value (a model may name a call after a token it read) is `tool` too.
 */
export function toolLabel(name: unknown): string {
  return typeof name === 'string' && /^[A-Za-z0-9_.:-]{1,64}$/.test(name) && !holdsValue(name) ? name : 'tool';
}

/** The name of the tool whose result `turn` is: its own toolName, else the name on the matching earlier call. */
export function toolNameOf(turn: ChatTurn, calls: ReadonlyMap<string, string>): string | undefined {
  return turn.toolName ?? (turn.toolCallId !== undefined ? calls.get(turn.toolCallId) : undefined);
}

/** Call id → tool name, for every call the assistant made in `history`. */
export function callNames(history: readonly ChatTurn[]): Map<string, string> {
  const names = new Map<string, string>();
  for (const turn of history) {
    for (const call of turn.role === 'assistant' ? turn.toolCalls ?? [] : []) {
      names.set(call.id, call.name);
    }
  }
  return names;
}

/** The tools of an agent turn, by label only: how many were offered, whose results the turn carries. */
export function toolResultNames(req: AskRequest): string[] {
  const history = req.history ?? [];
  const calls = callNames(history);
  return history.filter(t => t.role === 'tool').map(t => toolLabel(toolNameOf(t, calls)));
}

/** True when the request is an agent turn that continues after tool results (no new user words needed). */
export function endsWithToolResults(req: AskRequest): boolean {
  const history = req.history ?? [];
  return history.length > 0 && history[history.length - 1].role === 'tool';
}

/** One scalar of a call's arguments: where it sits in the rendered text, and where in the object. */
export interface ArgumentLeaf {
  readonly path: readonly (string | number)[];
  /** Offsets of the value in the rendered text. */
  readonly start: number;
  readonly end: number;
  /** Only string values can be replaced by a placeholder (a number would change type). */
  readonly isString: boolean;
}

/** A call's arguments as one text the gate scans: one `key: value` line per scalar, so assignment rules see the key. */
export interface RenderedArguments {
  readonly text: string;
  readonly leaves: readonly ArgumentLeaf[];
}

const MAX_DEPTH = 32;

export function renderArguments(args: ToolCall['arguments']): RenderedArguments {
  const leaves: ArgumentLeaf[] = [];
  return { text: render(args, leaves), leaves };
}

/**
 * The text `renderArguments` gives, without its leaves: what the gate scans when no redaction needs the offsets. An
 * agent turn renders the arguments of every call in its history, so the path arrays and leaf objects are not built.
 */
export function argumentsText(args: ToolCall['arguments']): string {
  return render(args, undefined);
}

/** Both renderings share this walk, so a leaf's offsets always point into the text the gate scanned. */
function render(args: unknown, leaves: ArgumentLeaf[] | undefined): string {
  let text = '';
  const visit = (value: unknown, path: readonly (string | number)[] | undefined, key: string, depth: number): void => {
    if (value !== null && typeof value === 'object' && depth < MAX_DEPTH) {
      if (Array.isArray(value)) {
        for (let i = 0; i < value.length; i++) {
          visit(value[i], path && [...path, i], key, depth + 1);
        }
      } else {
        for (const k of Object.keys(value)) {
          visit((value as Record<string, unknown>)[k], path && [...path, k], k, depth + 1);
        }
      }
      return;
    }
    const shown = typeof value === 'string' ? value : JSON.stringify(value) ?? String(value);
    text += `${key}: `;
    leaves?.push({ path: path ?? [], start: text.length, end: text.length + shown.length, isString: typeof value === 'string' });
    text += shown + '\n';
  };
  visit(args, leaves && [], 'arguments', 0);
  return text;
}

/** A copy of `args` with the string at each given path replaced. */
export function withStrings(args: ToolCall['arguments'], replaced: ReadonlyMap<ArgumentLeaf, string>): ToolCall['arguments'] {
  let out: unknown = args;
  for (const [leaf, value] of replaced) {
    out = setAt(out, leaf.path, value);
  }
  return out as ToolCall['arguments'];
}

/** A copy of `args` with every string value passed through `map` (keys kept as they are). */
export function mapStrings(value: unknown, map: (text: string) => string, depth = 0): unknown {
  if (typeof value === 'string') {
    return map(value);
  }
  if (value === null || typeof value !== 'object' || depth >= MAX_DEPTH) {
    return value;
  }
  if (Array.isArray(value)) {
    return value.map(v => mapStrings(v, map, depth + 1));
  }
  return Object.fromEntries(Object.entries(value as Record<string, unknown>).map(([k, v]) => [k, mapStrings(v, map, depth + 1)]));
}

/** The value at `path` inside `args`. */
export function valueAt(args: unknown, path: readonly (string | number)[]): unknown {
  let value = args;
  for (const key of path) {
    value = value !== null && typeof value === 'object' ? (value as Record<string | number, unknown>)[key] : undefined;
  }
  return value;
}

function setAt(value: unknown, path: readonly (string | number)[], leaf: string): unknown {
  if (path.length === 0) {
    return leaf;
  }
  const [head, ...rest] = path;
  if (Array.isArray(value)) {
    const copy = [...value];
    copy[head as number] = setAt(copy[head as number], rest, leaf);
    return copy;
  }
  const record = value as Record<string, unknown>;
  return { ...record, [head]: setAt(record[head as string], rest, leaf) };
}
