/**
 * Redaction for the cloud (opt-in, `privacy.onSecret` = `redactForCloud`): every secret and PII value the privacy
 * gate pointed at is replaced by a placeholder `⟦SECRET_n⟧` / `⟦PII_n⟧`, the same value by the same placeholder,
 * and the placeholders in the answer are put back on the device (restore.ts). Values live only in a
 * PlaceholderVault, which never prints them.
 */
import type { RequestSpans } from './privacyGate';
import type { ValueSpan } from './privacy/sources';
import { encodedForms, runAround, type EncodedForm, type RunAlphabet } from './privacy/encodedForms';
import { PLACEHOLDER } from './privacy/placeholders';
import { valueAt, withStrings, type ArgumentLeaf } from './toolParts';
import type { AskRequest, ChatTurn, ContextReference } from './types';

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

/** One text of a request that redaction may rewrite, with its spans. */
interface Slot {
  readonly text: string;
  readonly spans: readonly ValueSpan[];
}

/**
 * The redacted copy of a request. Parts are numbered in conversation order (instructions, then each history turn
 * with the string arguments of its tool calls, then references, then the prompt), so a replayed conversation gets
 * the same placeholders every turn. Refused when a finding has no value span, or when the text already holds
 * something shaped like a placeholder (restoring could not tell them apart). A value found in one part is replaced
 * wherever it appears, in every part.
 */
export function redactRequest(req: AskRequest, spans: RequestSpans, vault: PlaceholderVault): RequestRedaction {
  if (spans.unspanned.length > 0) {
    const rules = [...new Set(spans.unspanned)].slice(0, 5).join(', ');
    return { kind: 'refused', reason: `a finding has no value a placeholder could replace (${rules})` };
  }
  const slots: Slot[] = [];
  const take = (text: string, textSpans: readonly ValueSpan[] | undefined): number => slots.push({ text, spans: textSpans ?? [] }) - 1;
  const instructionsAt = typeof req.instructions === 'string' ? take(req.instructions, spans.instructions) : -1;
  const historyAt = (req.history ?? []).map((turn, i) => ({
    content: take(turn.content, spans.history[i]),
    calls: (spans.toolArguments[i] ?? []).map((call, c) =>
      call.leaves.map((leaf, j) => (leaf.isString ? take(String(valueAt(turn.toolCalls?.[c]?.arguments, leaf.path)), call.spans[j]) : -1))),
  }));
  const referencesAt = (req.references ?? []).map((ref, i) => take(ref.content ?? '', spans.references[i]));
  const promptAt = take(req.prompt, spans.prompt);
  if (slots.some(slot => hasPlaceholderShape(slot.text))) {
    return { kind: 'refused', reason: 'the request already contains text shaped like a redaction placeholder' };
  }
  const search = repeatSearch(foundValues(slots));
  const used = new Set<string>();
  const rules = new Set<string>();
  const apply = (at: number): string => {
    const { text } = slots[at];
    const textSpans = withRepeats(text, slots[at].spans, search);
    if (textSpans.length === 0) {
      return text;
    }
    const redacted = redactText(text, textSpans, vault);
    redacted.placeholders.forEach(p => used.add(p));
    redacted.rules.forEach(r => rules.add(r));
    return redacted.text;
  };
  // Applied in slot order, so placeholders are handed out in conversation order.
  const instructions = instructionsAt >= 0 ? apply(instructionsAt) : undefined;
  const history = (req.history ?? []).map((turn, i): ChatTurn => {
    const content = apply(historyAt[i].content);
    const calls = spans.toolArguments[i] ?? [];
    if (!turn.toolCalls || calls.length === 0) {
      return { ...turn, content };
    }
    const toolCalls = turn.toolCalls.map((call, c) => {
      const replaced = new Map<ArgumentLeaf, string>();
      calls[c]?.leaves.forEach((leaf, j) => {
        const at = historyAt[i].calls[c][j];
        if (at >= 0) {
          const text = apply(at);
          if (text !== slots[at].text) { replaced.set(leaf, text); }
        }
      });
      return replaced.size === 0 ? call : { ...call, arguments: withStrings(call.arguments, replaced) };
    });
    return { ...turn, content, toolCalls };
  });
  const references = (req.references ?? []).map((ref, i): ContextReference =>
    ref.content === undefined ? ref : { ...ref, content: apply(referencesAt[i]) });
  const prompt = apply(promptAt);
  const request: AskRequest = {
    ...req, prompt,
    ...(instructions !== undefined ? { instructions } : {}),
    ...(req.references ? { references } : {}),
    ...(req.history ? { history } : {}),
  };
  return { kind: 'redacted', request, count: used.size, rules: [...rules] };
}

/** A value shorter than this is replaced elsewhere only as a whole word: `admin` found once must not eat `badminton`. */
const MIN_REPEAT_INSIDE_WORD = 8;

/** Every value a span points at, in any part, with its kind (secret wins over PII). */
function foundValues(slots: readonly Slot[]): Map<string, ValueSpan> {
  const found = new Map<string, ValueSpan>();
  for (const { text, spans } of slots) {
    for (const span of spans) {
      const value = text.slice(span.start, span.end);
      if (value.length > 0 && found.get(value)?.kind !== 'secret') {
        found.set(value, span);
      }
    }
  }
  return found;
}

