import { restrictingFindings, type Complexity, type Finding, type Mode, type RedactionSummary, type RouterConfig, type RouterModelVerdict, type RoutingDecision, type Stage, type Target } from './types';
import type { PrivacyResult } from './privacyGate';
import { CONTEXT_TOO_LONG, type ComplexityResult } from './complexity';
import type { RouterModelResult } from './routerModel';
import { formatTokens } from './tokens';

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
  /** False when no cloud model is configured: cloud-bound work is answered locally instead. Undefined = available. */
  readonly cloudAvailable?: boolean;
  readonly config: RouterConfig;
}

/** What rules b–d propose before the budget and availability gates. */
interface Proposal {
  readonly target: Target;
  readonly stage: Stage;
  readonly deterministic: boolean;
  readonly confidence: number;
  readonly reason: string;
  readonly complexity?: Complexity;
}

/** Stage 3: hard rules, last word. Restricted never goes to the cloud. Pure and synchronous. */
export function decide(input: PolicyInput): RoutingDecision {
  const complexity = input.complexity;
  const findings = input.privacy.findings;
  const restricted = input.privacy.privacy === 'restricted' || restrictingFindings(findings).length > 0 || input.stickyRestricted === true;
  const tooLong = complexity.contextTooLong ?? complexity.signals.some(s => s.id === CONTEXT_TOO_LONG);
  const base = {
    privacy: restricted ? 'restricted' as const : input.privacy.privacy,
    findings,
    signals: complexity.signals,
    routerModel: verdictOf(input),
    correlationId: input.correlationId,
  };
  if (restricted) {
    return {
      ...base, target: 'local', complexity: complexity.band, stage: 'privacy-gate', deterministic: true, confidence: 1,
      reason: restrictedReason(findings, input.stickyRestricted === true, input.force === 'cloud', tooLong),
    };
  }
  const proposal = gateCloud(propose(input, tooLong), input, tooLong);
  return {
    ...base, target: proposal.target, complexity: proposal.complexity ?? complexity.band, stage: proposal.stage,
    deterministic: proposal.deterministic, confidence: proposal.confidence, reason: proposal.reason,
  };
}

/**
 * A restricted request as a redacted copy (`privacy.onSecret` = `redactForCloud`): `copy` is the decision the
 * three stages made for the redacted copy. Only when that is the cloud does the request go, redacted; otherwise
 * undefined, and the restricted decision stands. Findings stay those of the original, so nothing is hidden.
 */
export function redactedDecision(original: RoutingDecision, copy: RoutingDecision, redaction: RedactionSummary): RoutingDecision | undefined {
  if (original.privacy !== 'restricted' || copy.target !== 'cloud' || redaction.count <= 0) {
    return undefined;
  }
  return {
    ...copy, privacy: 'restricted', findings: original.findings, stage: 'redaction', redaction,
    reason: `${copy.reason.replace(/[.\s]+$/, '')}, as a redacted copy: ${describeRedaction(redaction)}, put back on this device in the answer.`,
  };
}

/** "2 secrets replaced by placeholders (github-token, postgres-password)": counts and rule ids only. */
export function describeRedaction(redaction: RedactionSummary): string {
  const rules = redaction.rules.length > 0 ? ` (${redaction.rules.slice(0, 4).join(', ')}${redaction.rules.length > 4 ? ', …' : ''})` : '';
  return `${redaction.count} secret${redaction.count === 1 ? '' : 's'} replaced by placeholders${rules}`;
}

