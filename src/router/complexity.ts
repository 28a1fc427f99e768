// SCAFFOLD: signatures agreed between modules; the decision work replaces the bodies.
import type { AskRequest, Complexity, Signal } from './types';

export interface ComplexityOptions {
  /** Local model context window in tokens (for the context-length signal). */
  readonly localContextTokens: number;
}

export interface ComplexityResult {
  readonly band: Complexity;
  /** 0..1: how sure the heuristic is of the band. */
  readonly confidence: number;
  readonly signals: readonly Signal[];
  /** Estimated prompt tokens of everything that would be sent (prompt + references + history). */
  readonly estimatedTokens: number;
  /** Greeting, thanks, a rename, a docstring: answer locally without the router model. */
  readonly isTrivial: boolean;
  /** Short phrase for the reason sentence, e.g. `a cross-module refactor across 4 files`. */
  readonly summary: string;
}

export function assessComplexity(_req: AskRequest, _opts: ComplexityOptions): ComplexityResult {
  throw new Error('not implemented');
}
