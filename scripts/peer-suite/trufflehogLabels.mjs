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
 * Why a positive is left out: its text holds no credential shape and what the detector wants reported is filler
 * (one character repeated, `abc123…` runs), which the issue counts as a placeholder, not a secret.
 */
export function placeholderPositive(text, wantedValues) {
  if (credentialShapeIn(text)) return undefined;
  const filler = v => isFiller(v.replace(/[^A-Za-z0-9]/g, '')) || v.split(/[^A-Za-z0-9]+/).some(r => r.length >= 8 && isFiller(r));
  if (wantedValues.length > 0 && !wantedValues.every(filler)) return undefined;
  return 'a placeholder value (one character repeated or a sequential run such as abc123…), which the issue counts as no secret';
}