/** Rules b (mode, force), c (context length) and d (heuristic, router model, mode preference). */
function propose(input: PolicyInput, tooLong: boolean): Proposal {
  const c = input.complexity;
  const truncated = tooLong ? ', though it is longer than the local model\'s context window and may be truncated' : '';
  if (input.mode === 'localOnly') {
    const refused = input.force === 'cloud' ? 'your cloud request was refused because ' : '';
    return policy('local', `Stays on this device: ${refused}local-only mode is on${truncated}.`);
  }
  if (input.force === 'local') {
    return policy('local', `Stays on this device because you asked for the local model${truncated}.`);
  }
  if (input.force === 'cloud') {
    return policy('cloud', 'Goes to the cloud because you asked for the cloud model.');
  }
  if (tooLong) {
    return policy('cloud', `Goes to the cloud: the request (${formatTokens(c.estimatedTokens)} tokens) does not fit the local model's ${formatTokens(input.config.localContextTokens)}-token context window.`);
  }
  if (c.isTrivial) {
    return { target: 'local', stage: 'heuristic', deterministic: true, confidence: c.confidence,
      reason: `Stays on this device: ${c.summary} is simple enough for the local model.` };
  }
  const signs = c.evidence ? ` (strongest signs: ${c.evidence})` : '';
  if (c.band === 'very_high') {
    return { target: 'cloud', stage: 'heuristic', deterministic: true, confidence: c.confidence,
      reason: `Goes to the cloud: ${c.summary} is very complex${signs}.` };
  }
  const router = input.routerModel;
  let proposal: Proposal;
  if (router?.applicable && router.parsed) {
    const { target, confidence, complexity } = router.parsed;
    proposal = { target, stage: 'router-model', deterministic: false, confidence, complexity,
      reason: router.reused
        ? `The local router model judged this conversation best handled ${where(target)} earlier, and its scope has not grown (confidence ${confidence.toFixed(2)}).`
        : `The local router model judged ${c.summary} best handled ${where(target)} (confidence ${confidence.toFixed(2)}).` };
  } else {
    // Stage 1's own suggestion weighs scope and kind of work, so a large scope is not lost in a middle band.
    const target: Target = c.suggestedTarget ?? (c.band === 'high' ? 'cloud' : 'local');
    const note = router?.verdict.error ? `; the router model's verdict was not used (${router.verdict.error})` : '';
    proposal = { target, stage: 'heuristic', deterministic: true, confidence: c.confidence,
      reason: `${target === 'local' ? 'Stays on this device' : 'Goes to the cloud'}: ${c.summary} is ${bandWords(c.band)}${signs}${note}.` };
  }
  if (input.mode === 'preferLocal' && proposal.target === 'cloud') {
    return policy('local', `Stays on this device: prefer-local mode keeps ${c.summary} here, as only very complex or very long requests go to the cloud.`);
  }
  if (input.mode === 'preferCloud' && proposal.target === 'local') {
    return policy('cloud', `Goes to the cloud: prefer-cloud mode sends ${c.summary} there, as only trivial requests stay on this device.`);
  }
  return proposal;
}

/** Rule e (budget) and cloud availability: the last word on anything bound for the cloud. */
function gateCloud(proposal: Proposal, input: PolicyInput, tooLong: boolean): Proposal {
  if (proposal.target !== 'cloud') { return proposal; }
  const truncated = tooLong ? ', so the request may be truncated to fit the local model' : '';
  const budget = input.config.dailyBudgetUsd;
  if (budget > 0 && input.spentTodayUsd >= budget) {
    return policy('local', `Stays on this device because the daily cloud budget of ${usd(budget)} has been reached (${usd(input.spentTodayUsd)} spent today, estimated)${truncated}.`);
  }
  if (input.cloudAvailable === false) {
    return policy('local', `Stays on this device because no cloud model is configured${truncated}.`);
  }
  return proposal;
}

function policy(target: Target, reason: string): Proposal {
  return { target, stage: 'policy', deterministic: true, confidence: 1, reason };
}

function verdictOf(input: PolicyInput): RouterModelVerdict {
  return input.routerModel?.verdict ?? { used: false, error: input.routerSkipped ?? 'skipped: not consulted' };
}

/** Whether trying the other side after `failed` failed is allowed, and why not. Consults privacy first. */
export function fallbackAllowed(
  decision: RoutingDecision,
  failed: Target,
  config: RouterConfig,
  context: { readonly mode?: Mode; readonly force?: Target; readonly spentTodayUsd?: number } = {},
): { readonly allowed: boolean; readonly reason: string } {
  if (failed === 'cloud') {
    return config.fallbackToLocal
      ? { allowed: true, reason: 'the cloud model failed, so the local model was tried' }
      : { allowed: false, reason: 'fallback to the local model is turned off' };
  }
  if (decision.privacy === 'restricted') {
    return { allowed: false, reason: 'restricted content never leaves the device' };
  }
  if ((context.mode ?? config.mode) === 'localOnly') {
    return { allowed: false, reason: 'local-only mode is on, so the cloud is never used' };
  }
  if (context.force === 'local') {
    return { allowed: false, reason: 'you asked for the local model only' };
  }
  if (!config.fallbackToCloud) {
    return { allowed: false, reason: 'fallback to the cloud is turned off' };
  }
  if (config.dailyBudgetUsd > 0 && (context.spentTodayUsd ?? 0) >= config.dailyBudgetUsd) {
    return { allowed: false, reason: `the daily cloud budget of ${usd(config.dailyBudgetUsd)} has been reached` };
  }
  return { allowed: true, reason: 'the local model failed, so the cloud was tried' };
}

// ---------------------------------------------------------------------------------------------------------------
// Reason sentences. Built from rule ids, sources and line numbers only: never a finding's value or prompt text.

