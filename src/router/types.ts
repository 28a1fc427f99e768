/**
 * Records and ports of the routing core. Pure TypeScript: nothing here (or anywhere under src/router)
 * may import 'vscode'. The JSON contracts (RoutingDecision, AgentResponse, the error object) are fixed by
 * shared/DESIGN.md; the CLI prints them exactly.
 */

/** Where a request is served. */
export type Target = 'local' | 'cloud';
/** Privacy class of everything a request would send. `restricted` never reaches the cloud. */
export type Privacy = 'public' | 'internal' | 'restricted';
/** Complexity band from stage 1 (or the router model). */
export type Complexity = 'low' | 'medium' | 'high' | 'very_high';
/** Which stage made the final decision. */
export type Stage = 'privacy-gate' | 'heuristic' | 'router-model' | 'policy' | 'redaction';
/** What a restricted request may do when its decision would otherwise be the cloud (`privacy.onSecret`). */
export type OnSecret = 'stayLocal' | 'redactForCloud';
/** Routing mode chosen by the person (settings / `--mode`). */
export type Mode = 'auto' | 'localOnly' | 'preferLocal' | 'preferCloud';
/** How an answer was served. `local_fallback`: cloud attempted and failed, local answered; `cloud_fallback`: the reverse. */
export type ServedPath = 'local' | 'cloud' | 'local_fallback' | 'cloud_fallback';
/** What kind of sensitive content a finding is. */
export type FindingKind = 'secret' | 'pii' | 'sensitive-file' | 'marker';

/** One thing the privacy gate found. Never carries the sensitive value: rule id, position and a masked preview only. */
export interface Finding {
  /** Rule id, e.g. `github-token`, `connection-string-password`. */
  readonly rule: string;
  readonly kind: FindingKind;
  /**
   * Which part of the request: `prompt`, `selection`, `reference:<name>`, `history:<index>`, `instructions`,
   * `tool-call:<tool>` (a call's arguments), `tool-result:<tool>`.
   */
  readonly source: string;
  /** 1-based line within that source (for a reference: within the file when its start line is known). */
  readonly line: number;
  /** 1-based column. */
  readonly column: number;
  /** Masked preview such as `ghp_****…(40 chars)`; never enough to recover the value. */
  readonly preview: string;
  /**
   * Recorded, but does not restrict: a sensitive file name whose content was read and holds no secret (a `.env`
   * of placeholders, a `.pem` of certificates). Such a request is `internal`, and the finding names the file.
   */
  readonly advisory?: true;
}

/** Findings that make a request restricted (every finding but an advisory one). */
export function restrictingFindings(findings: readonly Finding[]): readonly Finding[] {
  return findings.filter(f => f.advisory !== true);
}

/** A complexity (or routing) signal that fired, with its weight in the score. */
export interface Signal {
  readonly id: string;
  readonly weight: number;
  /** Short human detail, e.g. `3 files`, `~12k tokens`. Never prompt text. */
  readonly detail?: string;
}

/** What the stage-2 router model said (or why it was not used / failed). */
export interface RouterModelVerdict {
  readonly used: boolean;
  readonly target?: Target;
  readonly confidence?: number;
  readonly latencyMs?: number;
  /** Why the verdict was not applied: `skipped: trivial prompt`, `timeout after 1500 ms`, `malformed JSON`, `below threshold 0.6`. */
  readonly error?: string;
}

/** The routing decision contract (DESIGN.md). */
export interface RoutingDecision {
  readonly target: Target;
  readonly privacy: Privacy;
  readonly complexity: Complexity;
  /** 0..1 */
  readonly confidence: number;
  /** One sentence a person understands. */
  readonly reason: string;
  /** True when no model was consulted for the final target. */
  readonly deterministic: boolean;
  readonly stage: Stage;
  readonly findings: readonly Finding[];
  readonly signals: readonly Signal[];
  readonly routerModel: RouterModelVerdict;
  readonly correlationId: string;
  /** Present when the request goes to the cloud as a redacted copy: how many values were replaced, by which rules. */
  readonly redaction?: RedactionSummary;
}

