// SCAFFOLD: signatures agreed between modules; the decision work replaces the bodies.
import type { Complexity, ModelProvider, RouterModelVerdict, Target } from './types';
import type { ComplexityResult } from './complexity';

export interface RouterModelOptions {
  readonly timeoutMs: number;
  /** Verdicts below this confidence are reported but not applied. */
  readonly threshold: number;
}

/** A parsed router-model answer. */
export interface ParsedRouterOutput {
  readonly target: Target;
  readonly confidence: number;
  readonly complexity: Complexity;
  readonly reason: string;
}

/** The verdict plus what the model said, when it parsed. `applicable` is false below threshold or on failure. */
export interface RouterModelResult {
  readonly verdict: RouterModelVerdict;
  readonly parsed?: ParsedRouterOutput;
  readonly applicable: boolean;
}

/** Tolerates <think> blocks, code fences and text around the JSON. Returns an error string when unusable. */
export function parseRouterOutput(_text: string): ParsedRouterOutput | { error: string } {
  throw new Error('not implemented');
}

/** Asks the local router model; never throws (failures become verdict.error). Prompt text goes only to the local provider. */
export async function consultRouterModel(
  _provider: ModelProvider,
  _prompt: string,
  _stage1: ComplexityResult,
  _opts: RouterModelOptions,
  _signal: AbortSignal,
): Promise<RouterModelResult> {
  throw new Error('not implemented');
}
