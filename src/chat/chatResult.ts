/**
 * Maps a router outcome onto the chat: footer after an answer, readable error with buttons that fix things,
 * and the ChatResult metadata ({decision, correlationId, path, privacy, …}) later turns and follow-ups read.
 * Metadata holds decisions (rule ids, positions, masked previews), never prompt text.
 */
import type * as vscode from 'vscode';
import type { AskOutcome, ClassifyOutcome } from '../router/service';
import type { HybridErrorCode, RoutingDecision, ServedPath } from '../router/types';
import { FOOTER_MARKER } from './convert';
import { decisionMarkdown, errorMarkdown, errorTitle, escapeMarkdown, footerLine } from './render';

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
}

type Stream = Pick<vscode.ChatResponseStream, 'markdown' | 'button'>;

export function toChatResult(outcome: AskOutcome, stream: Stream, ctx: ResultContext): vscode.ChatResult {
  switch (outcome.kind) {
    case 'answered': {
      const r = outcome.response;
      const isDemo = r.provider.startsWith('demo');
      if (ctx.command === 'cloud' && r.decision.target === 'local') {
        stream.markdown(`\n\n> **/cloud was not used:** ${escapeMarkdown(r.decision.reason)}`);
      }
      stream.markdown(`${FOOTER_MARKER}_${escapeMarkdown(footerLine(r, isDemo))}_`);
      const canAskCloud = ctx.cloudUsable && !ctx.stickyRestricted && r.decision.privacy !== 'restricted' && r.path !== 'cloud' && r.path !== 'cloud_fallback';
      return { metadata: metadata({ correlationId: r.correlationId, command: ctx.command, decision: r.decision, path: r.path, privacy: r.privacy, stickyRestricted: ctx.stickyRestricted, isDemo, canAskCloud }) };
    }
    case 'cancelled':
      return {};
    case 'failed': {
      const e = outcome.error;
      stream.markdown(errorMarkdown(e));
      for (const button of fixButtons(e.code, e.correlationId, ctx.commands)) { stream.button(button); }
      const canAskCloud = ctx.cloudUsable && !ctx.stickyRestricted && e.privacy !== 'restricted' && outcome.decision?.target === 'local';
      return {
        errorDetails: { message: `${errorTitle(e.code)} (correlation id ${e.correlationId}).` },
        metadata: metadata({ correlationId: e.correlationId, command: ctx.command, decision: outcome.decision, privacy: outcome.decision?.privacy ?? e.privacy, stickyRestricted: ctx.stickyRestricted, errorCode: e.code, canAskCloud }),
      };
    }
  }
}

/** /explain: the decision, nothing sent. */
export function toExplainResult(outcome: ClassifyOutcome, stream: Stream, ctx: ResultContext): vscode.ChatResult {
  switch (outcome.kind) {
    case 'classified': {
      const d = outcome.decision;
      stream.markdown(decisionMarkdown(d, 'Where this would go') + '\n\n_Nothing was sent to any answering model._');
      const canAskCloud = ctx.cloudUsable && !ctx.stickyRestricted && d.privacy !== 'restricted';
      return { metadata: metadata({ correlationId: d.correlationId, command: 'explain', decision: d, privacy: d.privacy, stickyRestricted: ctx.stickyRestricted, canAskCloud }) };
    }
    case 'cancelled':
      return {};
    case 'failed':
      stream.markdown(errorMarkdown(outcome.error));
      return {
        errorDetails: { message: `${errorTitle(outcome.error.code)} (correlation id ${outcome.error.correlationId}).` },
        metadata: metadata({ correlationId: outcome.error.correlationId, command: 'explain', privacy: outcome.error.privacy, stickyRestricted: ctx.stickyRestricted, errorCode: outcome.error.code, canAskCloud: false }),
      };
  }
}

/** Buttons that fix what went wrong. */
export function fixButtons(code: HybridErrorCode, correlationId: string, c: FixCommands): vscode.Command[] {
  const log: vscode.Command = { command: c.openInLog, title: 'Show in log', arguments: [correlationId] };
  const runtime: vscode.Command = { command: c.checkLocalRuntime, title: 'Check local model' };
  const model: vscode.Command = { command: c.selectLocalModel, title: 'Select local model' };
  const settings: vscode.Command = { command: c.openSettings, title: 'Open settings' };
  const signIn: vscode.Command = { command: c.signIn, title: 'Sign in to Azure' };
  switch (code) {
    case 'restricted_local_unavailable':
    case 'local_only_unavailable': return [runtime, model, settings, log];
    case 'all_providers_failed':
    case 'provider_failed': return [runtime, signIn, settings, log];
    case 'cloud_not_allowed': return [settings, log];
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
export function readMetadata(result: { readonly metadata?: { readonly [key: string]: unknown } } | undefined): HybridChatMetadata | undefined {
  const m = result?.metadata;
  return m && typeof m.correlationId === 'string' ? (m as unknown as HybridChatMetadata) : undefined;
}