/** Counts and rule ids of a redaction; never a value, never which placeholder stands for what. */
export interface RedactionSummary {
  readonly count: number;
  readonly rules: readonly string[];
}

/** The answer contract (DESIGN.md). */
export interface AgentResponse {
  readonly answer: string;
  readonly path: ServedPath;
  readonly model: string;
  readonly provider: string;
  readonly reason: string;
  readonly confidence: number;
  readonly latencyMs: number;
  readonly correlationId: string;
  readonly privacy: Privacy;
  readonly complexity: Complexity;
  readonly promptTokens: number;
  readonly completionTokens: number;
  /** Estimate in US dollars; 0 for local. */
  readonly costUsd: number;
  readonly fallback: boolean;
  readonly fallbackReason: string | null;
  readonly decision: RoutingDecision;
  /** Present when the model asked for tools instead of (or besides) answering: run them, then send the next turn. */
  readonly toolCalls?: readonly ToolCall[];
}

/** Codes of structured errors surfaced to people (CLI JSON, chat, commands). */
export type HybridErrorCode =
  | 'empty_prompt'
  | 'binary_content'
  | 'input_too_large'
  | 'restricted_local_unavailable'
  | 'local_only_unavailable'
  | 'cloud_not_allowed'
  | 'all_providers_failed'
  | 'provider_failed'
  | 'tools_unsupported'
  | 'internal';

/** The error contract: `{ "error": { code, message, correlationId, privacy } }`. The message never holds a secret. */
export interface HybridError {
  readonly code: HybridErrorCode;
  readonly message: string;
  readonly correlationId: string;
  readonly privacy: Privacy;
}

// ---------------------------------------------------------------------------------------------------------------
// Requests

/** A role in a replayed conversation. `tool`: the result of a tool call, sent back to the model. */
export type TurnRole = 'user' | 'assistant' | 'tool';

/** One earlier turn that would be replayed to the model. */
export interface ChatTurn {
  readonly role: TurnRole;
  /** Text of the turn; for a `tool` turn, the tool's result. May be empty for an assistant turn that only called tools. */
  readonly content: string;
  /** Assistant turns: the tools the model called. Their arguments are scanned as source `tool-call:<name>`. */
  readonly toolCalls?: readonly ToolCall[];
  /** Tool turns: the call this is the result of. */
  readonly toolCallId?: string;
  /** Tool turns: the tool's name, so a finding reads `tool-result:<name>` (resolved from the call when absent). */
  readonly toolName?: string;
}

// ---------------------------------------------------------------------------------------------------------------
// Tools (agent turns)

/** A function tool offered to the model: the OpenAI function-tool fields, without the `{type:'function'}` wrapper. */
export interface ToolSpec {
  readonly name: string;
  readonly description?: string;
  /** JSON schema of the arguments object. */
  readonly parameters?: Readonly<Record<string, unknown>>;
}

/** `auto`: the model may call tools; `required`: it must call at least one. */
export type ToolMode = 'auto' | 'required';

/** A tool call the model asked for. `arguments` is the parsed JSON object (a model's malformed JSON is an error). */
export interface ToolCall {
  readonly id: string;
  readonly name: string;
  readonly arguments: Readonly<Record<string, unknown>>;
}

/** What a reference is, independent of VS Code. */
export type ReferenceKind = 'selection' | 'file' | 'snippet' | 'implicit';

/** Context attached to a request: a selection, a file, an implicit reference (`vscode.implicit.*`). */
export interface ContextReference {
  readonly kind: ReferenceKind;
  /** Display name, usually a workspace-relative path or `selection`. Its file name counts for sensitive-file rules. */
  readonly name: string;
  /** File path when the reference is a file (absolute or relative); basename is matched against sensitive-file rules. */
  readonly path?: string;
  /** Text content that would be sent. Undefined when only the name is known. */
  readonly content?: string;
  /** 1-based line in the file where `content` starts (for a selection), so findings point at the real line. */
  readonly startLine?: number;
  /** Origin id, e.g. `vscode.implicit.selection`, `vscode.file`, `cli.file`. Informational. */
  readonly id?: string;
}

