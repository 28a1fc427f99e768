/**
 * Maps a router outcome onto the chat: the route line after an answer (side, model, the one-sentence reason and
 * the usage; it survives VS Code folding the progress lines), each error once with its correlation id and the
 * buttons that fix it, and the ChatResult metadata ({decision, correlationId, path, privacy, …}) later turns and
 * follow-ups read. Metadata holds decisions (rule ids, positions, masked previews), never prompt text.
 */
import type { AskOutcome, ClassifyOutcome } from '../router/service';
import type { AgentResponse, HybridErrorCode, RoutingDecision, ServedPath } from '../router/types';
import { CLASSIFY_SENDS } from '../present/documents';
import { decisionMarkdown } from '../present/decision';
import { errorPlain } from '../present/errors';
import { routeHead, routeReason, usageLine } from '../present/route';
import { escapeMarkdown } from '../present/text';
import { FOOTER_MARKER } from './convert';

/** What a @hybrid result carries in `ChatResult.metadata`. */
export interface HybridChatMetadata {
  readonly correlationId: string;
  readonly command?: string;
  readonly decision?: RoutingDecision;
  readonly path?: ServedPath;
  readonly privacy?: string;
  readonly stickyRestricted: boolean;
  readonly isDemo?: boolean;
  readonly errorCode?: HybridErrorCode;
  /** "Ask the cloud instead" is offered only when this is true. */
  readonly canAskCloud: boolean;
}

/** Command ids the error buttons run (registered in extension.ts / commands). */
export interface FixCommands {
  readonly signIn: string;
  readonly setCloudApiKey: string;
  readonly openSettings: string;
  readonly checkLocalRuntime: string;
  readonly selectLocalModel: string;
  readonly openInLog: string;
}

export interface ResultContext {
  readonly command?: string;
  readonly stickyRestricted: boolean;
  /** Whether a cloud model exists and the mode allows it (privacy is checked separately). */
  readonly cloudUsable: boolean;
  readonly commands: FixCommands;
  readonly isDemo: (providerId: string) => boolean;
  /** How the person forced a side ("/cloud", "Hybrid (cloud)"), when they did. */
  readonly forced?: string;
  /** Which cloud the fix buttons are for: sign-in (Foundry) or an API key. Default: sign-in. */
  readonly cloudAuth?: 'signIn' | 'apiKey';
}

/** A command button, as VS Code's chat stream takes it. */
export interface CommandLike {
  readonly command: string;
  readonly title: string;
  readonly arguments?: unknown[];
}

/** The parts of a chat response stream the handler uses. */
export interface ChatStreamLike {
  progress(value: string): void;
  markdown(value: string): void;
  button(command: CommandLike): void;
}

/** The parts of a ChatResult the handler returns. */
export interface ChatResultLike {
  readonly errorDetails?: { readonly message: string };
  readonly metadata?: HybridChatMetadata;
}

/** "**local · phi-4-mini** · Kept on this device: a GitHub token in the selection (line 3). · _1.2 s · 340→120 tokens · $0 (local)_" */
export function routeMarkdown(r: Omit<AgentResponse, 'answer'>, isDemo: boolean, forced?: string): string {
  const refused = forced !== undefined && forced.includes('cloud') && r.decision.target === 'local';
  const reason = `${refused ? `${forced} was not used: ` : ''}${routeReason(r)}`;
  return `**${escapeMarkdown(routeHead(r, isDemo))}** · ${escapeMarkdown(reason)} · _${escapeMarkdown(usageLine(r))}_`;
}

