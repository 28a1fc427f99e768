import { featurePhrase, type ScopeFeatures } from './scope';
import LEARNED from './routingWeights.json';

/**
 * The learned part of stage 1: a logistic regression over the scope features and the instruction's words, with a
 * fifth of a naive Bayes over the same features added to its log-odds (both are linear, so they ship as one table),
 * trained by scripts/train-routing.mjs from the labelled dev split of eval/routing (weights are data in the bundle).
 * Scoring is a sum over at most a few hundred words: well under a millisecond.
 */
export interface RoutingWeights {
  readonly bias: number;
  /** Feature id (`kind:migrate`, `w:migrate`) → weight in log-odds of "cloud". */
  readonly weights: Readonly<Record<string, number>>;
}

export interface RoutingScore {
  /** Probability that the request needs the cloud model. */
  readonly probability: number;
  /** Log-odds behind it. */
  readonly logit: number;
  /** The strongest contributions toward the side the score lands on, strongest first (at most three). */
  readonly strongest: readonly { readonly id: string; readonly weight: number; readonly phrase: string }[];
}

export const LEARNED_WEIGHTS: RoutingWeights = LEARNED as RoutingWeights;

/**
 * Hand-written weights over the same scope features, set from the rubric alone: the comparison the learned weights
 * have to beat on the test split (see eval/routing/README.md). Not used in routing.
 */
export const HAND_WEIGHTS: RoutingWeights = Object.freeze({
  bias: -0.5,
  weights: Object.freeze({
    'kind:migrate': 2.5, 'kind:version-upgrade': 1.5, 'kind:redesign': 2.5, 'kind:design': 1.5, 'kind:plan': 1.5,
    'kind:system-feature': 2.5, 'kind:security-review': 3, 'kind:refactor': 0.5, 'kind:system-diagnosis': 2.5, 'cue:tried-already': 1,
    'scope:system': 2, 'scope:many-parts': 1, 'cue:task-list': 1, 'size:long-ask': 0.5,
    'cue:how-to': -1.5, 'cue:error-quote': -1.5, 'kind:small-edit': -2, 'kind:write-snippet': -2, 'kind:explain': -1,
    'cue:one-thing': -1.5, 'cue:config': -1, 'cue:beginner': -1.5, 'size:short-ask': -0.5, 'size:mostly-pasted': -0.5,
  }),
});

/**
 * Feature ids of a request as the model sees them: scope features, `w:<word>` for each distinct word and `b:<word>_<word>`
 * for each pair of neighbouring words ("does support", "default port"); a model without pair weights ignores the pairs.
 */
export function modelFeatures(scope: ScopeFeatures): string[] {
  const ids = new Set<string>(scope.features);
  for (const word of scope.words) { ids.add(`w:${word}`); }
  for (let i = 1; i < scope.words.length; i++) { ids.add(`b:${scope.words[i - 1]}_${scope.words[i]}`); }
  return [...ids];
}

export function scoreRequest(scope: ScopeFeatures, model: RoutingWeights = LEARNED_WEIGHTS, extraLogit = 0): RoutingScore {
  const known = contributionsOf(scope, model);
  let logit = model.bias + extraLogit;
  for (const { weight } of known.contributions) {
    logit += weight;
  }
  const probability = 1 / (1 + Math.exp(-logit));
  const toward = logit >= 0 ? 1 : -1;
  const strongest = (toward > 0 ? known.towardCloud : known.towardLocal) ?? strongestToward(known, toward);
  return { probability, logit, strongest };
}

interface Contributions {
  /** The request's features that carry a weight in the model, in feature order (the order the logit is summed in). */
  readonly contributions: readonly { readonly id: string; readonly weight: number }[];
  towardCloud?: RoutingScore['strongest'];
  towardLocal?: RoutingScore['strongest'];
}

/**
 * The weighted features of one scope under one model, kept as long as the scope object lives: an agent loop judges
 * every turn by the same request (one remembered scope), and only the size and file facts change between turns.
 */
const CONTRIBUTIONS = new WeakMap<ScopeFeatures, Map<RoutingWeights, Contributions>>();

function contributionsOf(scope: ScopeFeatures, model: RoutingWeights): Contributions {
  const byModel = CONTRIBUTIONS.get(scope) ?? CONTRIBUTIONS.set(scope, new Map()).get(scope)!;
  let known = byModel.get(model);
  if (!known) {
    const contributions: { id: string; weight: number }[] = [];
    for (const id of modelFeatures(scope)) {
      const weight = model.weights[id];
      if (typeof weight === 'number' && Number.isFinite(weight) && weight !== 0) {
        contributions.push({ id, weight });
      }
    }
    known = { contributions };
    byModel.set(model, known);
  }
  return known;
}

function strongestToward(known: Contributions, toward: number): RoutingScore['strongest'] {
  const strongest = Object.freeze(known.contributions
    .filter(c => c.weight * toward > 0 && !isUnnamed(c.id))
    .sort((a, b) => Math.abs(b.weight) - Math.abs(a.weight))
    .slice(0, 3)
    .map(c => Object.freeze({ ...c, phrase: describeFeature(c.id) })));
  if (toward > 0) {
    known.towardCloud = strongest;
  } else {
    known.towardLocal = strongest;
  }
  return strongest;
}

/** A person's words for a feature. Words come from the model's own vocabulary, never from an arbitrary prompt. */
function describeFeature(id: string): string {
  if (id.startsWith('w:')) { return `the word “${id.slice(2)}”`; }
  if (id.startsWith('b:')) { return `the words “${id.slice(2).replace('_', ' ')}”`; }
  return featurePhrase(id) ?? id;
}

/** A word pair is unnamed when both its words are. */
function isUnnamed(id: string): boolean {
  if (!id.startsWith('b:')) { return UNNAMED_WORDS.has(id); }
  const [first = '', second = ''] = id.slice(2).split('_');
  return UNNAMED_WORDS.has(`w:${first}`) && UNNAMED_WORDS.has(`w:${second}`);
}

/** Auxiliary words weigh in the score but say nothing to a person: they are not named in a reason. */
const UNNAMED_WORDS = new Set(['w:do', 'w:does', 'w:can', 'w:would', 'w:should', 'w:will', 'w:have', 'w:has', 'w:this', 'w:what',
  'w:why', 'w:how', 'w:are', 'w:not', 'w:no', 'w:is', 'w:my', 'w:our', 'w:your', 'w:we', 'w:you', 'w:all', 'w:each', 'w:only']);