/** A request to route (and maybe answer). Built by the chat layer, the commands and the CLI. */
export interface AskRequest {
  readonly prompt: string;
  /** The caller's own system instructions (an agent's system message): sent after ours, scanned as `instructions`. */
  readonly instructions?: string;
  readonly references?: readonly ContextReference[];
  readonly history?: readonly ChatTurn[];
  /** Per-request override (`/local`, `/cloud`, `--force`). Force cloud is still privacy-gated. */
  readonly force?: Target;
  /** Per-request mode override; otherwise the configured mode. */
  readonly mode?: Mode;
  /** A conversation that already carried a secret stays local (chat layer sets this). */
  readonly stickyRestricted?: boolean;
  /** Reuse an id (e.g. re-run); otherwise the service makes one. */
  readonly correlationId?: string;
  /** Tools the model may call this turn (agent mode). Sent to the chosen provider as function tools. */
  readonly tools?: readonly ToolSpec[];
  readonly toolMode?: ToolMode;
  /** Set by agent loops: which loop and turn this request is, so the tree groups the turns of one request. */
  readonly agentTurn?: AgentTurnRef;
}

/** Where a request sits in an agent loop. The turns of one chat request share `sessionId`; `turn` counts from 1. */
export interface AgentTurnRef {
  readonly sessionId: string;
  readonly turn: number;
}

// ---------------------------------------------------------------------------------------------------------------
// Configuration

/** Estimated price of a model in US dollars per million tokens. */
export interface ModelPrice {
  readonly inputPerMTok: number;
  readonly outputPerMTok: number;
}

/** Plain routing configuration. Built by src/config.ts (VS Code) or src/cli.ts (flags + env). */
export interface RouterConfig {
  readonly mode: Mode;
  /** Router-model verdicts below this confidence are ignored (default 0.6). */
  readonly confidenceThreshold: number;
  /** Router-model time limit in ms (default 1500). */
  readonly routerTimeoutMs: number;
  /** Whether the router model (stage 2) is consulted at all. */
  readonly routerModelEnabled: boolean;
  /** Local failed and not restricted → try the cloud. */
  readonly fallbackToCloud: boolean;
  /** Cloud failed → try local. */
  readonly fallbackToLocal: boolean;
  /** Local model context window in tokens; larger requests go to the cloud unless restricted. */
  readonly localContextTokens: number;
  /** Daily cloud budget in USD; 0 or less means no cap. */
  readonly dailyBudgetUsd: number;
  /** Price table keyed by model name; unknown models use `default`. */
  readonly prices: Readonly<Record<string, ModelPrice>>;
  /** Extra sensitive-file globs (matched against the path and the basename). */
  readonly sensitiveFileGlobs: readonly string[];
  /** Extra secret patterns (JavaScript regular expression sources) from the person. */
  readonly extraPatterns: readonly string[];
  /**
   * Also treat long generated tokens behind a prefix no rule knows (`acme_…`, `xyz-…`) as secrets: more recall on
   * provider formats nobody listed, at the cost of some look-alikes. Off by default.
   */
  readonly unknownTokenFormats?: boolean;
  /** Upper bound on output tokens requested from a provider. */
  readonly maxOutputTokens: number;
  /** `redactForCloud`: a restricted request bound for the cloud goes as a redacted copy. Default `stayLocal`. */
  readonly onSecret?: OnSecret;
}

// ---------------------------------------------------------------------------------------------------------------
// Ports implemented outside the router

/**
 * Chat message sent to a provider. Content is a non-empty string, except for an assistant message that only calls
 * tools. Tool calls and results travel structurally (assistant `tool_calls`, `tool` messages), never as text.
 */
