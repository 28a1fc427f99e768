/**
 * Separates what a person asks from what they pasted: a prompt that is mostly code, a log or a stack trace is judged
 * by its instruction. Linear in the prompt; looks only at line shapes, never at what a line means.
 */
export interface Instruction {
  /** The prose lines: the request itself. */
  readonly text: string;
  /** Characters of pasted material (fenced blocks, code-shaped, log-shaped and stack-trace lines). */
  readonly pastedChars: number;
  /** Words in the instruction. */
  readonly words: number;
}

/** Prompts are cut here before splitting: the instruction of a request is near its start or its end. */
const MAX_SCANNED_CHARS = 64 * 1024;
const KEEP_HEAD_CHARS = 48 * 1024;

// A line is pasted material when its shape says so: stack frames, log prefixes, prompts, diff and table markers,
// or a high share of code punctuation. Each test is anchored or bounded, so a line costs linear time.
const STACK_OR_LOG = /^\s*(?:at\s+[\w$.<>[\]/\\:-]+\s*\(|at\s+[\w$.]+:\d|File\s+"|Traceback\b|frame\s+#\d|\[?\d{4}-\d\d-\d\d[ T]\d\d:|\[[EWID]\s?\d|[EWID]\d{4}\s|\$\s|>>>|#\s*\d+\s|\d+\s*\|)/;
const CODE_START = /^\s*(?:[{}()[\]<>]|\/\/|\/\*|\*\s|#include|import\s+[\w{*]|from\s+\S+\s+import|def\s|class\s+\w+[\s:({]|fn\s|func\s|public\s|private\s|return\b|const\s|let\s|var\s|if\s*\(|for\s*\(|while\s*\(|[\w.]+\s*=\s*[^=]|@\w+|-\s*-|\+\+|--\s|<\/?\w)/;
const CODE_CHARS = /[{}();=<>[\]\\|&$`]/g;
// Sentence boundaries: a full stop, question or exclamation mark, or a semicolon, followed by a space.
const SENTENCE_END = /(?<=[.?!;])\s+/;
const LEADING_CLOSERS = /^[\s})\]]+/;
// Issue titles open with a bracketed tag ("[bug] Goroutines leak", "[Feature Request] OIDC login"): the tag is not code.
const LEADING_TAG = /^\s*\[[a-z][\w .:/#-]{0,38}\]\s+(?=[a-z])/i;

/** Splits a prompt into its instruction and its pasted material. */
export function extractInstruction(prompt: string): Instruction {
  const raw = typeof prompt === 'string' ? prompt : '';
  const text = raw.length > MAX_SCANNED_CHARS ? `${raw.slice(0, KEEP_HEAD_CHARS)}\n${raw.slice(raw.length - (MAX_SCANNED_CHARS - KEEP_HEAD_CHARS))}` : raw;
  const kept: string[] = [];
  let pasted = raw.length - text.length;
  let fenced = false;
  for (const line of text.split('\n')) {
    const trimmed = line.trim();
    if (trimmed.startsWith('```') || trimmed.startsWith('~~~')) { fenced = !fenced; pasted += line.length; continue; }
    if (fenced || STACK_OR_LOG.test(line)) { pasted += line.length; continue; }
    // A line can mix a sentence with an inline snippet: judge it sentence by sentence, after any closing brackets.
    const prose = line.replace(LEADING_TAG, '').split(SENTENCE_END).map(part => part.replace(LEADING_CLOSERS, '')).filter(part => !isPasted(part));
    pasted += Math.max(0, line.length - prose.reduce((sum, part) => sum + part.length, 0) - Math.max(0, prose.length - 1));
    if (prose.length > 0) { kept.push(prose.join(' ')); }
  }
  const instruction = kept.join('\n').trim();
  const words = instruction.length === 0 ? 0 : instruction.split(/\s+/).length;
  return { text: instruction, pastedChars: pasted, words };
}

function isPasted(part: string): boolean {
  if (part.trim().length === 0) { return true; }
  // Prose starts with a word and has few code characters; a short code-shaped sentence can still be prose.
  const symbols = (part.match(CODE_CHARS) ?? []).length;
  if (CODE_START.test(part) && symbols >= 1) { return true; }
  const share = symbols / part.length;
  return (part.length >= 20 && share > 0.08) || (symbols >= 2 && share > 0.15);
}
