// Which of trufflehog's "no result wanted" inputs are clean. trufflehog's pattern tests mostly make a negative by
// breaking one detail of a real-looking key (a wrong length, one bad character, the keyword too far away), so
// the input still holds a credential by our definition; only inputs with no credential shape at all stay clean.
// The test is deliberately strict (when in doubt, excluded) and knows nothing of our gate: it looks for
//  - a value one of the same detector's positives wants reported;
//  - user info in a URL (`scheme://user:pass@host`);
//  - a private-key block with a body;
//  - a value assigned to a credential-named key (`password = …`, `api_key: …`), unless a placeholder;
//  - a random-looking run: 8+ letters and digits mixed, or 12+ letters whose case flips often.

/** One character repeated, a short unit repeated, or a run of an ascending sequence: filler, not a value. */
export function isFiller(run) {
  const s = run.toLowerCase();
  if (new Set(s).size <= 3) return true;
  for (let unit = 1; unit <= 6; unit++) {
    if (s.length >= unit * 2 && s === s.slice(0, unit).repeat(Math.ceil(s.length / unit)).slice(0, s.length)) return true;
  }
  let ascending = 0;
  for (let i = 1; i < s.length; i++) if (s.charCodeAt(i) === s.charCodeAt(i - 1) + 1) ascending++;
  return ascending >= (s.length - 1) * 0.7 || /^x+$|^(your|my|example|placeholder|redacted|changeme)/.test(s);
}

/**
 * A run of letters and digits that reads as generated: letters and digits mixed (7+ characters, not a word followed
 * by a short number such as `abc123`), 16+ digits, or 10+ letters whose case flips about every third character.
 */
export function looksRandom(run) {
  if (isFiller(run)) return false;
  const letters = run.replace(/[^A-Za-z]/g, '').length;
  const digits = run.replace(/[^0-9]/g, '').length;
  if (letters === 0) return digits >= 16;
  if (digits === 0) {
    let flips = 0;
    for (let i = 1; i < run.length; i++) if (/[a-z]/.test(run[i - 1]) !== /[a-z]/.test(run[i])) flips++;
    return run.length >= 10 && flips >= run.length / 3;
  }
  const wordAndNumber = /^([A-Za-z]{2,}[0-9]{1,6}|[0-9]{1,6}[A-Za-z]{2,})$/.test(run);
  return run.length >= 7 && !wordAndNumber;
}

