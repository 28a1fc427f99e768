/**
 * The only place VS Code chat shapes become router types. Values are recognised by shape, not instanceof, so the
 * conversions run in unit tests without VS Code. File access is injected (participant.ts passes workspace.fs).
 *
 * Everything that would be sent ends up in the AskRequest — prompt, every reference (including the implicit
 * `vscode.implicit.*` ones), replayed history — so the privacy gate scans all of it.
 */
import type { AskRequest, ChatTurn, ContextReference, ReferenceKind } from '../router/types';
import { forcedTarget } from './lmModels';

/** Structural views of vscode.Uri / Range / Location. */
export interface UriLike { readonly scheme: string; readonly path: string; readonly fsPath: string; toString(): string }
export interface PositionLike { readonly line: number; readonly character: number }
export interface RangeLike { readonly start: PositionLike; readonly end: PositionLike }
export interface LocationLike { readonly uri: UriLike; readonly range: RangeLike }

/** Reads what a reference points at. `readRange` returns the live editor text when the document is open. */
export interface ReferenceReader {
  /** Whole file as bytes (bounded by the caller); undefined when it cannot be read. */
  readFile(uri: UriLike, maxBytes: number): Promise<Uint8Array | undefined>;
  /** Text of a range (open editors first, so unsaved edits count); undefined when it cannot be read. */
  readRange(uri: UriLike, range: RangeLike): Promise<string | undefined>;
  /** Workspace-relative display path. */
  relativePath(uri: UriLike): string;
}

export interface PromptReferenceLike { readonly id: string; readonly value: unknown; readonly modelDescription?: string }

/** Per-reference cap: enough for any source file; larger files are truncated and say so. */
export const MAX_REFERENCE_BYTES = 2 * 1024 * 1024;

export function isUri(v: unknown): v is UriLike {
  return typeof v === 'object' && v !== null && typeof (v as UriLike).scheme === 'string' && typeof (v as UriLike).path === 'string' && typeof (v as UriLike).fsPath === 'string';
}

export function isLocation(v: unknown): v is LocationLike {
  const loc = v as LocationLike;
  return typeof v === 'object' && v !== null && isUri(loc.uri) && typeof loc.range === 'object' && loc.range !== null && typeof loc.range.start?.line === 'number';
}

function kindOf(id: string, value: unknown): ReferenceKind {
  if (id.includes('selection')) { return 'selection'; }
  if (id.startsWith('vscode.implicit')) { return 'implicit'; }
  if (isUri(value)) { return 'file'; }
  return 'snippet';
}

/** Decodes bytes as UTF-8 without dropping NUL bytes, so the gate can still see binary content. */
export function decodeText(bytes: Uint8Array): string {
  return new TextDecoder('utf-8', { fatal: false }).decode(bytes);
}

/** One chat reference → ContextReference with its content read (or only its name when unreadable). */
export async function toContextReference(ref: PromptReferenceLike, reader: ReferenceReader): Promise<ContextReference> {
  const kind = kindOf(ref.id, ref.value);
  const value = ref.value;
  if (typeof value === 'string') {
    return { kind, name: ref.id, content: value, id: ref.id };
  }
  if (isLocation(value)) {
    const path = reader.relativePath(value.uri);
    const content = await reader.readRange(value.uri, value.range);
    const name = kind === 'selection' ? 'selection' : `${path}:${value.range.start.line + 1}-${value.range.end.line + 1}`;
    return { kind, name, path, content, startLine: value.range.start.line + 1, id: ref.id };
  }
  if (isUri(value)) {
    const path = reader.relativePath(value);
    const bytes = await reader.readFile(value, MAX_REFERENCE_BYTES + 1);
    if (!bytes) { return { kind, name: path, path, id: ref.id }; }
    const truncated = bytes.length > MAX_REFERENCE_BYTES;
    const content = decodeText(truncated ? bytes.subarray(0, MAX_REFERENCE_BYTES) : bytes);
    return { kind, name: truncated ? `${path} (first ${MAX_REFERENCE_BYTES / 1024 / 1024} MB)` : path, path, content, startLine: 1, id: ref.id };
  }
  // Unknown value types are not sent, but their id still names them for the gate and the log.
  return { kind, name: ref.id, id: ref.id };
}

/** All references, deduplicated (the implicit file and an explicit #file of the same file are sent once). */
export async function toContextReferences(refs: readonly PromptReferenceLike[], reader: ReferenceReader): Promise<ContextReference[]> {
  const seen = new Set<string>();
  const out: ContextReference[] = [];
  for (const ref of refs) {
    const key = referenceKey(ref);
    if (key && seen.has(key)) { continue; }
    if (key) { seen.add(key); }
    out.push(await toContextReference(ref, reader));
  }
  return out;
}

