/**
 * The @hybrid request handler without VS Code types: convert → service.ask → stream → map the outcome. participant.ts
 * hands it VS Code's request, history, stream and token; tests call it directly with plain objects.
 */
import type { RouterService } from '../router/service';
import { newCorrelationId } from '../router/ids';
import type { AskRequest } from '../router/types';
import { decisionMarkdown } from '../present/decision';
import { progressLine } from '../present/route';
import { readMetadata, toChatResult, toExplainResult, type ChatResultLike, type ChatStreamLike, type FixCommands, type ResultContext } from './chatResult';
import { isResponseTurn, toAskRequest, type ChatRequestLike, type ReferenceReader } from './convert';
import { WHY_PROMPT, type RecentRequests } from './followups';
import { runAgentLoop, type AgentToolbox } from './agentLoop';
import { toolUseLine, TOOLS_UNSUPPORTED_NOTE, turnCapNote } from '../present/agentText';
import type { RouteAnnouncer } from './routeAnnouncer';

export const PARTICIPANT_ID = 'hybridAgent.chat';

export interface ChatHandlerDeps {
  readonly service: () => RouterService;
  readonly announcer: RouteAnnouncer;
  readonly reader: ReferenceReader;
  /** Whether a cloud model exists and the mode allows it. */
  readonly cloudUsable: () => boolean;
  /** Whether a provider id is a built-in demo (the providers say so). */
  readonly isDemo: (providerId: string) => boolean;
  readonly commands: FixCommands;
  /** Which fix the cloud needs when it fails: Azure sign-in (Foundry) or an API key (OpenAI-compatible). */
  readonly cloudFix?: () => 'signIn' | 'apiKey';
  /** Non-restricted requests, for follow-ups and re-runs (shared with the tree's re-run action). */
  readonly recent: RecentRequests;
  /** Logs an unexpected error once, with its stack (the channel). */
  readonly unexpected: (where: string, error: unknown) => void;
  /** The tool loop: the tools of this request (ours and the ones the person attached) and the turn cap. */
  readonly agent?: {
    readonly toolbox: (request: ChatRequestLike) => AgentToolbox;
    readonly maxTurns: () => number;
  };
}

export async function handleChatRequest(
  deps: ChatHandlerDeps, request: ChatRequestLike, history: readonly unknown[], stream: ChatStreamLike, signal: AbortSignal,
): Promise<ChatResultLike> {
  try {
    const correlationId = newCorrelationId();
    const req = await toAskRequest(request, history, deps.reader, PARTICIPANT_ID, correlationId);
    const ctx: ResultContext = {
      command: request.command, stickyRestricted: req.stickyRestricted === true, cloudUsable: deps.cloudUsable(),
      commands: deps.commands, isDemo: deps.isDemo, forced: forcedBy(request, req), cloudAuth: deps.cloudFix?.(),
    };
    if (request.command === 'explain') {
      return await explain(deps, req, history, stream, ctx, signal);
    }
    if (deps.agent) {
      return await agentTurns(deps, deps.agent, request, req, stream, ctx, signal);
    }
    const watch = deps.announcer.watch(correlationId, a => stream.progress(progressLine(a, ctx.stickyRestricted)));
    const outcome = await deps.service().ask(req, signal, text => stream.markdown(text)).finally(() => watch.dispose());
    deps.recent.rememberUnlessRestricted(correlationId, { ...req, force: undefined }, outcome);
    return toChatResult(outcome, stream, ctx);
  } catch (e) {
    deps.unexpected('@hybrid', e);
    return { errorDetails: { message: 'Hybrid Agent hit an unexpected error; details are in the "Hybrid Agent" output channel.' } };
  }
}

/**
 * The tool loop: each turn routed on its own (its route shown as it starts), each tool use shown as a line, and the
 * final answer with its route line. A turn made restricted by a tool result keeps the conversation local.
 */
async function agentTurns(
  deps: ChatHandlerDeps, agent: NonNullable<ChatHandlerDeps['agent']>, request: ChatRequestLike, req: AskRequest, stream: ChatStreamLike, ctx: ResultContext, signal: AbortSignal,
): Promise<ChatResultLike> {
  const maxTurns = agent.maxTurns();
  const loop = await runAgentLoop(req, { service: deps.service, toolbox: agent.toolbox(request), maxTurns }, {
    onText: text => stream.markdown(text),
    onTurn: (_turn, id) => { const watch = deps.announcer.watch(id, a => stream.progress(progressLine(a, ctx.stickyRestricted))); return () => watch.dispose(); },
    onToolUse: (call, path) => stream.markdown(`\n\n${toolUseLine(call, path)}\n\n`),
  }, signal);
  if (loop.toolsDropped) { stream.markdown(`\n\n_${TOOLS_UNSUPPORTED_NOTE}_`); }
  if (loop.stoppedAtCap) { stream.markdown(`\n\n_${turnCapNote(maxTurns)}_`); }
  if (loop.turns === 1 && loop.toolUses === 0) { deps.recent.rememberUnlessRestricted(req.correlationId ?? '', { ...req, force: undefined }, loop.outcome); }
  return toChatResult(loop.outcome, stream, { ...ctx, stickyRestricted: ctx.stickyRestricted || loop.restricted });
}

/** How the person asked for a side, in their words ("/cloud", "Hybrid (cloud)"), when they did. */
function forcedBy(request: ChatRequestLike, req: AskRequest): string | undefined {
  if (!req.force) { return undefined; }
  if (request.command === 'local' || request.command === 'cloud') { return `/${request.command}`; }
  return req.force === 'cloud' ? 'Hybrid (cloud)' : 'Hybrid (local)';
}

/** /explain: "why?" explains the previous decision; anything else is classified (nothing is sent). */
async function explain(deps: ChatHandlerDeps, req: AskRequest, history: readonly unknown[], stream: ChatStreamLike, ctx: ResultContext, signal: AbortSignal): Promise<ChatResultLike> {
  const previous = lastDecision(history);
  if (previous && (WHY_PROMPT.test(req.prompt) || req.prompt.trim() === '')) {
    stream.markdown(decisionMarkdown(previous, 'Why this route'));
    return { metadata: { correlationId: previous.correlationId, command: 'explain', decision: previous, privacy: previous.privacy, stickyRestricted: ctx.stickyRestricted, canAskCloud: false } };
  }
  stream.progress('Deciding where this would go: nothing is sent to an answering model…');
  return toExplainResult(await deps.service().classify(req, signal), stream, ctx);
}

function lastDecision(history: readonly unknown[]) {
  for (let i = history.length - 1; i >= 0; i--) {
    const turn = history[i];
    if (isResponseTurn(turn) && turn.participant === PARTICIPANT_ID) {
      const decision = readMetadata(turn.result)?.decision;
      if (decision) { return decision; }
    }
  }
  return undefined;
}