/** A quoted value of 8+ characters without spaces that mixes three character classes: a password-like string. */
function quotedMixedValue(text) {
  for (const m of text.matchAll(/["'`]([^\s"'`]{8,200})["'`]/g)) {
    const v = m[1];
    if (/^[a-z][a-z0-9+.-]*:\/\//i.test(v) || isFiller(v.replace(/[^A-Za-z0-9]/g, ''))) continue;
    const classes = [/[a-z]/, /[A-Z]/, /[0-9]/, /[^A-Za-z0-9]/].filter(c => c.test(v)).length;
    if (classes >= 3) return true;
  }
  return false;
}

const CREDENTIAL_NAME = /(pass(word|wd|phrase)?|pwd|secret|token|api[_-]?key|access[_-]?key|private[_-]?key|auth|credential|key)["']?\s*(=|:|=>)\s*["'`]?([^\s"'`,;]{6,})/gi;
const REFERENCE = /^(\$|%|process\.|os\.|env\.|\{\{|<)/;

/** Why a clean input holds a credential, or undefined when it holds none. */
export function credentialShapeIn(text, wantedValues = []) {
  // A wanted result often joins several parts (`key:email`, `token:url`): each part that is not a host or address
  // counts on its own.
  const parts = wantedValues.flatMap(v => [v, ...v.split(/[\s:/@;,]+/)]).filter(v => v.length >= 8 && !v.includes('.'));
  const wanted = parts.find(v => text.includes(v));
  if (wanted) return "holds a value the same detector's positives want reported, found elsewhere in the input (trufflehog clears it by context: keyword distance, surrounding syntax)";
  if (/[a-z][a-z0-9+.-]*:\/\/[^\s/:@]+:[^\s/@]+@/i.test(text)) return 'holds user info (user:password) in a URL: a credential whatever the detector says';
  if (/-----BEGIN[A-Z ]* PRIVATE KEY-----\s*[\\nA-Za-z0-9+/=\s]{40,}/.test(text)) return 'holds a private-key block with a body';
  for (const m of text.matchAll(CREDENTIAL_NAME)) {
    const value = m[4];
    const runs = value.split(/[^A-Za-z0-9]+/).filter(Boolean);
    if (!REFERENCE.test(value) && !runs.every(isFiller)) return 'a value assigned to a credential-named key (password, token, key, secret): a credential with a wrong length or character is still one';
  }
  const random = text.split(/[^A-Za-z0-9]+/).find(looksRandom);
  if (random || quotedMixedValue(text)) return 'holds a random-looking value (letters and digits mixed): trufflehog only rejects its length, characters or context';
  return undefined;
}

/**
 * A sample value by its own shape, whatever surrounds it (the principles were written down before any case was
 * sorted by them, and apply to both splits alike):
 *  - sequential: most of its letters and digits stand in ascending runs (`abc123def456`, `0123456789abcdef`), in one
 *    character repeated (`aaaa…`), or in two ascending sequences interleaved (`1a2b3c4d…`);
 *  - user info whose password names its own field or repeats the user (`username:password@`, `user123:pass456@`,
 *    `root:root@`), as the issue lists `user:pass` and `test:test`;
 *  - a value that spells a word saying it is not real (`fake`, `dummy`, `example`, `sample`, `placeholder`,
 *    `redacted`, `changeme`).
 */
export function isSampleValue(value) {
  const userInfo = /([^\s:/@]+):([^\s/@]+)@/.exec(value);
  if (userInfo) {
    const [user, pass] = [userInfo[1].toLowerCase(), userInfo[2].toLowerCase()];
    return pass === user || /^(?:pass(?:word|wd)?|pwd|secret)\d{0,6}$/.test(pass);
  }
  // A wanted result may join the key to its endpoint (`token:https://host`): the address is no part of the key.
  const key = value.replace(/[a-z][a-z0-9+.-]*:\/\/[^\s/:]+(?::\d+)?(?:\/[^\s:]*)?|(?:[\w-]+\.)+[a-z]{2,}\b/gi, ' ');
  if (/fake|dummy|example|sample|placeholder|redacted|changeme/i.test(key)) return true;
  const body = key.toLowerCase().replace(/[^a-z0-9]/g, '');
  const half = parity => [...body].filter((_, i) => i % 2 === parity).join('');
  return body.length >= 8 && (sequentialShare(body) >= 0.6 || Math.min(sequentialShare(half(0)), sequentialShare(half(1))) >= 0.6);
}

/** The share of characters in ascending runs of 3+ (`9` to `0` and `z` to `a` continue a run) or one character 4+ times. */
function sequentialShare(s) {
  const next = (a, b) => b.charCodeAt(0) === a.charCodeAt(0) + 1 || (a === '9' && b === '0') || (a === 'z' && b === 'a');
  let covered = 0;
  for (let i = 0; i < s.length;) {
    let up = i;
    while (up + 1 < s.length && next(s[up], s[up + 1])) up++;
    let same = i;
    while (same + 1 < s.length && s[same + 1] === s[i]) same++;
    const run = Math.max(up - i + 1 >= 3 ? up - i + 1 : 0, same - i + 1 >= 4 ? same - i + 1 : 0);
    covered += run;
    i += Math.max(run, 1);
  }
  return s.length ? covered / s.length : 0;
}

/**
 * Why a positive is left out: what the detector wants reported is a sample value (above, or filler), and the text
 * holds no other credential shape once those values are taken out.
 */
export function placeholderPositive(text, wanted) {
  // A detector that wants a result without naming it (`[]detectors.Result{…}`) wants its connection URL, if any.
  const wantedValues = wanted.length ? wanted : [...text.matchAll(/[a-z][a-z0-9+.-]*:\/\/[^\s:/@'"]+:[^\s/@'"]+@[^\s'"<>]*/gi)].map(m => m[0]);
  if (wantedValues.length === 0) {
    return credentialShapeIn(text) ? undefined : 'a placeholder value (one character repeated or a sequential run such as abc123…), which the issue counts as no secret';
  }
  const filler = v => isFiller(v.replace(/[^A-Za-z0-9]/g, '')) || v.split(/[^A-Za-z0-9]+/).some(r => r.length >= 8 && isFiller(r));
  // A derived URL is judged by its user info alone (`myDBReader` would read as `my…` filler).
  if (!wantedValues.every(v => (wanted.length > 0 && filler(v)) || isSampleValue(v))) return undefined;
  const rest = wantedValues.reduce((t, v) => t.split(v).join('""'), text);
  if (credentialShapeIn(rest)) return undefined;
  return 'a sample value (a sequential run such as abc123… or 1a2b3c…, one character repeated, a password that names its field or repeats the user, or a value spelling fake/example), which the issue counts as no secret';
}
