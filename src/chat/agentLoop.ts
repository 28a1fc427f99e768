/**
 * @hybrid's tool loop, without VS Code: ask the router, run the tools the model calls, send their results back,
 * until the model answers without calling a tool, the turn cap is reached, or the person cancels. Every turn is
 * its own routed request (same session, next turn number), so each one is privacy-gated with everything it would
 * send, tool results included: once a tool returned a secret, that turn and every later one stay local.
 */
import { newCorrelationId } from '../router/ids';
import { buildMessages } from '../router/messages';
import type { AskOutcome, RouterService } from '../router/service';
import type { AskRequest, ChatTurn, ServedPath, ToolCall, ToolSpec } from '../router/types';

/** The tools one loop may use, and how to run them. */
export interface AgentToolbox {
  readonly specs: readonly ToolSpec[];
  /** Runs one call and returns the text the model gets (refusals and failures included, so it can change course). */
  invoke(call: ToolCall, signal: AbortSignal): Promise<string>;
}

export interface AgentLoopDeps {
  readonly service: () => RouterService;
  readonly toolbox: AgentToolbox;
  /** Model turns at most (hybridAgent.agent.maxTurns). */
  readonly maxTurns: number;
  readonly newSessionId?: () => string;
}

export interface AgentLoopEvents {
  readonly onText: (text: string) => void;
  /** A turn is about to be routed; the returned function is called when it is over. */
  readonly onTurn?: (turn: number, correlationId: string) => (() => void) | void;
  /** A tool is about to run, at the request of the model that served `path`. */
  readonly onToolUse?: (call: ToolCall, path: ServedPath, turn: number) => void;
}

export interface AgentLoopResult {
  /** The last turn's outcome: the final answer, or where the loop stopped. */
  readonly outcome: AskOutcome;
  readonly turns: number;
  readonly toolUses: number;
  /** True when any turn was restricted: the conversation stays local from here on. */
  readonly restricted: boolean;
  /** True when the model still wanted tools at the turn cap. */
  readonly stoppedAtCap: boolean;
  /** True when the model that answered cannot call tools, so the request was answered without them. */
  readonly toolsDropped: boolean;
}

export async function runAgentLoop(base: AskRequest, deps: AgentLoopDeps, events: AgentLoopEvents, signal: AbortSignal): Promise<AgentLoopResult> {
  const sessionId = deps.newSessionId?.() ?? newCorrelationId();
  let tools = deps.toolbox.specs.length ? { tools: deps.toolbox.specs, toolMode: 'auto' as const } : {};
  let toolsDropped = false;
  const opening = openingTurns(base);
  const loopTurns: ChatTurn[] = [];
  let restricted = base.stickyRestricted === true;
  let toolUses = 0;
  for (let turn = 1; ; turn++) {
    const correlationId = turn === 1 && base.correlationId ? base.correlationId : newCorrelationId();
    // After the first turn the conversation ends with tool results: no new words from the person (empty prompt).
    const req: AskRequest = turn === 1
      ? { ...base, ...tools, correlationId, agentTurn: { sessionId, turn } }
      : { ...base, ...tools, prompt: '', references: undefined, history: [...opening, ...loopTurns], correlationId, agentTurn: { sessionId, turn }, stickyRestricted: restricted || undefined };
    const done = events.onTurn?.(turn, correlationId);
    const outcome = await deps.service().ask(req, signal, events.onText).finally(() => done?.());
    if (outcome.kind === 'failed' && outcome.error.code === 'tools_unsupported' && turn === 1 && !toolsDropped && 'tools' in tools) {
      // A local model without tool calling still answers @hybrid, only without the tools (said in the chat).
      tools = {};
      toolsDropped = true;
      turn--;
      continue;
    }
    restricted ||= (outcome.kind === 'answered' ? outcome.response.privacy : outcome.decision?.privacy) === 'restricted';
    const calls = outcome.kind === 'answered' ? outcome.response.toolCalls ?? [] : [];
    const result = { outcome, turns: turn, toolUses, restricted, stoppedAtCap: false, toolsDropped };
    if (outcome.kind !== 'answered' || calls.length === 0) { return result; }
    if (turn >= deps.maxTurns) { return { ...result, stoppedAtCap: true }; }
    loopTurns.push({ role: 'assistant', content: outcome.response.answer, toolCalls: calls });
    for (const call of calls) {
      events.onToolUse?.(call, outcome.response.path, turn);
      const content = await deps.toolbox.invoke(call, signal);
      toolUses++;
      if (signal.aborted) {
        return { ...result, toolUses, outcome: { kind: 'cancelled', correlationId, decision: outcome.response.decision } };
      }
      loopTurns.push({ role: 'tool', content, toolCallId: call.id, toolName: call.name });
    }
  }
}

/**
 * The conversation up to the person's request, as later turns replay it: the request becomes a user turn holding
 * its references exactly as the first turn sent them (so the model keeps the attached code, and the gate scans it
 * again). A sensitive file attached by name made the first turn restricted, and `restricted` keeps later turns local.
 */
function openingTurns(base: AskRequest): ChatTurn[] {
  const request = buildMessages({ prompt: base.prompt, references: base.references });
  return [...(base.history ?? []), { role: 'user', content: request[request.length - 1].content }];
}
