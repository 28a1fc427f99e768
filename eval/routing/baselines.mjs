// Two reference routers for the comparison in the README, written for this evaluation (no third-party code):
//  - a length cutoff (longer than N characters goes to the cloud; N is chosen on the dev split only);
//  - LiteLLM's rule-based complexity router, re-implemented from its documented decision rule: seven weighted
//    dimensions summed into a score, tiers SIMPLE < 0.15 <= MEDIUM < 0.35 <= COMPLEX < 0.60 <= REASONING, and two or
//    more reasoning markers force REASONING. COMPLEX and REASONING count as "cloud", SIMPLE and MEDIUM as "local".
//    The keyword lists are LiteLLM's documented defaults (data, not code). Its multi-step patterns are not
//    documented, so three plain ones stand in for them ("first … then", "step N", a numbered list line).

export function lengthCutoff(text, cutoff) {
  return text.length > cutoff ? 'cloud' : 'local';
}

/** The cutoff that maximises agreement on the given rows (ties: the smaller cutoff). */
export function fitLengthCutoff(rows) {
  const candidates = [...new Set(rows.map(r => r.text.length))].sort((a, b) => a - b);
  let best = { cutoff: 0, correct: -1 };
  for (const cutoff of candidates) {
    const correct = rows.filter(r => lengthCutoff(r.text, cutoff) === r.label).length;
    if (correct > best.correct) { best = { cutoff, correct }; }
  }
  return best.cutoff;
}

const CODE = ['function', 'class', 'def', 'const', 'let', 'var', 'import', 'export', 'return', 'async', 'await', 'try',
  'catch', 'exception', 'error', 'debug', 'api', 'endpoint', 'request', 'response', 'database', 'sql', 'query', 'schema',
  'algorithm', 'implement', 'refactor', 'optimize', 'python', 'javascript', 'typescript', 'java', 'rust', 'golang',
  'react', 'vue', 'angular', 'node', 'docker', 'kubernetes', 'git', 'commit', 'merge', 'branch', 'pull request'];
const REASONING = ['step by step', 'think through', "let's think", 'reason through', 'analyze this', 'break down',
  'explain your reasoning', 'show your work', 'chain of thought', 'think carefully', 'consider all', 'evaluate',
  'pros and cons', 'compare and contrast', 'weigh the options', 'logical', 'deduce', 'infer', 'conclude'];
const TECHNICAL = ['architecture', 'distributed', 'scalable', 'microservice', 'machine learning', 'neural network',
  'deep learning', 'encryption', 'authentication', 'authorization', 'performance', 'latency', 'throughput', 'benchmark',
  'concurrency', 'parallel', 'threading', 'memory', 'cpu', 'gpu', 'optimization', 'protocol', 'tcp', 'http', 'grpc',
  'websocket', 'container', 'orchestration'];
const SIMPLE = ['what is', "what's", 'define', 'definition of', 'who is', 'who was', 'when did', 'when was', 'where is',
  'where was', 'how many', 'how much', 'yes or no', 'true or false', 'simple', 'brief', 'short', 'quick', 'hello', 'hi',
  'hey', 'thanks', 'thank you', 'goodbye', 'bye', 'okay'];
const WEIGHTS = { tokens: 0.10, code: 0.30, reasoning: 0.25, technical: 0.25, simple: 0.05, multiStep: 0.03, questions: 0.02 };
const MULTI_STEP = [/\bfirst\b[\s\S]{0,200}\bthen\b/i, /\bstep \d/i, /^\s*\d+[.)]\s/m];

function escape(word) {
  return word.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Single words match on word boundaries, phrases as substrings (the documented matching rule). */
function matches(lower, keywords) {
  return keywords.filter(k => (k.includes(' ') ? lower.includes(k) : new RegExp(`\\b${escape(k)}\\b`).test(lower))).length;
}

function graded(count, low, high, scoreLow, scoreHigh) {
  return count >= high ? scoreHigh : count >= low ? scoreLow : 0;
}

/** { tier, score, target } for one prompt. */
export function litellmComplexity(text) {
  const lower = text.toLowerCase();
  const tokens = Math.floor(text.length / 4);
  const reasoningHits = matches(lower, REASONING);
  const score =
    WEIGHTS.tokens * (tokens < 15 ? -1 : tokens > 400 ? 1 : 0) +
    WEIGHTS.code * graded(matches(lower, CODE), 1, 2, 0.5, 1) +
    WEIGHTS.reasoning * graded(reasoningHits, 1, 2, 0.7, 1) +
    WEIGHTS.technical * graded(matches(lower, TECHNICAL), 2, 4, 0.5, 1) +
    WEIGHTS.simple * graded(matches(lower, SIMPLE), 1, 2, -1, -1) +
    WEIGHTS.multiStep * (MULTI_STEP.some(p => p.test(text)) ? 0.5 : 0) +
    WEIGHTS.questions * ((text.match(/\?/g) ?? []).length > 3 ? 0.5 : 0);
  const tier = reasoningHits >= 2 ? 'REASONING'
    : score < 0.15 ? 'SIMPLE' : score < 0.35 ? 'MEDIUM' : score < 0.60 ? 'COMPLEX' : 'REASONING';
  return { tier, score, target: tier === 'COMPLEX' || tier === 'REASONING' ? 'cloud' : 'local' };
}
