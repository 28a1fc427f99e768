import { BudgetLedger, estimateCostUsd } from './budget';
import { assessComplexity, type ComplexityResult } from './complexity';
import { hybridError } from './errors';
import { binaryMessage, componentOf, describeFailure, errorName, failureOf, formatSize, safeFallbackAllowed, type Failure } from './failures';
import { isValidCorrelationId, newCorrelationId } from './ids';
import { decide, describeRedaction, redactedDecision } from './policy';
import { checkPrivacy, checkPrivacyWithSpans, shownName, type PrivacyOptions, type PrivacyResult, type RequestSpans } from './privacyGate';
import { ScanCache, type PartScanner } from './privacy/scanCache';
import { PlaceholderVault, redactRequest } from './redaction';
import { restoreToolCall, StreamRestorer } from './restore';
import type { AgentTurnInfo, RouteLog, RouteRecord } from './routeLog';
import { consultRouterModel, type RouterModelResult } from './routerModel';
import { RouterBackoff } from './routerBackoff';
import { VerdictCache } from './verdictCache';
import { summarizeAgentTurn, summarizePrompt, summarizeUnscanned } from './summary';
import { buildMessages, estimateMessagesTokens } from './messages';
import { estimateTokens } from './tokens';
import { agentTurnInfo, requestParts, requestSize, routingView, toolNames } from './agentTurns';
import { endsWithToolResults } from './toolParts';
import type {
  AgentResponse, AskRequest, ChatEvent, Clock, EventSink, HybridError, HybridErrorCode, Mode, ModelProvider, Privacy,
  ProviderMessage, ProviderRequest, RedactionSummary, RouteEvent, RouterConfig, RoutingDecision, ServedPath, ToolCall, Usage,
} from './types';
import { restrictingFindings } from './types';

/** Outcome of ask(): expected failures and cancellation are values, not exceptions. */
export type AskOutcome =
  | { readonly kind: 'answered'; readonly response: AgentResponse }
  | { readonly kind: 'cancelled'; readonly decision?: RoutingDecision; readonly correlationId: string }
  | { readonly kind: 'failed'; readonly decision?: RoutingDecision; readonly error: HybridError };

export type ClassifyOutcome =
  | { readonly kind: 'classified'; readonly decision: RoutingDecision }
  | { readonly kind: 'cancelled'; readonly correlationId: string }
  | { readonly kind: 'failed'; readonly error: HybridError };

export interface RouterServiceDeps {
  /** Current config, read on every request so setting changes apply live. */
  readonly config: () => RouterConfig;
  readonly local: ModelProvider;
  /** Undefined when no cloud is configured or allowed. */
  readonly cloud?: ModelProvider;
  /** The small local model for stage 2; undefined → stage 1 + policy only. */
  readonly routerModel?: ModelProvider;
  readonly log?: RouteLog;
  readonly events?: EventSink;
  readonly clock?: Clock;
  /** Daily cloud spend; the extension passes a restored one so the cap survives restarts. */
  readonly budget?: BudgetLedger;
  /** Cap on everything a request would send, in characters (default 50 MiB). */
  readonly maxInputChars?: number;
  /**
   * Scan results per message part, so an agent loop does not rescan its history every turn. Default: a cache of
   * this service; `false` scans every part every time (the benchmark's baseline).
   */
  readonly scanCache?: ScanCache | false;
}

/** Largest request the service will scan and send. */
export const DEFAULT_MAX_INPUT_CHARS = 50 * 1024 * 1024;

/** A request that passed the three stages. Lives on the stack of one call: nothing per request is kept on the instance. */
interface Routed {
  readonly kind: 'routed';
  readonly id: string;
  readonly started: number;
  readonly decision: RoutingDecision;
  readonly privacy: PrivacyResult;
  readonly summary: string;
  /** The config read once for this request, so a settings change mid-request cannot mix two configs. */
  readonly config: RouterConfig;
  /**
   * A clean redacted copy of a restricted request (redaction mode), the vault that restores its answer, and the
   * copy's own decision. The cloud gets it when the decision is a redaction, or as `cloud_fallback` when the local
   * model fails and the copy's decision allows that fallback; otherwise it is never sent.
   */
  readonly redacted?: { readonly request: AskRequest; readonly vault: PlaceholderVault; readonly copyDecision: RoutingDecision; readonly summary: RedactionSummary };
  /** Set for agent turns: the turn's place and its tools, by name. */
  readonly agent?: AgentTurnInfo;
}

