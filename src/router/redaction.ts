/**
 * Redaction for the cloud (opt-in, `privacy.onSecret` = `redactForCloud`): every secret and PII value the privacy
 * gate pointed at is replaced by a placeholder `⟦SECRET_n⟧` / `⟦PII_n⟧`, the same value by the same placeholder,
 * and the placeholders in the answer are put back on the device (restore.ts). Values live only in a
 * PlaceholderVault, which never prints them.
 */
import type { RequestSpans } from './privacyGate';
import type { ValueSpan } from './privacy/sources';
import { PLACEHOLDER } from './privacy/placeholders';
import type { AskRequest, ContextReference } from './types';

export { PLACEHOLDER };

/** Values and their placeholders for one conversation. Kept on the device; prints counts only. */
export class PlaceholderVault {
  readonly #byValue = new Map<string, string>();
  readonly #byPlaceholder = new Map<string, string>();
  #secrets = 0;
  #pii = 0;

  /** The placeholder of `value`: the one it already has, else the next free one of its kind. */
  placeholderFor(value: string, kind: ValueSpan['kind']): string {
    const known = this.#byValue.get(value);
    if (known !== undefined) {
      return known;
    }
    const placeholder = kind === 'pii' ? `\u27e6PII_${++this.#pii}\u27e7` : `\u27e6SECRET_${++this.#secrets}\u27e7`;
    this.#byValue.set(value, placeholder);
    this.#byPlaceholder.set(placeholder, value);
    return placeholder;
  }

  /** The value behind a placeholder this vault handed out, else undefined. */
  valueOf(placeholder: string): string | undefined {
    return this.#byPlaceholder.get(placeholder);
  }

  get size(): number {
    return this.#byValue.size;
  }

  /** Never the values, whatever serialises the vault. */
  toJSON(): { readonly placeholders: number } {
    return { placeholders: this.size };
  }
}

/** A redacted text: what replaced what is in the vault; here only which placeholders and rules were used. */
export interface RedactedText {
  readonly text: string;
  readonly placeholders: readonly string[];
  readonly rules: readonly string[];
}

/** Replaces every span of `text` by its value's placeholder. Overlapping spans are one value (secret wins over PII). */
export function redactText(text: string, spans: readonly ValueSpan[], vault: PlaceholderVault): RedactedText {
  const sorted = [...spans].sort((a, b) => a.start - b.start || b.end - a.end);
  const placeholders: string[] = [];
  const rules: string[] = [];
  let out = '';
  let at = 0;
  for (let i = 0; i < sorted.length;) {
    const start = sorted[i].start;
    let end = sorted[i].end;
    let kind = sorted[i].kind;
    for (; i < sorted.length && sorted[i].start < end; i++) {
      end = Math.max(end, sorted[i].end);
      kind = sorted[i].kind === 'secret' ? 'secret' : kind;
      rules.push(sorted[i].rule);
    }
    const placeholder = vault.placeholderFor(text.slice(start, end), kind);
    placeholders.push(placeholder);
    out += text.slice(at, start) + placeholder;
    at = end;
  }
  return { text: out + text.slice(at), placeholders, rules };
}

/** A request ready for the cloud, or why it cannot be made one. */
export type RequestRedaction =
  | { readonly kind: 'redacted'; readonly request: AskRequest; readonly count: number; readonly rules: readonly string[] }
  | { readonly kind: 'refused'; readonly reason: string };

/**
 * The redacted copy of a request. Parts are numbered in conversation order (history, then references, then the
 * prompt), so a replayed conversation gets the same placeholders every turn. Refused when a finding has no value
 * span, or when the text already holds something shaped like a placeholder (restoring could not tell them apart).
 */
export function redactRequest(req: AskRequest, spans: RequestSpans, vault: PlaceholderVault): RequestRedaction {
  if (spans.unspanned.length > 0) {
    const rules = [...new Set(spans.unspanned)].slice(0, 5).join(', ');
    return { kind: 'refused', reason: `a finding has no value a placeholder could replace (${rules})` };
  }
  const texts = [...(req.history ?? []).map(t => t.content), ...(req.references ?? []).map(r => r.content ?? ''), req.prompt];
  if (texts.some(hasPlaceholderShape)) {
    return { kind: 'refused', reason: 'the request already contains text shaped like a redaction placeholder' };
  }
  const used = new Set<string>();
  const rules = new Set<string>();
  const apply = (text: string, partSpans: readonly ValueSpan[] | undefined): string => {
    if (!partSpans || partSpans.length === 0) {
      return text;
    }
    const redacted = redactText(text, partSpans, vault);
    redacted.placeholders.forEach(p => used.add(p));
    redacted.rules.forEach(r => rules.add(r));
    return redacted.text;
  };
  const history = (req.history ?? []).map((turn, i) => ({ ...turn, content: apply(turn.content, spans.history[i]) }));
  const references = (req.references ?? []).map((ref, i): ContextReference =>
    ref.content === undefined ? ref : { ...ref, content: apply(ref.content, spans.references[i]) });
  const prompt = apply(req.prompt, spans.prompt);
  const request: AskRequest = {
    ...req, prompt,
    ...(req.references ? { references } : {}),
    ...(req.history ? { history } : {}),
  };
  return { kind: 'redacted', request, count: used.size, rules: [...rules] };
}

function hasPlaceholderShape(text: string): boolean {
  PLACEHOLDER.lastIndex = 0;
  return text.includes('\u27e6') && PLACEHOLDER.test(text);
}
