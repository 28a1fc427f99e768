// Go (RE2) regular expressions as JavaScript ones, for two uses: generating strings from a rule's pattern (seeded,
// so the suite is reproducible) and checking that a generated sample is one the peer's rule really reports.
import RandExp from 'randexp';
import { createHash } from 'node:crypto';

const POSIX = {
  alnum: 'a-zA-Z0-9', alpha: 'a-zA-Z', digit: '0-9', lower: 'a-z', upper: 'A-Z', space: '\\s', xdigit: '0-9a-fA-F',
  word: '\\w', punct: '!-\\/:-@\\[-`{-~', print: ' -~', graph: '!-~', blank: ' \\t', cntrl: '\\x00-\\x1f',
};

/** Converts a Go pattern; inline case-insensitivity becomes the `i` flag (JS in Node 20 has no inline modifiers). */
export function goToJs(goPattern) {
  let flags = '';
  let src = goPattern;
  src = src.replace(/\(\?([imsU]+)\)/g, (_, f) => { for (const c of f) if ('is'.includes(c) && !flags.includes(c)) flags += c; return ''; });
  if (/\(\?[a-zA-Z-]*i[a-zA-Z-]*:/.test(src)) flags += flags.includes('i') ? '' : 'i';
  src = src.replace(/\(\?-?[imsU]+(?:-[imsU]+)?:/g, '(?:');
  src = src.replace(/\(\?P</g, '(?<');
  src = src.replace(/\[:(\w+):\]/g, (m, name) => POSIX[name] ?? m);
  src = src.replace(/\\z/g, '$').replace(/\\A/g, '^');
  src = src.replace(/\\x\{([0-9a-fA-F]{1,4})\}/g, (_, h) => `\\u${h.padStart(4, '0')}`);
  src = src.replace(/\\Q(.*?)\\E/g, (_, lit) => lit.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  return { source: src, flags };
}

/** Compiles a Go pattern to a JS RegExp, or undefined when JS cannot express it. */
export function compileGo(goPattern, extraFlags = '') {
  const { source, flags } = goToJs(goPattern);
  try {
    return new RegExp(source, [...new Set(flags + extraFlags)].join(''));
  } catch {
    return undefined;
  }
}

/** Small seeded PRNG (mulberry32). */
export function seededRandom(seedText) {
  let a = createHash('sha256').update(seedText).digest().readUInt32LE(0);
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A string matching the Go pattern, from printable ASCII, deterministic for a seed. */
export function generateFrom(goPattern, random) {
  const { source } = goToJs(goPattern);
  const gen = new RandExp(source); // no `i`: literal parts keep the case the pattern spells
  gen.max = 12;
  gen.defaultRange.subtract(0, 0x10ffff);
  gen.defaultRange.add(0x21, 0x7e);
  gen.randInt = (from, to) => from + Math.floor(random() * (to - from + 1));
  return gen.gen();
}

/** Shannon entropy in bits per character, as gitleaks computes it for a rule's `entropy` threshold. */
export function shannonEntropy(text) {
  const counts = new Map();
  for (const ch of text) counts.set(ch, (counts.get(ch) ?? 0) + 1);
  let h = 0;
  for (const n of counts.values()) {
    const p = n / text.length;
    h -= p * Math.log2(p);
  }
  return h;
}