/** Per-call options of ask() and classify(). */
export interface AskOptions {
  /**
   * The conversation's placeholders, so a value keeps its placeholder from turn to turn. Without one, a vault for
   * this request alone (the replayed history is numbered first, so the numbering is the same on every turn).
   */
  readonly vault?: PlaceholderVault;
}
type RouteStep = Routed | Exclude<AskOutcome, { kind: 'answered' }>;

type Attempt =
  | { readonly kind: 'ok'; readonly provider: ModelProvider; readonly answer: string; readonly toolCalls: readonly ToolCall[]; readonly model: string; readonly usage: Usage; readonly estimated: boolean }
  | { readonly kind: 'cancelled' }
  | { readonly kind: 'failed'; readonly failure: Failure; readonly streamed: boolean };

interface AskContext {
  readonly routed: Routed;
  readonly config: RouterConfig;
  /** What the local model gets: always the original. */
  readonly messages: readonly ProviderMessage[];
  /** What the cloud model gets: the redacted copy when there is one, else the original (never restricted then). */
  readonly cloudMessages: readonly ProviderMessage[];
  readonly signal: AbortSignal;
  readonly onText: (text: string) => void;
  /** The tools offered this turn (agent mode), and how the model may use them. */
  readonly tools: Pick<ProviderRequest, 'tools' | 'toolMode'>;
}

export class RouterService {
  private readonly clock: Clock;
  /** Estimated cloud spend per day: the one piece of state shared across requests, on purpose. */
  readonly budget: BudgetLedger;
  /** Stage-2 verdicts of recent conversations, reused by their follow-up turns while the scope has not changed. */
  private readonly verdicts = new VerdictCache();
  /** Pauses stage 2 when the router model keeps missing its timeout (a slow CPU), so requests stop waiting for it. */
  private readonly backoff: RouterBackoff;
  /** Scan results per message part (findings and offsets only, never text). */
  private readonly scanCache: ScanCache | undefined;

  constructor(private readonly deps: RouterServiceDeps) {
    this.scanCache = deps.scanCache === false ? undefined : deps.scanCache ?? new ScanCache();
    this.clock = deps.clock ?? { now: () => Date.now() };
    this.budget = deps.budget ?? new BudgetLedger(this.clock);
    this.backoff = new RouterBackoff(this.clock);
  }

  /** Decide only; sends nothing to any answering model (the local router model may be consulted). */
  async classify(req: AskRequest, signal: AbortSignal, options: AskOptions = {}): Promise<ClassifyOutcome> {
    const step = await this.guard(req, () => this.route(req, signal, options.vault ?? new PlaceholderVault()));
    if (step.kind === 'routed') {
      this.record({ kind: 'classified', at: this.clock.now(), summary: step.summary, decision: step.decision }, step.agent);
      return { kind: 'classified', decision: step.decision };
    }
    return step.kind === 'failed' ? { kind: 'failed', error: step.error } : { kind: 'cancelled', correlationId: step.correlationId };
  }

  /** Decide, answer (streaming through onText), apply the fallback table. Never throws for expected failures. */
  async ask(req: AskRequest, signal: AbortSignal, onText: (text: string) => void, options: AskOptions = {}): Promise<AskOutcome> {
    return this.guard(req, async () => {
      const routed = await this.route(req, signal, options.vault ?? new PlaceholderVault());
      if (routed.kind !== 'routed') {
        return routed;
      }
      const messages = buildMessages(req);
      const cloudMessages = routed.redacted ? buildMessages(routed.redacted.request) : messages;
      const tools = req.tools && req.tools.length > 0 ? { tools: req.tools, toolMode: req.toolMode ?? 'auto' } : {};
      const ctx: AskContext = { routed, config: routed.config, messages, cloudMessages, signal, onText, tools };
      return this.answer(ctx, req);
    });
  }