/**
 * What a part's text is searched for besides its own spans: every value found anywhere in the request, and the
 * encoded forms of the longer ones (encodedForms.ts), each form with its value. Built once per request.
 */
interface RepeatSearch {
  readonly found: ReadonlyMap<string, ValueSpan>;
  readonly values: readonly string[];
  readonly forms: ReadonlyArray<EncodedForm & { readonly value: string }>;
}

function repeatSearch(found: ReadonlyMap<string, ValueSpan>): RepeatSearch {
  const values = [...found.keys()];
  const forms = values.filter(v => v.length >= MIN_REPEAT_INSIDE_WORD).flatMap(value => encodedForms(value).map(form => ({ ...form, value })));
  return { found, values, forms };
}

/**
 * The part's spans plus every other place its text repeats a value found anywhere in the request: a password the
 * gate recognised in a config file is as secret where it is pasted again without its key, and where it is pasted
 * again encoded (base64, hex, percent- or `\u`-escaped: the whole run around the encoded form is replaced). In the
 * order of `found`, then of position; encoded runs last.
 */
function withRepeats(text: string, own: readonly ValueSpan[], search: RepeatSearch): readonly ValueSpan[] {
  const covered = (start: number, end: number) => own.some(s => s.start <= start && end <= s.end);
  const { found, values } = search;
  // The values first, then the forms this text could hold (no `%` in it, no percent-escaped form): one walk finds all.
  const holds = new Map<string, boolean>();
  const holdsMarker = (marker: string): boolean => holds.get(marker) ?? holds.set(marker, text.includes(marker)).get(marker)!;
  const formOf = search.forms.filter(form => form.marker === undefined || holdsMarker(form.marker));
  const needles = [...values, ...formOf.map(form => form.text)];
  const repeats: ValueSpan[] = [];
  const encoded: { at: number; end: number; form: number }[] = [];
  valueOccurrences(text, needles, (index, at) => {
    const end = at + needles[index].length;
    if (index >= values.length) {
      encoded.push({ at, end, form: index - values.length });
    } else if (!covered(at, end) && (needles[index].length >= MIN_REPEAT_INSIDE_WORD || isWholeWord(text, at, end))) {
      const origin = found.get(needles[index])!;
      repeats.push({ start: at, end, kind: origin.kind, rule: origin.rule });
    }
  });
  // By position, so that a run is walked once however many forms it holds (each walk ends where the run does).
  encoded.sort((a, b) => a.at - b.at);
  const runEnds = new Map<RunAlphabet, number>();
  for (const { at, end, form } of encoded) {
    const { value, alphabet } = formOf[form];
    if (at < (runEnds.get(alphabet) ?? -1)) {
      continue;
    }
    const [start, stop] = runAround(text, at, end, alphabet);
    runEnds.set(alphabet, stop);
    if (!covered(start, stop)) {
      const origin = found.get(value)!;
      repeats.push({ start, end: stop, kind: origin.kind, rule: origin.rule });
    }
  }
  return repeats.length === 0 ? own : [...own, ...repeats];
}

/** Marks of the value pairs being searched, kept between calls and cleared after each: a new 64 KB table per call cost more than the walk. */
const PAIR_SEEN = new Uint8Array(65536);

/**
 * Calls `each(valueIndex, offset)` for every occurrence of every value in `text` (overlapping ones included), by
 * value, then by offset. One walk over the text finds the places where a value's first two characters stand,
 * instead of one indexOf pass per value: a request with fifty secrets would read its text fifty times.
 */
export function valueOccurrences(text: string, values: readonly string[], each: (valueIndex: number, offset: number) => void): void {
  const offsets: number[][] = values.map(() => []);
  const byPair = new Map<number, number[]>();
  const seen = PAIR_SEEN;
  values.forEach((value, index) => {
    if (value.length < 2) {
      for (let at = value === '' ? -1 : text.indexOf(value); at >= 0; at = text.indexOf(value, at + 1)) {
        offsets[index].push(at);
      }
      return;
    }
    const pair = (value.charCodeAt(0) << 16) | value.charCodeAt(1);
    (byPair.get(pair) ?? byPair.set(pair, []).get(pair)!).push(index);
    seen[(value.charCodeAt(0) * 31 + value.charCodeAt(1)) & 0xffff] = 1;
  });
  if (byPair.size > 0 && text.length > 1) {
    let second = text.charCodeAt(0);
    for (let i = 0; i + 1 < text.length; i++) {
      const first = second;
      second = text.charCodeAt(i + 1);
      if (seen[(first * 31 + second) & 0xffff] === 0) {
        continue;
      }
      for (const index of byPair.get((first << 16) | second) ?? []) {
        if (text.startsWith(values[index], i)) {
          offsets[index].push(i);
        }
      }
    }
  }
  values.forEach(value => {
    if (value.length >= 2) {
      seen[(value.charCodeAt(0) * 31 + value.charCodeAt(1)) & 0xffff] = 0;
    }
  });
  offsets.forEach((list, index) => list.forEach(at => each(index, at)));
}

function isWholeWord(text: string, start: number, end: number): boolean {
  return !/\w/.test(text[start - 1] ?? '') && !/\w/.test(text[end] ?? '');
}

function hasPlaceholderShape(text: string): boolean {
  PLACEHOLDER.lastIndex = 0;
  return text.includes('\u27e6') && PLACEHOLDER.test(text);
}