function referenceKey(ref: PromptReferenceLike): string | undefined {
  const v = ref.value;
  if (isLocation(v)) { return `${v.uri.toString()}#${v.range.start.line}:${v.range.start.character}-${v.range.end.line}:${v.range.end.character}`; }
  if (isUri(v)) { return v.toString(); }
  return undefined;
}

// ---------------------------------------------------------------------------------------------------------------
// History

/** Structural views of ChatRequestTurn / ChatResponseTurn. */
export interface RequestTurnLike { readonly prompt: string; readonly participant: string; readonly command?: string }
export interface ResponseTurnLike {
  readonly response: readonly unknown[];
  readonly result: { readonly metadata?: { readonly [key: string]: unknown } };
  readonly participant: string;
  readonly command?: string;
}

export function isRequestTurn(t: unknown): t is RequestTurnLike {
  return typeof t === 'object' && t !== null && typeof (t as RequestTurnLike).prompt === 'string';
}

export function isResponseTurn(t: unknown): t is ResponseTurnLike {
  return typeof t === 'object' && t !== null && Array.isArray((t as ResponseTurnLike).response) && typeof (t as ResponseTurnLike).result === 'object';
}

/** The footer the participant writes after an answer; stripped from replayed history. */
export const FOOTER_MARKER = '\n\n---\n';

/** Markdown text of a response turn (markdown parts only), without the footer. */
export function responseText(turn: ResponseTurnLike): string {
  const text = turn.response.map(part => {
    const value = (part as { value?: unknown }).value;
    if (typeof value === 'string') { return value; }
    if (typeof value === 'object' && value !== null && typeof (value as { value?: unknown }).value === 'string') { return (value as { value: string }).value; }
    return '';
  }).join('');
  const footerAt = text.lastIndexOf(FOOTER_MARKER);
  return (footerAt >= 0 ? text.slice(0, footerAt) : text).trim();
}

/** Turns of this participant → ChatTurns to replay. /explain turns are skipped: they sent nothing and answer nothing. */
export function toChatTurns(history: readonly unknown[], participantId: string): ChatTurn[] {
  const turns: ChatTurn[] = [];
  for (const turn of history) {
    if (isResponseTurn(turn)) {
      if (turn.participant !== participantId || turn.command === 'explain') { continue; }
      const content = responseText(turn);
      if (content) { turns.push({ role: 'assistant', content }); }
    } else if (isRequestTurn(turn)) {
      if (turn.participant !== participantId || turn.command === 'explain') { continue; }
      if (turn.prompt.trim()) { turns.push({ role: 'user', content: turn.prompt }); }
    }
  }
  return turns;
}

/** Once a secret appeared in this conversation (any earlier result was restricted), it stays local. */
export function hadRestrictedTurn(history: readonly unknown[], participantId: string): boolean {
  return history.some(t => isResponseTurn(t) && t.participant === participantId &&
    (t.result.metadata?.privacy === 'restricted' || t.result.metadata?.stickyRestricted === true));
}

// ---------------------------------------------------------------------------------------------------------------
// A chat request

export interface ChatRequestLike {
  readonly prompt: string;
  readonly command?: string;
  readonly references: readonly PromptReferenceLike[];
  readonly model?: { readonly vendor: string; readonly id: string };
  /** Tools the person attached (`#tool`): offered to the model besides the extension's own. */
  readonly toolReferences?: readonly { readonly name: string }[];
  /** Passed back to VS Code when a tool runs, so the chat shows it in this response. */
  readonly toolInvocationToken?: unknown;
}

/** The LM vendor and model ids of our own "Hybrid" models: picking hybrid-local / hybrid-cloud forces that side. */
export const HYBRID_VENDOR = 'hybrid-agent';

function forceOf(request: ChatRequestLike, vendor: string): AskRequest['force'] {
  if (request.command === 'local' || request.command === 'cloud') { return request.command; }
  return request.model?.vendor === vendor ? forcedTarget(request.model.id) : undefined;
}

/** A @hybrid request with its references read and its history converted; /refactor frames the prompt. */
export async function toAskRequest(
  request: ChatRequestLike, history: readonly unknown[], reader: ReferenceReader, participantId: string, correlationId: string,
): Promise<AskRequest> {
  const prompt = request.command === 'refactor' ? `Refactor the attached code. ${request.prompt}`.trim() : request.prompt;
  return {
    prompt,
    references: await toContextReferences(request.references, reader),
    history: toChatTurns(history, participantId),
    force: forceOf(request, HYBRID_VENDOR),
    stickyRestricted: hadRestrictedTurn(history, participantId) || undefined,
    correlationId,
  };
}