  // ---------------------------------------------------------------------------------------------------------
  // Stages 1–3

  private async route(req: AskRequest, signal: AbortSignal, vault: PlaceholderVault): Promise<RouteStep> {
    const started = this.clock.now();
    const id = req.correlationId && isValidCorrelationId(req.correlationId) ? req.correlationId : newCorrelationId();
    const agent = agentTurnInfo(req);
    if (signal.aborted) {
      return this.cancelled(id, '(cancelled before routing)', undefined, agent);
    }
    const config = this.deps.config();
    const invalid = this.validate(req, config, id, agent);
    if (invalid) {
      return invalid;
    }
    const redacting = config.onSecret === 'redactForCloud';
    // One session per request: each part is hashed once, for the gate and for stage 1's token estimate.
    const parts = this.scanCache?.session();
    const { result: privacy, spans } = this.scan(req, config, id, redacting, parts);
    if (privacy.binarySources.length > 0) {
      return this.fail(id, 'binary_content', binaryMessage(privacy.binarySources), privacy.privacy, summarizeUnscanned('binary content', privacy.binarySources), undefined, agent);
    }
    const summary = agent && req.prompt.trim() === '' && endsWithToolResults(req)
      ? summarizeAgentTurn(privacy.findings, agent)
      // Names are shown only when no part holds a value, so none of them does (the gate scans names with the same rules).
      : summarizePrompt(req.prompt, privacy.findings, (req.references ?? []).map(r => r.name));
    // An agent turn that continues after tool results is judged by the task its person last asked for.
    const view = routingView(req);
    const tokensOf = parts ? (text: string) => parts.tokens(text, estimateTokens) : undefined;
    const complexity = assessComplexity(view, { localContextTokens: config.localContextTokens, tokensOf });
    const mode = req.mode ?? config.mode;
    const { routerModel, routerSkipped } = await this.stageTwo(view, config, mode, privacy, complexity, id, signal);
    if (signal.aborted) {
      return this.cancelled(id, summary, undefined, agent);
    }
    let decision = decide({
      correlationId: id, privacy, complexity, routerModel, routerSkipped, mode, force: req.force,
      stickyRestricted: req.stickyRestricted, spentTodayUsd: this.budget.spentToday(), cloudAvailable: this.deps.cloud !== undefined, config,
    });
    let redacted: Routed['redacted'];
    if (redacting && spans && decision.stage === 'privacy-gate' && privacy.privacy === 'restricted' && req.stickyRestricted !== true) {
      const copy = await this.redactForCloud(req, spans, vault, decision, { config, mode, id, signal });
      if (signal.aborted) {
        return this.cancelled(id, summary, undefined, agent);
      }
      if (copy) {
        decision = copy.decision ?? decision;
        redacted = { request: copy.request, vault, copyDecision: copy.copyDecision, summary: copy.summary };
      }
    }
    this.emit('decision', id, 'info', `${decision.target} (${decision.stage}): ${decision.reason}`, {
      target: decision.target, privacy: decision.privacy, complexity: decision.complexity, stage: decision.stage,
      confidence: decision.confidence, deterministic: decision.deterministic, findings: decision.findings.length,
      rules: [...new Set(decision.findings.map(f => f.rule))].join(',') || null,
      signals: decision.signals.map(s => s.id).join(',') || null, routerModelUsed: decision.routerModel.used,
      redacted: decision.redaction?.count ?? null, redactedRules: decision.redaction?.rules.join(',') ?? null,
      ...(agent ? { toolsOffered: agent.toolsOffered, toolResults: agent.toolResults.join(',') || null } : {}),
    });
    return { kind: 'routed', id, started, decision, privacy, summary, config, redacted, agent };
  }