export interface ProviderMessage {
  readonly role: 'system' | 'user' | 'assistant' | 'tool';
  readonly content: string;
  /** Assistant messages: the tool calls the model made. */
  readonly toolCalls?: readonly ToolCall[];
  /** Tool messages: the call this is the result of. */
  readonly toolCallId?: string;
}

/** JSON-schema structured output, for the router model. */
export interface JsonSchemaFormat {
  readonly name: string;
  readonly schema: Record<string, unknown>;
}

/** One chat completion request to a provider. */
export interface ProviderRequest {
  readonly messages: readonly ProviderMessage[];
  /** Output cap; cloud providers send it as `max_completion_tokens`. */
  readonly maxTokens?: number;
  readonly temperature?: number;
  /** Ask for JSON matching a schema where the runtime supports it. */
  readonly jsonSchema?: JsonSchemaFormat;
  /** What the call is for; providers may pick a different model for `route` (the router model). */
  readonly purpose: 'answer' | 'route';
  /** Correlation id, for the provider's own log lines. */
  readonly correlationId?: string;
  /** Function tools the model may call; a provider that cannot offer tools throws ProviderError `tools-unsupported`. */
  readonly tools?: readonly ToolSpec[];
  readonly toolMode?: ToolMode;
}

/** Token usage reported by a provider. */
export interface Usage {
  readonly promptTokens: number;
  readonly completionTokens: number;
}

/** A piece of a streamed answer: text as it arrives, then one `done` with the model that answered. */
export type ChatEvent =
  | { readonly kind: 'text'; readonly text: string }
  | { readonly kind: 'tool_call'; readonly call: ToolCall }
  | { readonly kind: 'done'; readonly model: string; readonly usage?: Usage };

/** Result of a cheap reachability check. */
export interface ProbeResult {
  readonly available: boolean;
  /** Model that would answer, when known. */
  readonly model?: string;
  /** Why not available, with what to do (names the setting or the `foundry` command). */
  readonly detail?: string;
  /** Available, but something looks off (e.g. the model name is not in the server's list), with what to do. */
  readonly warning?: string;
  /** Models the server (or catalog) lists, when it says. */
  readonly models?: readonly string[];
}

/** Identifies a backend. */
export type ProviderId = 'demo-local' | 'demo-cloud' | 'openai-local' | 'foundry-local' | 'foundry-cloud' | 'openai-cloud';

/** A model backend. Implemented in src/providers; the router never imports one. */
export interface ModelProvider {
  readonly id: ProviderId;
  readonly target: Target;
  /** Human label, e.g. `Foundry Local · phi-4-mini`, or `Demo local model (demo)`. */
  readonly label: string;
  /** Model name that will be reported when the provider cannot tell. */
  readonly model: string;
  /** True for the built-in demo stubs: every surface labels their answers as demo. */
  readonly isDemo: boolean;
  /** Never throws; reports unavailability in the result. */
  probe(signal: AbortSignal): Promise<ProbeResult>;
  /** Streams a completion. Throws ProviderError only (or an abort error when `signal` fires). */
  chat(req: ProviderRequest, signal: AbortSignal): AsyncIterable<ChatEvent>;
}

/** Time source, injectable for tests. */
export interface Clock {
  now(): number;
}

/** Structured event of the routing log. Holds no prompt text and no secret. */
export interface RouteEvent {
  readonly type: 'decision' | 'provider-call' | 'provider-result' | 'fallback' | 'error' | 'cancelled' | 'router-model' | 'budget';
  readonly correlationId: string;
  readonly level: 'trace' | 'debug' | 'info' | 'warn' | 'error';
  /** Component tag for the log line: `router`, `foundryLocal`, `foundryCloud`, `openai`, `demo`. */
  readonly component: string;
  readonly message: string;
  /** Small, redacted key/values (ids, targets, timings, sizes, rule ids). */
  readonly data?: Readonly<Record<string, string | number | boolean | null>>;
}

/** Where the service writes structured events (log channel, stderr, memory). */
export interface EventSink {
  emit(event: RouteEvent): void;
}