export function toChatResult(outcome: AskOutcome, stream: ChatStreamLike, ctx: ResultContext): ChatResultLike {
  switch (outcome.kind) {
    case 'answered': {
      const r = outcome.response;
      const isDemo = ctx.isDemo(r.provider);
      stream.markdown(`${FOOTER_MARKER}${routeMarkdown(r, isDemo, ctx.forced)}`);
      const canAskCloud = ctx.cloudUsable && !ctx.stickyRestricted && r.decision.privacy !== 'restricted' && r.path !== 'cloud' && r.path !== 'cloud_fallback';
      return { metadata: metadata({ correlationId: r.correlationId, command: ctx.command, decision: r.decision, path: r.path, privacy: r.privacy, stickyRestricted: ctx.stickyRestricted, isDemo, canAskCloud }) };
    }
    case 'cancelled':
      return {};
    case 'failed': {
      const e = outcome.error;
      // Said once: the error box holds title, message and correlation id; the stream only adds the fixes.
      for (const button of fixButtons(e.code, e.correlationId, ctx.commands, ctx.cloudAuth)) { stream.button(button); }
      const canAskCloud = ctx.cloudUsable && !ctx.stickyRestricted && e.privacy !== 'restricted' && outcome.decision?.target === 'local';
      return {
        errorDetails: { message: errorPlain(e) },
        metadata: metadata({ correlationId: e.correlationId, command: ctx.command, decision: outcome.decision, privacy: outcome.decision?.privacy ?? e.privacy, stickyRestricted: ctx.stickyRestricted, errorCode: e.code, canAskCloud }),
      };
    }
  }
}

/** /explain: the decision, nothing sent to an answering model. */
export function toExplainResult(outcome: ClassifyOutcome, stream: ChatStreamLike, ctx: ResultContext): ChatResultLike {
  switch (outcome.kind) {
    case 'classified': {
      const d = outcome.decision;
      stream.markdown(decisionMarkdown(d, 'Where this would go') + `\n\n_${CLASSIFY_SENDS}_`);
      const canAskCloud = ctx.cloudUsable && !ctx.stickyRestricted && d.privacy !== 'restricted';
      return { metadata: metadata({ correlationId: d.correlationId, command: 'explain', decision: d, privacy: d.privacy, stickyRestricted: ctx.stickyRestricted, canAskCloud }) };
    }
    case 'cancelled':
      return {};
    case 'failed':
      return {
        errorDetails: { message: errorPlain(outcome.error) },
        metadata: metadata({ correlationId: outcome.error.correlationId, command: 'explain', privacy: outcome.error.privacy, stickyRestricted: ctx.stickyRestricted, errorCode: outcome.error.code, canAskCloud: false }),
      };
  }
}

/** Buttons that fix what went wrong: the cloud's fix is the sign-in or the API key, whichever is configured. */
export function fixButtons(code: HybridErrorCode, correlationId: string, c: FixCommands, cloudAuth: 'signIn' | 'apiKey' = 'signIn'): CommandLike[] {
  const log: CommandLike = { command: c.openInLog, title: 'Show in log', arguments: [correlationId] };
  const runtime: CommandLike = { command: c.checkLocalRuntime, title: 'Check local model' };
  const model: CommandLike = { command: c.selectLocalModel, title: 'Select local model' };
  const settings: CommandLike = { command: c.openSettings, title: 'Open settings' };
  const cloud: CommandLike = cloudAuth === 'apiKey' ? { command: c.setCloudApiKey, title: 'Set cloud API key' } : { command: c.signIn, title: 'Sign in to Azure' };
  switch (code) {
    case 'restricted_local_unavailable':
    case 'local_only_unavailable': return [runtime, model, settings, log];
    case 'all_providers_failed':
    case 'provider_failed': return [runtime, cloud, settings, log];
    case 'cloud_not_allowed': return [settings, log];
    case 'tools_unsupported': return [model, settings, log];
    case 'empty_prompt':
    case 'binary_content':
    case 'input_too_large': return [];
    case 'internal': return [log];
  }
}

function metadata(m: HybridChatMetadata): HybridChatMetadata {
  // Undefined fields are dropped so the metadata stays plain JSON.
  return JSON.parse(JSON.stringify(m)) as HybridChatMetadata;
}

/** Reads our metadata back from a ChatResult (follow-ups, history). */
export function readMetadata(result: { readonly metadata?: unknown } | undefined): HybridChatMetadata | undefined {
  const m = result?.metadata as { readonly correlationId?: unknown } | undefined;
  return m && typeof m === 'object' && typeof m.correlationId === 'string' ? (m as HybridChatMetadata) : undefined;
}
