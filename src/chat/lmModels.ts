/**
 * The "Hybrid" models the language-model provider lists, as plain data (type-only 'vscode' import, so it is
 * unit-tested under Node). hybrid-auto routes; hybrid-local / hybrid-cloud force a side, still privacy-gated.
 */
import type * as vscode from 'vscode';
import type { Target } from '../router/types';

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

/** The model list for the current sides. Pure, so it is easy to check. */
export function hybridModels(sides: LmSides): vscode.LanguageModelChatInformation[] {
  const cloudContext = 128_000;
  const base = { family: 'hybrid', version: '1', maxOutputTokens: sides.maxOutputTokens,
    // Tool calling lists the models in VS Code's Agent mode; tool calls and results still pass the privacy gate.
    capabilities: { toolCalling: true } };
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

export function forcedTarget(modelId: string): Target | undefined {
  return modelId === MODEL_LOCAL ? 'local' : modelId === MODEL_CLOUD ? 'cloud' : undefined;
}