  /**
   * Redaction (opt-in): the redacted copy of a restricted request is scanned again and, only when it holds no
   * finding, goes through stages 1–3 itself (budget and context gates included). A cloud decision for the copy
   * becomes the request's decision; anything else leaves the restricted decision standing.
   */
  private async redactForCloud(
    req: AskRequest, spans: RequestSpans, vault: PlaceholderVault, original: RoutingDecision,
    at: { readonly config: RouterConfig; readonly mode: Mode; readonly id: string; readonly signal: AbortSignal },
  ): Promise<{ decision?: RoutingDecision; request: AskRequest; copyDecision: RoutingDecision; summary: RedactionSummary } | undefined> {
    const { config, mode, id, signal } = at;
    const redaction = redactRequest(req, spans, vault);
    if (redaction.kind === 'refused') {
      this.emit('decision', id, 'debug', `not redacted: ${redaction.reason}`, { redacted: 0 });
      return undefined;
    }
    const rescan = this.scan(redaction.request, config, id, false).result;
    const left = restrictingFindings(rescan.findings);
    if (left.length > 0 || rescan.binarySources.length > 0) {
      const rules = [...new Set(left.map(f => f.rule))].join(',') || null;
      this.emit('decision', id, 'debug', 'not redacted: the redacted copy still holds a finding', { redacted: 0, rules });
      return undefined;
    }
    const view = routingView(redaction.request);
    const complexity = assessComplexity(view, { localContextTokens: config.localContextTokens });
    const { routerModel, routerSkipped } = await this.stageTwo(view, config, mode, rescan, complexity, id, signal);
    const copy = decide({
      correlationId: id, privacy: rescan, complexity, routerModel, routerSkipped, mode, force: req.force,
      spentTodayUsd: this.budget.spentToday(), cloudAvailable: this.deps.cloud !== undefined, config,
    });
    const summary: RedactionSummary = { count: redaction.count, rules: redaction.rules };
    if (summary.count <= 0) {
      return undefined;
    }
    return { decision: redactedDecision(original, copy, summary), request: redaction.request, copyDecision: copy, summary };
  }

  /** Empty, binary or oversized input is refused before anything is scanned or sent. */
  private validate(req: AskRequest, config: RouterConfig, id: string, agent: AgentTurnInfo | undefined): RouteStep | undefined {
    // An agent turn may continue after tool results with no new words from the person.
    const hasContent = req.prompt.trim() !== '' || (req.references ?? []).some(r => (r.content ?? '').trim() !== '') || endsWithToolResults(req);
    if (!hasContent) {
      return this.fail(id, 'empty_prompt', 'The prompt is empty: type a question or select code first.', 'public', '(empty prompt)', undefined, agent);
    }
    const { chars: total, binary } = requestSize(req);
    const cap = this.deps.maxInputChars ?? DEFAULT_MAX_INPUT_CHARS;
    if (total > cap) {
      const message = `The request is too large to route (${formatSize(total)}; the limit is ${formatSize(cap)}): attach less context.`;
      return this.fail(id, 'input_too_large', message, 'internal', summarizeUnscanned(`too large (${formatSize(total)})`, []), undefined, agent);
    }
    if (binary) {
      const sources = requestParts(req, name => shownName(name, privacyOptions(config))).filter(p => p.text.includes('\u0000')).map(p => p.source);
      return this.fail(id, 'binary_content', binaryMessage(sources), 'internal', summarizeUnscanned('binary content', sources), undefined, agent);
    }
    return undefined;
  }

  /** The privacy gate fails closed: if it throws, the request is treated as restricted. */
  private scan(req: AskRequest, config: RouterConfig, id: string, withSpans: boolean, parts: PartScanner | undefined = this.scanCache): { result: PrivacyResult; spans?: RequestSpans } {
    try {
      const opts = privacyOptions(config);
      return withSpans ? checkPrivacyWithSpans(req, opts, parts) : { result: checkPrivacy(req, opts, parts) };
    } catch (e) {
      this.emit('error', id, 'error', `privacy gate failed (${errorName(e)}): treating the request as restricted`);
      return {
        result: {
          privacy: 'restricted',
          findings: [{ rule: 'privacy-gate-error', kind: 'marker', source: 'request', line: 1, column: 1, preview: '(scan failed: kept local)' }],
          binarySources: [],
          scannedChars: 0,
        },
      };
    }
  }

