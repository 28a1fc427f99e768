/**
 * The encoded forms in which a found value may be pasted again elsewhere in a request (base64 and base64url at each
 * byte alignment, hex and `\x` hex, percent- and `\u`-escapes, JSON string escapes), and the run of text each form
 * sits in. Redaction looks for these forms in the same walk that finds the plain repeats, then replaces the whole run
 * around each one. The other way round, decoding every run of the text and searching the result, reads every
 * identifier of a source file as base64, and a pattern for percent runs can take time in the square of a long line.
 */
import { base64Signatures } from './rules/encoded';

/** Which characters the run around a form is made of; `exact`: the form alone is replaced. */
export type RunAlphabet = 'base64' | 'hex' | 'escaped' | 'exact';

export interface EncodedForm {
  readonly text: string;
  readonly alphabet: RunAlphabet;
  /** Text that any run holding this form holds (`%`, `\\u`, `\\x`): where it is absent, the form is not looked for. */
  readonly marker?: string;
}

/**
 * How much of a value the run forms encode: a run holding the whole value encoded holds this much of it encoded, and
 * the run around it is replaced whole. A private key's forms would otherwise be kilobytes each.
 */
const RUN_FORM_CHARS = 24;

const HEX_BYTE = Array.from({ length: 256 }, (_, b) => b.toString(16).padStart(2, '0'));

/**
 * The encoded forms of `value` that differ from it. Run forms (base64, hex, escapes) encode its first
 * RUN_FORM_CHARS characters; for base64, the characters that those bytes alone decide at each of the three
 * alignments (the characters at either end also carry neighbouring bytes, so they vary). The JSON-escaped form is
 * the whole value: it is replaced as found, with no run around it.
 */
export function encodedForms(value: string): EncodedForm[] {
  const head = value.slice(0, RUN_FORM_CHARS);
  let hex = '';
  let escapedHex = '';
  let escapedHexUpper = '';
  let percent = '';
  for (const b of Buffer.from(head)) {
    const pair = HEX_BYTE[b];
    hex += pair;
    escapedHex += `\\x${pair}`;
    escapedHexUpper += `\\x${pair.toUpperCase()}`;
    percent += `%${pair}`;
  }
  let unicode = '';
  let unicodeUpper = '';
  for (let i = 0; i < head.length; i++) {
    const unit = head.charCodeAt(i).toString(16).padStart(4, '0');
    unicode += `\\u${unit}`;
    unicodeUpper += `\\u${unit.toUpperCase()}`;
  }
  const uri = uriComponent(head);
  const forms: EncodedForm[] = [
    ...base64Signatures(head).map(text => ({ text, alphabet: 'base64' as const })),
    { text: hex, alphabet: 'hex' }, { text: hex.toUpperCase(), alphabet: 'hex' },
    { text: escapedHex, alphabet: 'hex', marker: '\\x' }, { text: escapedHexUpper, alphabet: 'hex', marker: '\\x' },
    { text: percent, alphabet: 'escaped', marker: '%' }, { text: percent.toUpperCase(), alphabet: 'escaped', marker: '%' },
    { text: uri, alphabet: 'escaped', marker: '%' }, { text: uri.toLowerCase() === uri ? uri : lowerEscapes(uri), alphabet: 'escaped', marker: '%' },
    { text: unicode, alphabet: 'escaped', marker: '\\u' }, { text: unicodeUpper, alphabet: 'escaped', marker: '\\u' },
    { text: JSON.stringify(value).slice(1, -1), alphabet: 'exact' },
  ];
  const seen = new Set<string>([value, head, '']);   // the plain value is searched for as it is
  return forms.filter(form => !seen.has(form.text) && seen.add(form.text));
}

/** `%2F` → `%2f`, the rest as it is. */
function lowerEscapes(uri: string): string {
  let out = '';
  for (let i = 0; i < uri.length; i++) {
    out += uri[i] === '%' ? `%${uri.slice(i + 1, i + 3).toLowerCase()}` : uri[i];
    i += uri[i] === '%' ? 2 : 0;
  }
  return out;
}

function uriComponent(value: string): string {
  try {
    return encodeURIComponent(value);
  } catch {
    return '';   // a lone surrogate has no URI form
  }
}

const BASE64_CHAR = /[A-Za-z0-9+/_-]/;
const HEX_CHAR = /[0-9a-fA-F]/;
/** What a percent- or `\u`-escaped run holds unescaped (encodeURIComponent leaves these as they are). */
const UNRESERVED_CHAR = /[A-Za-z0-9._~!*'()-]/;

/** The run of `alphabet` around `[start, end)`, a form found there: [runStart, runEnd). Linear in the run. */
export function runAround(text: string, start: number, end: number, alphabet: RunAlphabet): [number, number] {
  if (alphabet === 'exact') {
    return [start, end];
  }
  let from = start;
  let to = end;
  if (alphabet === 'base64') {
    while (from > 0 && BASE64_CHAR.test(text[from - 1])) from--;
    while (to < text.length && BASE64_CHAR.test(text[to])) to++;
    for (let pad = 0; pad < 2 && text[to] === '='; pad++) to++;
    return [from, to];
  }
  if (alphabet === 'hex') {
    for (;;) {
      if (from > 0 && HEX_CHAR.test(text[from - 1])) from--;
      else if (from > 1 && text[from - 1] === 'x' && text[from - 2] === '\\') from -= 2;
      else break;
    }
    for (;;) {
      if (to < text.length && HEX_CHAR.test(text[to])) to++;
      else if (text[to] === '\\' && text[to + 1] === 'x') to += 2;
      else break;
    }
    return [from, to];
  }
  // Escaped: unreserved characters, `%XX` and `\uXXXX`. Walking back, an escape is recognised by its `%` or `\`.
  for (;;) {
    if (from > 0 && UNRESERVED_CHAR.test(text[from - 1])) from--;
    else if (from > 0 && text[from - 1] === '%' && isHexAt(text, from, 2)) from--;
    else if (from > 0 && text[from - 1] === '\\' && text[from] === 'u' && isHexAt(text, from + 1, 4)) from--;
    else break;
  }
  for (;;) {
    if (to < text.length && UNRESERVED_CHAR.test(text[to])) to++;
    else if (text[to] === '%' && isHexAt(text, to + 1, 2)) to += 3;
    else if (text[to] === '\\' && text[to + 1] === 'u' && isHexAt(text, to + 2, 4)) to += 6;
    else break;
  }
  return [from, to];
}

function isHexAt(text: string, at: number, count: number): boolean {
  for (let i = at; i < at + count; i++) {
    if (i >= text.length || !HEX_CHAR.test(text[i])) {
      return false;
    }
  }
  return true;
}