function restrictedReason(findings: readonly Finding[], sticky: boolean, forcedCloud: boolean, tooLong: boolean): string {
  const lead = forcedCloud
    ? 'Kept on this device although you asked for the cloud, because restricted content never leaves it'
    : 'Kept on this device';
  let what: string;
  if (restrictingFindings(findings).length > 0) {
    what = describeFindings(restrictingFindings(findings));
  } else if (sticky) {
    what = 'an earlier turn of this conversation contained a secret';
  } else {
    what = 'the privacy check marked this request restricted';
  }
  const truncated = tooLong ? ' (it is longer than the local model\'s context window, so it may be truncated)' : '';
  return `${lead}: ${what}${truncated}.`;
}

const MAX_LISTED_FINDINGS = 3;

/** "a GitHub token in the selection (line 3) and a connection string with a password in db.ts (line 12)". */
export function describeFindings(findings: readonly Finding[]): string {
  const groups = new Map<string, number[]>();
  for (const f of findings) {
    const key = `${describeRule(f)}\u0000${describeSource(f)}`;
    const lines = groups.get(key) ?? [];
    if (f.kind !== 'sensitive-file' && f.source !== 'request' && Number.isFinite(f.line) && f.line > 0 && !lines.includes(f.line)) { lines.push(f.line); }
    groups.set(key, lines);
  }
  const parts = [...groups].slice(0, MAX_LISTED_FINDINGS).map(([key, lines]) => {
    const [what, place] = key.split('\u0000');
    const at = lines.length === 0 ? '' : lines.length === 1 ? ` (line ${lines[0]})` : ` (lines ${lines.slice(0, 3).join(', ')}${lines.length > 3 ? ', …' : ''})`;
    return place ? `${what} ${place}${at}` : what;
  });
  const more = groups.size - MAX_LISTED_FINDINGS;
  if (more > 0) { parts.push(`${more} more finding${more === 1 ? '' : 's'}`); }
  return parts.length === 1 ? parts[0] : `${parts.slice(0, -1).join(', ')} and ${parts[parts.length - 1]}`;
}

// Phrases for the privacy gate's rule ids whose words alone read badly; other ids are humanised from their words.
const RULE_PHRASES: Readonly<Record<string, string>> = {
  'connection-string-password': 'a connection string with a password',
  'url-with-password': 'a URL with a password',
  'jwt': 'a JSON Web Token',
  'aws-access-key-id': 'an AWS access key ID',
  'generic-credential-assignment': 'a hard-coded credential',
  'password-in-prose': 'a password written out',
  'cli-password': 'a password on a command line',
  'sql-password': 'a password in SQL',
  'redis-cli': 'a Redis password on a command line',
  'base64-wrapped-secret': 'a base64-encoded secret',
  'basic-auth-header': 'a basic-auth header',
  'docker-config-auth': 'a Docker registry credential',
  'x-oauth-basic': 'a token inside a Git URL',
  'ocp-apim': 'an Azure API Management key',
  'azure-devops-pat': 'an Azure DevOps personal access token',
  'github-fine-grained-token': 'a GitHub fine-grained token',
  'gcp-service-account-key': 'a GCP service-account key',
  'kubernetes-secret': 'a Kubernetes Secret',
  'twilio-credentials': 'Twilio credentials',
  'payment-card': 'a payment card number',
  'us-ssn': 'a US social security number',
  'confidential-marker': 'a confidentiality marker',
  // privacy.unknownTokenFormats: its rule id names the shape, not a provider.
  'prefixed-token': 'a token in a provider format no rule lists',
  // The service's fail-closed finding when the gate itself failed.
  'privacy-gate-error': 'the privacy scan could not finish, so the request is treated as restricted',
  'env-file': 'an .env file',
  'ssh-private-key-file': 'an SSH private key file',
  'key-file': 'a key or certificate file',
  'terraform-vars': 'a Terraform variables or state file',
  'credentials-file': 'a credentials file',
  'service-account-file': 'a service-account file',
  'secrets-file': 'a secrets file',
  'kubeconfig': 'a kubeconfig',
  'aws-credentials-file': 'an AWS credentials file',
  'htpasswd-file': 'a password file',
  'git-credentials': 'a Git credentials file',
  'npmrc-credentials': 'an .npmrc holding a token',
  'pypirc-credentials': 'a .pypirc holding a password',
  'netrc-credentials': 'a .netrc holding a password',
  'docker-config-credentials': 'a Docker config holding credentials',
};