  /** Stage 2 runs only where the gates left the decision open. */
  private async stageTwo(
    req: AskRequest, config: RouterConfig, mode: Mode, privacy: PrivacyResult, complexity: ComplexityResult, id: string, signal: AbortSignal,
  ): Promise<{ routerModel?: RouterModelResult; routerSkipped?: string }> {
    const skipped =
      privacy.privacy === 'restricted' || req.stickyRestricted ? 'skipped: restricted content is decided on the device' :
      complexity.isTrivial ? 'skipped: trivial prompt' :
      complexity.band === 'very_high' ? 'skipped: very high complexity goes to the cloud' :
      complexity.band === 'low' ? 'skipped: stage 1 is confident this stays on the device' :
      mode === 'localOnly' ? 'skipped: local-only mode' :
      req.force ? `skipped: forced ${req.force}` :
      !this.deps.routerModel ? 'skipped: no router model configured' :
      !config.routerModelEnabled ? 'skipped: router model disabled in settings' : undefined;
    if (skipped || !this.deps.routerModel) {
      return { routerSkipped: skipped };
    }
    const reused = this.verdicts.lookup(req, complexity);
    if (reused) {
      this.emit('router-model', id, 'debug', `router model verdict reused from earlier in this conversation: ${reused.verdict.target}`, {
        used: true, target: reused.verdict.target ?? null, confidence: reused.verdict.confidence ?? null, latencyMs: 0, applicable: reused.applicable,
      });
      return { routerModel: reused };
    }
    const paused = this.backoff.pausedReason();
    if (paused) {
      return { routerSkipped: paused };
    }
    try {
      const result = await consultRouterModel(this.deps.routerModel, req.prompt, complexity,
        { timeoutMs: config.routerTimeoutMs, threshold: config.confidenceThreshold, clock: this.clock, correlationId: id }, signal);
      const v = result.verdict;
      if (v.error !== 'cancelled') { this.backoff.record(/^timeout/.test(v.error ?? '')); }
      this.emit('router-model', id, 'debug', v.error ? `router model: ${v.error}` : `router model says ${v.target}`, {
        used: v.used, target: v.target ?? null, confidence: v.confidence ?? null, latencyMs: v.latencyMs ?? null, applicable: result.applicable,
      });
      this.verdicts.remember(req, complexity, result);
      return { routerModel: result };
    } catch (e) {
      // consultRouterModel never throws by contract; if it does, stage 1 stands.
      this.emit('router-model', id, 'warn', `router model failed unexpectedly (${errorName(e)}); stage 1 stands`);
      return { routerSkipped: `router model error (${errorName(e)})` };
    }
  }

  // ---------------------------------------------------------------------------------------------------------
  // Answering and the fallback table

