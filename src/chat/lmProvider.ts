/**
 * "Hybrid" language models in VS Code (vendor `hybrid-agent`): Hybrid (auto) routes each request, Hybrid (local)
 * and Hybrid (cloud) force a side — still through the same router and privacy gate, so restricted content never
 * reaches the cloud even when "Hybrid (cloud)" is picked. This also gives VS Code a selectable model, which it
 * needs before it runs any chat participant.
 */
import * as vscode from 'vscode';
import type { RouterService } from '../router/service';
import type { Target } from '../router/types';
import { newCorrelationId } from '../router/ids';
import { estimateTokens } from '../router/tokens';
import { toAbortSignal } from './cancellation';
import { HYBRID_VENDOR, messagesToAskRequest, messageText } from './convert';
import { errorTitle } from './render';

export const LM_VENDOR = HYBRID_VENDOR;
export const MODEL_AUTO = 'hybrid-auto';
export const MODEL_LOCAL = 'hybrid-local';
export const MODEL_CLOUD = 'hybrid-cloud';

/** What the provider needs to know about the current sides (from the runtime). */
export interface LmSides {
  readonly localLabel: string;
  readonly localContextTokens: number;
  /** Undefined when no cloud is configured or the mode forbids it. */
  readonly cloudLabel?: string;
  readonly maxOutputTokens: number;
}

export interface LmProviderDeps {
  readonly service: () => RouterService;
  readonly sides: () => LmSides;
  /** Fires when the configured sides change (settings). */
  readonly onDidChangeSides: vscode.Event<void>;
}

/** The model list for the current sides. Pure, so it is easy to check. */
export function hybridModels(sides: LmSides): vscode.LanguageModelChatInformation[] {
  const cloudContext = 128_000;
  const base = { family: 'hybrid', version: '1', maxOutputTokens: sides.maxOutputTokens, capabilities: {} };
  const models: vscode.LanguageModelChatInformation[] = [
    { ...base, id: MODEL_AUTO, name: 'Hybrid (auto)', detail: sides.cloudLabel ? 'local or cloud, per request' : 'local (no cloud configured)',
      tooltip: `Routes each request: secrets and simple work stay on ${sides.localLabel}; hard work goes to ${sides.cloudLabel ?? 'the cloud when one is configured'}.`,
      maxInputTokens: sides.cloudLabel ? cloudContext : sides.localContextTokens },
    { ...base, id: MODEL_LOCAL, name: 'Hybrid (local)', detail: sides.localLabel, tooltip: `Always ${sides.localLabel}.`, maxInputTokens: sides.localContextTokens },
  ];
  if (sides.cloudLabel) {
    models.push({ ...base, id: MODEL_CLOUD, name: 'Hybrid (cloud)', detail: sides.cloudLabel,
      tooltip: `${sides.cloudLabel}, except restricted content, which always stays on this device.`, maxInputTokens: cloudContext });
  }
  return models;
}

function forcedTarget(modelId: string): Target | undefined {
  return modelId === MODEL_LOCAL ? 'local' : modelId === MODEL_CLOUD ? 'cloud' : undefined;
}

export class HybridLanguageModelProvider implements vscode.LanguageModelChatProvider {
  readonly onDidChangeLanguageModelChatInformation: vscode.Event<void>;

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
    _options: vscode.ProvideLanguageModelChatResponseOptions,
    progress: vscode.Progress<vscode.LanguageModelResponsePart>,
    token: vscode.CancellationToken,
  ): Promise<void> {
    const linked = toAbortSignal(token);
    try {
      const req = messagesToAskRequest(messages, { force: forcedTarget(model.id), correlationId: newCorrelationId() });
      const outcome = await this.deps.service().ask(req, linked.signal, text => progress.report(new vscode.LanguageModelTextPart(text)));
      if (outcome.kind === 'failed') {
        // Error messages of the core never hold prompt text or secrets.
        throw new Error(`${errorTitle(outcome.error.code)}: ${outcome.error.message} (correlation id ${outcome.error.correlationId})`);
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
