/**
 * The @hybrid chat participant: VS Code glue around handleChatRequest (chatHandler.ts), which holds the logic and
 * is tested without VS Code.
 */
import * as vscode from 'vscode';
import { toAbortSignal } from './cancellation';
import { handleChatRequest, PARTICIPANT_ID, type ChatHandlerDeps } from './chatHandler';
import { followupsFor } from './followups';
import { participantToolbox } from './participantTools';

export { PARTICIPANT_ID } from './chatHandler';

export interface ParticipantDeps extends Omit<ChatHandlerDeps, 'agent'> {
  readonly iconPath: vscode.Uri;
  /** Model turns per request in the tool loop (hybridAgent.agent.maxTurns). */
  readonly maxAgentTurns: () => number;
}

export function registerChatParticipant(deps: ParticipantDeps): vscode.Disposable {
  const participant = vscode.chat.createChatParticipant(PARTICIPANT_ID, async (request, context, stream, token) => {
    const linked = toAbortSignal(token);
    try {
      const agent = { toolbox: () => participantToolbox(request, token), maxTurns: deps.maxAgentTurns };
      return await handleChatRequest({ ...deps, agent }, request, context.history, stream, linked.signal);
    } finally {
      linked.dispose();
    }
  });
  participant.iconPath = deps.iconPath;
  participant.followupProvider = { provideFollowups: result => followupsFor(result, deps.recent) };
  return participant;
}