  private async answer(ctx: AskContext, req: AskRequest): Promise<AskOutcome> {
    const { decision, id, privacy } = ctx.routed;
    const restricted = decision.privacy === 'restricted' || privacy.privacy === 'restricted' || req.stickyRestricted === true;
    // Restricted content never reaches a cloud provider: only its redacted copy may, when the decision says so.
    const redactedCopy = restricted && decision.stage === 'redaction' && ctx.routed.redacted !== undefined;
    const cloud = restricted && !redactedCopy ? undefined : this.deps.cloud;
    let note = '';
    let first: ModelProvider = this.deps.local;
    if (decision.target === 'cloud') {
      if (cloud) {
        first = cloud;
      } else {
        note = restricted ? ' Restricted content is never sent to the cloud, so the local model answered.' : ' No cloud model is configured, so the local model answered.';
      }
    }
    const a = await this.attempt(first, ctx);
    if (a.kind === 'ok') {
      return this.answered(ctx, a, first.target, false, null, note);
    }
    if (a.kind === 'cancelled') {
      return this.cancelled(id, ctx.routed.summary, decision, ctx.routed.agent);
    }
    if (a.streamed) {
      return this.fail(id, 'provider_failed', `The ${first.target} model failed part-way through its answer (${a.failure.detail}); ask again.`, decision.privacy, ctx.routed.summary, decision, ctx.routed.agent);
    }
    const fallbackContext = { mode: req.mode ?? ctx.config.mode, force: req.force, spentTodayUsd: this.budget.spentToday() };
    // A restricted request whose local model failed may reach the cloud only as its clean redacted copy (the cloud
    // messages are built from it), and only where the copy's own decision allows the fallback.
    const copy = first.target === 'local' && restricted && !redactedCopy ? ctx.routed.redacted : undefined;
    const other = first.target === 'local' ? (copy ? this.deps.cloud : cloud) : this.deps.local;
    const gate = safeFallbackAllowed(copy?.copyDecision ?? decision, first.target, ctx.config, fallbackContext);
    if (!other || !gate.allowed) {
      return this.refuseFallback(ctx, a.failure, restricted, other === undefined, gate.reason, req);
    }
    const redacted: Record<string, number | string> = copy ? { redacted: copy.summary.count, redactedRules: copy.summary.rules.join(',') } : {};
    this.emit('fallback', id, 'warn', `${a.failure.target} failed; trying ${other.target}${copy ? ' with the redacted copy' : ''}`, { from: first.target, to: other.target, code: a.failure.code, ...redacted });
    const b = await this.attempt(other, ctx);
    if (b.kind === 'ok') {
      const fallbackReason = a.failure.text;
      const path: ServedPath = other.target === 'cloud' ? 'cloud_fallback' : 'local_fallback';
      const what = copy ? `a redacted copy: ${describeRedaction(copy.summary)}, put back on this device in the answer` : '';
      const note = ` The ${first.target} model failed (${a.failure.detail}), so the ${other.target} model answered${what ? ` ${what}` : ''}.`;
      const answeredCtx = copy ? { ...ctx, routed: { ...ctx.routed, decision: { ...decision, redaction: copy.summary } } } : ctx;
      return this.answered(answeredCtx, b, path, true, fallbackReason, note);
    }
    if (b.kind === 'cancelled') {
      return this.cancelled(id, ctx.routed.summary, decision, ctx.routed.agent);
    }
    const message = `Both models failed: ${a.failure.text}; then ${b.failure.text}${copy ? ' (the cloud got only a redacted copy)' : ''}.`;
    return this.fail(id, 'all_providers_failed', message, decision.privacy, ctx.routed.summary, decision, ctx.routed.agent);
  }

  private refuseFallback(ctx: AskContext, failure: Failure, restricted: boolean, noOther: boolean, gateReason: string, req: AskRequest): AskOutcome {
    const { decision, id, summary, agent } = ctx.routed;
    const mode = req.mode ?? ctx.config.mode;
    const why = noOther ? (failure.target === 'local' ? 'no cloud model is configured' : 'no local model is available') : gateReason;
    if (failure.code === 'tools-unsupported') {
      // The provider's message names the model, the setting and what to pick instead (and its HTTP status).
      const said = failure.detail.replace(/^\d{3} — /, '');
      const message = restricted
        ? `${said}. This agent turn holds restricted content, so it was not sent to the cloud either.`
        : `${said}. No fallback was tried: ${why}.`;
      return this.fail(id, 'tools_unsupported', message, decision.privacy, summary, decision, agent);
    }
    if (failure.target === 'local' && restricted) {
      const message = `The local model is needed because this request holds restricted content, and it is unavailable (${failure.detail}). ` +
        'Start it (e.g. `foundry service start`, or check the local endpoint setting) and ask again; nothing was sent to the cloud.';
      return this.fail(id, 'restricted_local_unavailable', message, decision.privacy, summary, decision, agent);
    }
    if (failure.target === 'local' && mode === 'localOnly') {
      const message = `The local model is unavailable (${failure.detail}) and the mode is local-only, so nothing was sent to the cloud. Start the local model and ask again.`;
      return this.fail(id, 'local_only_unavailable', message, decision.privacy, summary, decision, agent);
    }
    return this.fail(id, 'provider_failed', `The ${failure.target} model failed (${failure.detail}) and no fallback was tried: ${why}.`, decision.privacy, summary, decision, agent);
  }

