// SCAFFOLD: signatures agreed between modules; the decision work replaces the bodies.
import type { Mode, RouterConfig, RoutingDecision, Target } from './types';
import type { PrivacyResult } from './privacyGate';
import type { ComplexityResult } from './complexity';
import type { RouterModelResult } from './routerModel';

/** Everything stage 3 needs. */
export interface PolicyInput {
  readonly correlationId: string;
  readonly privacy: PrivacyResult;
  readonly complexity: ComplexityResult;
  /** Undefined when stage 2 was not consulted (trivial, very_high, disabled, restricted, no router model). */
  readonly routerModel?: RouterModelResult;
  /** Why stage 2 was skipped, when it was. */
  readonly routerSkipped?: string;
  readonly mode: Mode;
  readonly force?: Target;
  readonly stickyRestricted?: boolean;
  /** Cloud spend today so far, and whether the cloud provider exists at all. */
  readonly spentTodayUsd: number;
  readonly config: RouterConfig;
}

/** Stage 3: hard rules, last word. Restricted never goes to the cloud. Pure and synchronous. */
export function decide(_input: PolicyInput): RoutingDecision {
  throw new Error('not implemented');
}

/** Whether trying the other side after `failed` failed is allowed, and why not. Consults privacy first. */
export function fallbackAllowed(
  _decision: RoutingDecision,
  _failed: Target,
  _config: RouterConfig,
): { readonly allowed: boolean; readonly reason: string } {
  throw new Error('not implemented');
}
