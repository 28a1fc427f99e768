/**
 * Assembles streamed tool calls: Chat Completions sends `delta.tool_calls[{index, id, function:{name, arguments}}]`
 * (id and name usually only in the first delta of an index, arguments in many pieces, several indexes interleaved);
 * the Responses API sends a `function_call` output item, argument deltas and a done event per item. Either way a
 * call is reported once, complete, with its arguments parsed into an object. Malformed arguments are a
 * ProviderError 'bad-response' that names the tool, never the argument text (it may hold a secret).
 */
import { randomUUID } from 'node:crypto';
import { ProviderError } from '../router/errors';
import { holdsValue } from '../router/privacy/names';
import type { ToolCall } from '../router/types';

/** Where the calls come from, for the error message. */
export interface AssemblyContext {
  readonly provider: string;
  readonly model: () => string;
  readonly url: string;
}

interface PendingCall {
  id?: string;
  name?: string;
  args: string;
  /** Position in the answer, so calls are reported in the order the model made them. */
  readonly order: number;
}

export class ToolCallAssembler {
  private readonly pending = new Map<string, PendingCall>();
  private made = 0;
  private lastKey: string | undefined;
  /** The answer stopped at the output limit: arguments may be cut, which the error message then says. */
  truncated = false;

  constructor(private readonly ctx: AssemblyContext) {}

  get hasPending(): boolean {
    return this.pending.size > 0;
  }

  /** One Chat Completions `delta.tool_calls` entry. Servers that omit `index` start a new call with each new id. */
  addChatDelta(delta: { index?: number; id?: string; function?: { name?: string; arguments?: string } }): void {
    let key: string;
    if (typeof delta.index === 'number') {
      key = `i${delta.index}`;
    } else {
      const last = this.lastKey === undefined ? undefined : this.pending.get(this.lastKey);
      key = !last || (delta.id && last.id && delta.id !== last.id) ? `n${this.made}` : (this.lastKey as string);
    }
    const call = this.callAt(key);
    call.id ||= delta.id || undefined;
    call.name ||= delta.function?.name || undefined;
    call.args += delta.function?.arguments ?? '';
  }

  /** A Responses `function_call` item was added (or is done: then its fields are the whole call). */
  setItem(outputIndex: number, item: { call_id?: string; name?: string; arguments?: string }, final = false): void {
    const call = this.callAt(`o${outputIndex}`);
    call.id ||= item.call_id || undefined;
    call.name ||= item.name || undefined;
    if (final && typeof item.arguments === 'string' && item.arguments.length >= call.args.length) {
      call.args = item.arguments;
    } else if (!final && call.args === '' && item.arguments) {
      call.args = item.arguments;
    }
  }

  /** A Responses arguments delta (`append`) or the full arguments text (`.done`). */
  addItemArguments(outputIndex: number, text: string, whole: boolean): void {
    const call = this.callAt(`o${outputIndex}`);
    call.args = whole ? text : call.args + text;
  }

  /** Completes the Responses call at this output index, or undefined when there is none. */
  finishItem(outputIndex: number): ToolCall | undefined {
    const key = `o${outputIndex}`;
    const call = this.pending.get(key);
    if (!call) {
      return undefined;
    }
    this.pending.delete(key);
    return this.complete(call);
  }

  /** Completes every call still open (finish_reason, end of the response), in the order they were made. */
  finishAll(): ToolCall[] {
    const calls = [...this.pending.values()].sort((a, b) => a.order - b.order);
    this.pending.clear();
    this.lastKey = undefined;
    return calls.map(call => this.complete(call));
  }

  private callAt(key: string): PendingCall {
    let call = this.pending.get(key);
    if (!call) {
      call = { args: '', order: this.made++ };
      this.pending.set(key, call);
    }
    this.lastKey = key;
    return call;
  }

  private complete(call: PendingCall): ToolCall {
    if (!call.name) {
      throw this.error('a tool call without a tool name');
    }
    const args = parseArguments(call.args);
    if (!args) {
      const cut = this.truncated ? ' The answer stopped at the output limit, which may have cut them.' : '';
      throw this.error(`malformed arguments (not a JSON object) for tool ${toolLabel(call.name)}.${cut}`);
    }
    // A few local servers leave the id out; the agent still needs one, unique across its turns, to pair the result.
    return { id: call.id ?? `call_${randomUUID().slice(0, 8)}_${call.order + 1}`, name: call.name, arguments: args };
  }

  private error(what: string): ProviderError {
    const { provider, url } = this.ctx;
    return new ProviderError('bad-response', provider,
      `Model "${this.ctx.model()}" at ${url} sent ${what.replace(/\.?$/, '.')} Try again, or pick a model that is better at tool calling.`, { url });
  }
}

/** The parsed arguments object; an empty string is `{}`; anything but a JSON object is undefined. */
export function parseArguments(text: string): Record<string, unknown> | undefined {
  if (text.trim() === '') {
    return {};
  }
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? value as Record<string, unknown> : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The tool's name in a message: quoted when it looks like a name, else generic (a model may send anything there,
 * a token it read included).
 */
export function toolLabel(name: string): string {
  return /^[\w.:-]{1,64}$/.test(name) && !holdsValue(name) ? `"${name}"` : '(an unusual name)';
}