  /** One provider call: streams text through onText; never throws. */
  private async attempt(provider: ModelProvider, ctx: AskContext): Promise<Attempt> {
    const id = ctx.routed.id;
    const component = componentOf(provider);
    const started = this.clock.now();
    const messages = provider.target === 'cloud' ? ctx.cloudMessages : ctx.messages;
    const request: ProviderRequest = { messages, maxTokens: ctx.config.maxOutputTokens, purpose: 'answer', correlationId: id, ...ctx.tools };
    this.emit('provider-call', id, 'info', `calling ${provider.label}`, {
      provider: provider.id, target: provider.target, model: provider.model, messages: messages.length,
      ...(ctx.tools.tools ? { tools: ctx.tools.tools.length, toolMode: ctx.tools.toolMode ?? 'auto' } : {}),
    }, component);
    // A redacted answer is restored before anyone sees it, a placeholder cut across chunks included.
    const vault = provider.target === 'cloud' ? ctx.routed.redacted?.vault : undefined;
    const restorer = vault ? new StreamRestorer(vault) : undefined;
    let answer = '';
    const toolCalls: ToolCall[] = [];
    const show = (text: string): void => {
      if (text) {
        answer += text;
        ctx.onText(text);
      }
    };
    let done: Extract<ChatEvent, { kind: 'done' }> | undefined;
    try {
      for await (const event of provider.chat(request, ctx.signal)) {
        if (ctx.signal.aborted) {
          break;
        }
        if (event.kind === 'text') {
          show(restorer && event.text ? restorer.push(event.text) : event.text);
        } else if (event.kind === 'tool_call') {
          // Placeholders in the arguments the cloud model wrote are put back before any tool runs.
          toolCalls.push(vault ? restoreToolCall(event.call, vault) : event.call);
        } else if (event.kind === 'done') {
          done = event;
        }
      }
    } catch (e) {
      if (!ctx.signal.aborted) {
        show(restorer?.flush() ?? '');
        const failure = describeFailure(provider.target, e);
        this.emit('provider-result', id, 'warn', `${provider.label} failed: ${failure.text}`, { provider: provider.id, ok: false, code: failure.code, latencyMs: this.clock.now() - started }, component);
        return { kind: 'failed', failure, streamed: answer.trim() !== '' };
      }
    }
    if (ctx.signal.aborted) {
      return { kind: 'cancelled' };
    }
    show(restorer?.flush() ?? '');
    // A model that only asks for tools has answered: the agent runs them and sends the next turn.
    if (answer.trim() === '' && toolCalls.length === 0) {
      const failure = failureOf(provider.target, 'empty', 'empty answer');
      this.emit('provider-result', id, 'warn', `${provider.label} returned an empty answer`, { provider: provider.id, ok: false, code: 'empty' }, component);
      return { kind: 'failed', failure, streamed: false };
    }
    const estimated = !done?.usage;
    const usage = done?.usage ?? {
      promptTokens: estimateMessagesTokens(messages),
      completionTokens: estimateTokens(answer) + (toolCalls.length > 0 ? estimateMessagesTokens([{ role: 'assistant', content: '', toolCalls }]) : 0),
    };
    const model = done?.model || provider.model;
    const called = toolNames(toolCalls);
    this.emit('provider-result', id, 'info', `${provider.label} ${called.length > 0 ? `asked for tools: ${called.join(', ')}` : 'answered'}`, {
      provider: provider.id, ok: true, model, latencyMs: this.clock.now() - started,
      promptTokens: usage.promptTokens, completionTokens: usage.completionTokens, usageEstimated: estimated,
      ...(called.length > 0 ? { toolCalls: called.join(',') } : {}),
    }, component);
    return { kind: 'ok', provider, answer, toolCalls, model, usage, estimated };
  }

  // ---------------------------------------------------------------------------------------------------------
  // Outcomes: each one is recorded in the route log exactly once