// Spellings of brands and acronyms; any other word outside GENERIC_WORDS is taken for a brand and capitalised.
const WORDS: Readonly<Record<string, string>> = {
  github: 'GitHub', gitlab: 'GitLab', aws: 'AWS', gcp: 'GCP', openai: 'OpenAI', npm: 'npm', pypi: 'PyPI', sendgrid: 'SendGrid',
  huggingface: 'Hugging Face', digitalocean: 'DigitalOcean', newrelic: 'New Relic', onepassword: '1Password', oauth: 'OAuth',
  jwt: 'JWT', pem: 'PEM', ssh: 'SSH', ssn: 'SSN', nhs: 'NHS', uk: 'UK', us: 'US', iban: 'IBAN', sas: 'SAS', api: 'API',
  pgp: 'PGP', url: 'URL', ai: 'AI', pat: 'personal access token', id: 'ID', db: 'database', env: '.env', k8s: 'Kubernetes',
  devops: 'DevOps', sql: 'SQL', cli: 'command-line', age: 'age',
};
const GENERIC_WORDS = new Set([
  'key', 'keys', 'token', 'tokens', 'secret', 'secrets', 'access', 'account', 'auth', 'client', 'password', 'passwords', 'bot',
  'webhook', 'credential', 'credentials', 'private', 'public', 'service', 'header', 'basic', 'fine', 'grained', 'storage',
  'config', 'connection', 'string', 'with', 'in', 'prose', 'card', 'payment', 'number', 'assignment', 'generic', 'wrapped',
  'file', 'files', 'user', 'pattern', 'marker', 'session', 'refresh', 'signing', 'encryption', 'app', 'application', 'personal',
  'bearer', 'url', 'code', 'value', 'custom', 'rule', 'of', 'a', 'an', 'the', 'and', 'or', 'sensitive',
]);

function describeRule(f: Finding): string {
  const known = RULE_PHRASES[f.rule];
  if (known) { return known; }
  const userPattern = /^user-pattern-(\d{1,4})$/.exec(String(f.rule));
  if (userPattern) { return `a match for your custom pattern ${userPattern[1]}`; }
  if (f.kind === 'marker') { return 'a confidentiality marker'; }
  if (f.kind === 'sensitive-file') { return 'a sensitive file'; }
  const words = String(f.rule).toLowerCase().split(/[-_.:/\s]+/).filter(Boolean).slice(0, 6)
    .map(w => WORDS[w] ?? (GENERIC_WORDS.has(w) || /\d/.test(w) ? w : w[0].toUpperCase() + w.slice(1)));
  const phrase = words.length > 0 ? words.join(' ') : f.kind === 'pii' ? 'personal data' : 'secret';
  return `${article(phrase)} ${phrase}`;
}

/** "an AWS key", "an SSH key", "a URL", "an npm token", "a 1Password token", "a GitHub token". */
function article(phrase: string): string {
  const first = phrase.split(' ')[0];
  if (/^[A-Z]{2,}$/.test(first)) { return 'AEFHILMNORSX'.includes(first[0]) ? 'an' : 'a'; }
  if (first === 'npm') { return 'an'; }
  return /^[aeiou]/i.test(first) ? 'an' : 'a';
}

/** Where a finding is. A sensitive file is named by its path instead, since the name is what matched. */
function describeSource(f: Finding): string {
  const s = String(f.source);
  if (s === 'request') { return ''; }
  if (f.kind === 'sensitive-file' && s.startsWith('reference:')) { return `(${clip(s.slice('reference:'.length))})`; }
  if (s === 'prompt') { return 'in the prompt'; }
  if (s === 'selection') { return 'in the selection'; }
  if (s.startsWith('reference:')) { return `in ${clip(s.slice('reference:'.length))}`; }
  if (s.startsWith('history:')) { return 'in an earlier turn of the conversation'; }
  if (s.startsWith('tool-result:')) { return `in the result of \`${clip(s.slice('tool-result:'.length))}\``; }
  if (s.startsWith('tool-call:')) { return `in the arguments of a \`${clip(s.slice('tool-call:'.length))}\` call`; }
  if (s === 'instructions') { return 'in the system instructions'; }
  return `in ${clip(s)}`;
}

function clip(name: string): string {
  return name.length > 80 ? `…${name.slice(-79)}` : name;
}

function where(target: Target): string {
  return target === 'local' ? 'on this device' : 'in the cloud';
}

function bandWords(band: Complexity): string {
  switch (band) {
    case 'low': return 'of low complexity';
    case 'medium': return 'of medium complexity';
    case 'high': return 'of high complexity';
    case 'very_high': return 'very complex';
    default: return assertNever(band);
  }
}

function assertNever(value: never): never {
  throw new Error(`unexpected value ${String(value)}`);
}

function usd(amount: number): string {
  return `$${amount.toFixed(2)}`;
}
