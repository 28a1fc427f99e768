/**
 * The @hybrid chat participant. The handler is thin (STYLE.md): convert → service.ask → stream → map the outcome.
 * Routing lives in the core; this file only says where a request goes (progress line before the answer),
 * streams it, and ends with a footer and the decision in the result metadata.
 */
import * as vscode from 'vscode';
import type { RouterService } from '../router/service';
import { newCorrelationId } from '../router/ids';
import { toAbortSignal } from './cancellation';
import { readMetadata, toChatResult, toExplainResult, type FixCommands, type ResultContext } from './chatResult';
import { toAskRequest, type ReferenceReader } from './convert';
import { followupsFor, type RecentRequests, WHY_PROMPT } from './followups';
import { decisionMarkdown, progressLine } from './render';
import type { RouteAnnouncer } from './routeAnnouncer';

export const PARTICIPANT_ID = 'hybridAgent.chat';

export interface ParticipantDeps {
  readonly service: () => RouterService;
  readonly announcer: RouteAnnouncer;
  readonly reader: ReferenceReader;
  /** Whether a cloud model exists and the mode allows it. */
  readonly cloudUsable: () => boolean;
  readonly commands: FixCommands;
  /** Non-restricted requests, for follow-ups and re-runs (shared with the tree's re-run action). */
  readonly recent: RecentRequests;
  readonly iconPath: vscode.Uri;
  /** Logs an unexpected error once, with its stack (the channel). */
  readonly unexpected: (where: string, error: unknown) => void;
}

export function registerChatParticipant(deps: ParticipantDeps): vscode.Disposable {
  const handler: vscode.ChatRequestHandler = async (request, context, stream, token) => {
    const linked = toAbortSignal(token);
    try {
      const correlationId = newCorrelationId();
      const req = await toAskRequest(request, context.history, deps.reader, PARTICIPANT_ID, correlationId);
      const ctx: ResultContext = { command: request.command, stickyRestricted: req.stickyRestricted === true, cloudUsable: deps.cloudUsable(), commands: deps.commands };
      if (request.command === 'explain') {
        return await explain(req, context, stream, ctx, linked.signal);
      }
      const watch = deps.announcer.watch(correlationId, a => stream.progress(progressLine(a, ctx.stickyRestricted)));
      const outcome = await deps.service().ask(req, linked.signal, text => stream.markdown(text)).finally(() => watch.dispose());
      const decision = outcome.kind === 'answered' ? outcome.response.decision : outcome.decision;
      if (decision && decision.privacy !== 'restricted' && !ctx.stickyRestricted) { deps.recent.remember(correlationId, { ...req, force: undefined }); }
      return toChatResult(outcome, stream, ctx);
    } catch (e) {
      deps.unexpected('@hybrid', e);
      return { errorDetails: { message: 'Hybrid Agent hit an unexpected error; details are in the "Hybrid Agent" output channel.' } };
    } finally {
      linked.dispose();
    }
  };

  /** /explain: "why?" explains the previous decision; anything else is classified (nothing is sent). */
  async function explain(req: Awaited<ReturnType<typeof toAskRequest>>, context: vscode.ChatContext, stream: vscode.ChatResponseStream, ctx: ResultContext, signal: AbortSignal): Promise<vscode.ChatResult> {
    const previous = lastDecision(context.history);
    if (previous && (WHY_PROMPT.test(req.prompt) || req.prompt.trim() === '')) {
      stream.markdown(decisionMarkdown(previous, 'Why this route'));
      return { metadata: { correlationId: previous.correlationId, command: 'explain', decision: previous, privacy: previous.privacy, stickyRestricted: ctx.stickyRestricted, canAskCloud: false } };
    }
    stream.progress('Deciding where this would go — nothing is sent to an answering model…');
    return toExplainResult(await deps.service().classify(req, signal), stream, ctx);
  }

  const participant = vscode.chat.createChatParticipant(PARTICIPANT_ID, handler);
  participant.iconPath = deps.iconPath;
  participant.followupProvider = { provideFollowups: result => followupsFor(result, deps.recent) };
  return participant;
}

function lastDecision(history: vscode.ChatContext['history']) {
  for (let i = history.length - 1; i >= 0; i--) {
    const turn = history[i];
    if (turn instanceof vscode.ChatResponseTurn && turn.participant === PARTICIPANT_ID) {
      const decision = readMetadata(turn.result)?.decision;
      if (decision) { return decision; }
    }
  }
  return undefined;
}