  private answered(ctx: AskContext, a: Extract<Attempt, { kind: 'ok' }>, path: ServedPath, fallback: boolean, fallbackReason: string | null, note: string): AskOutcome {
    const { decision, id, started, summary } = ctx.routed;
    const isPaidCloud = a.provider.target === 'cloud' && !a.provider.isDemo;
    const costUsd = isPaidCloud ? estimateCostUsd(a.model, a.usage, ctx.config.prices) : 0;
    if (costUsd > 0) {
      this.budget.record(costUsd);
      this.emit('budget', id, 'debug', `estimated cloud cost $${costUsd.toFixed(6)}`, { costUsd, spentTodayUsd: this.budget.spentToday() });
    }
    const response: AgentResponse = {
      answer: a.answer, path, model: a.model, provider: a.provider.id, reason: (decision.reason + note).trim(),
      confidence: decision.confidence, latencyMs: Math.max(0, this.clock.now() - started), correlationId: id,
      privacy: decision.privacy, complexity: decision.complexity, promptTokens: a.usage.promptTokens,
      completionTokens: a.usage.completionTokens, costUsd, fallback, fallbackReason, decision,
      ...(a.toolCalls.length > 0 ? { toolCalls: a.toolCalls } : {}),
    };
    // The record keeps tool names only: arguments stay with the caller.
    const { answer: _answer, toolCalls: _calls, ...withoutAnswer } = response;
    const agent = ctx.routed.agent && { ...ctx.routed.agent, toolCalls: toolNames(a.toolCalls) };
    this.record({ kind: 'answered', at: this.clock.now(), summary, response: withoutAnswer, isDemo: a.provider.isDemo }, agent);
    return { kind: 'answered', response };
  }

  private fail(
    id: string, code: HybridErrorCode, message: string, privacy: Privacy, summary: string, decision?: RoutingDecision, agent?: AgentTurnInfo,
  ): Extract<AskOutcome, { kind: 'failed' }> {
    const error = hybridError(code, message, id, privacy);
    this.emit('error', id, 'error', `${code}: ${message}`, { code });
    this.record({ kind: 'failed', at: this.clock.now(), summary, error, decision }, agent);
    return { kind: 'failed', error, decision };
  }

  private cancelled(id: string, summary: string, decision?: RoutingDecision, agent?: AgentTurnInfo): Extract<AskOutcome, { kind: 'cancelled' }> {
    this.emit('cancelled', id, 'info', 'cancelled by the user');
    this.record({ kind: 'cancelled', at: this.clock.now(), summary, correlationId: id, decision }, agent);
    return { kind: 'cancelled', correlationId: id, decision };
  }

  /** The edge of the core: an unexpected error becomes an `internal` outcome (never a stack trace, never prompt text). */
  private async guard<T extends RouteStep | AskOutcome>(req: AskRequest, run: () => Promise<T>): Promise<T | Extract<AskOutcome, { kind: 'failed' }>> {
    try {
      return await run();
    } catch (e) {
      const id = req.correlationId && isValidCorrelationId(req.correlationId) ? req.correlationId : newCorrelationId();
      return this.fail(id, 'internal', `Internal error in the router (${errorName(e)}); nothing was sent. See the Hybrid Agent log.`, 'internal', summarizeUnscanned('internal error', []));
    }
  }

  private record(record: RouteRecord, agent?: AgentTurnInfo): void {
    this.deps.log?.append(agent ? { ...record, agent } : record);
  }

  private emit(type: RouteEvent['type'], correlationId: string, level: RouteEvent['level'], message: string, data?: RouteEvent['data'], component = 'router'): void {
    this.deps.events?.emit(data ? { type, correlationId, level, component, message, data } : { type, correlationId, level, component, message });
  }
}

/** What the privacy gate reads of the settings. */
function privacyOptions(config: RouterConfig): PrivacyOptions {
  return { sensitiveFileGlobs: config.sensitiveFileGlobs, extraPatterns: config.extraPatterns, unknownTokenFormats: config.unknownTokenFormats };
}
