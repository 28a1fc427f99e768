/**
 * The @hybrid chat participant: VS Code glue around handleChatRequest (chatHandler.ts), which holds the logic and
 * is tested without VS Code.
 */
import * as vscode from 'vscode';
import { toAbortSignal } from './cancellation';
import { handleChatRequest, PARTICIPANT_ID, type ChatHandlerDeps } from './chatHandler';
import { followupsFor } from './followups';

export { PARTICIPANT_ID } from './chatHandler';

export interface ParticipantDeps extends ChatHandlerDeps {
  readonly iconPath: vscode.Uri;
}

export function registerChatParticipant(deps: ParticipantDeps): vscode.Disposable {
  const participant = vscode.chat.createChatParticipant(PARTICIPANT_ID, async (request, context, stream, token) => {
    const linked = toAbortSignal(token);
    try {
      return await handleChatRequest(deps, request, context.history, stream, linked.signal);
    } finally {
      linked.dispose();
    }
  });
  participant.iconPath = deps.iconPath;
  participant.followupProvider = { provideFollowups: result => followupsFor(result, deps.recent) };
  return participant;
}
