/**
 * "Hybrid" language models in VS Code (vendor `hybrid-agent`): Hybrid (auto) routes each request, Hybrid (local)
 * and Hybrid (cloud) force a side — still through the same router and privacy gate, so restricted content never
 * reaches the cloud even when "Hybrid (cloud)" is picked. This also gives VS Code a selectable model, which it
 * needs before it runs any chat participant.
 */
import * as vscode from 'vscode';
import type { RouterService } from '../router/service';
import { newCorrelationId } from '../router/ids';
import { estimateTokens } from '../router/tokens';
import { toAbortSignal } from './cancellation';
import { HYBRID_VENDOR } from './convert';
import { messagesToAskRequest, messageText } from './lmMessages';
import { forcedTarget, hybridModels, type LmSides } from './lmModels';
import { RestrictedSessions } from './restrictedSessions';
import { errorPlain } from '../present/errors';

export const LM_VENDOR = HYBRID_VENDOR;
export { MODEL_AUTO, MODEL_CLOUD, MODEL_LOCAL } from './lmModels';

/** The router and the current sides, from the runtime. */
export interface LmProviderDeps {
  readonly service: () => RouterService;
  readonly sides: () => LmSides;
  /** Fires when the configured sides change (settings). */
  readonly onDidChangeSides: vscode.Event<void>;
}

export class HybridLanguageModelProvider implements vscode.LanguageModelChatProvider {
  readonly onDidChangeLanguageModelChatInformation: vscode.Event<void>;
  /** Agent sessions that carried restricted content: their later turns stay local. */
  private readonly restrictedSessions = new RestrictedSessions();

  constructor(private readonly deps: LmProviderDeps) {
    this.onDidChangeLanguageModelChatInformation = deps.onDidChangeSides;
  }

  /** Never prompts and never throws (silent or not): the demo side is always there, so the list is never empty. */
  provideLanguageModelChatInformation(_options: vscode.PrepareLanguageModelChatModelOptions, _token: vscode.CancellationToken): vscode.LanguageModelChatInformation[] {
    try {
      return hybridModels(this.deps.sides());
    } catch {
      return [];
    }
  }

  async provideLanguageModelChatResponse(
    model: vscode.LanguageModelChatInformation,
    messages: readonly vscode.LanguageModelChatRequestMessage[],
    options: vscode.ProvideLanguageModelChatResponseOptions,
    progress: vscode.Progress<vscode.LanguageModelResponsePart>,
    token: vscode.CancellationToken,
  ): Promise<void> {
    const linked = toAbortSignal(token);
    try {
      const req = this.restrictedSessions.apply(messagesToAskRequest(messages, options, { force: forcedTarget(model.id), correlationId: newCorrelationId(), modelId: model.id }));
      const outcome = await this.deps.service().ask(req, linked.signal, text => progress.report(new vscode.LanguageModelTextPart(text)));
      this.restrictedSessions.record(req, outcome);
      if (outcome.kind === 'failed') {
        // Error messages of the core never hold prompt text or secrets; tools_unsupported names the model and what to pick.
        throw new Error(errorPlain(outcome.error));
      }
      if (outcome.kind === 'answered') {
        // The agent runs the tools and sends their results back in the next request.
        for (const call of outcome.response.toolCalls ?? []) {
          progress.report(new vscode.LanguageModelToolCallPart(call.id, call.name, call.arguments));
        }
      }
    } finally {
      linked.dispose();
    }
  }

  async provideTokenCount(_model: vscode.LanguageModelChatInformation, text: string | vscode.LanguageModelChatRequestMessage, _token: vscode.CancellationToken): Promise<number> {
    return estimateTokens(typeof text === 'string' ? text : messageText(text));
  }
}

export function registerLanguageModelProvider(deps: LmProviderDeps): vscode.Disposable {
  return vscode.lm.registerLanguageModelChatProvider(LM_VENDOR, new HybridLanguageModelProvider(deps));
}
