// Cases from MongoDB's Kingfisher (a fork and extension of Nosey Parker's rules): the `examples` (texts a rule's
// pattern must match) and `negative_examples` of every rule in `data/rules/*.yml`, read as YAML and never run.
//
// Labelling policy, decided from the rule's name before our gate ever ran on a case (Kingfisher's `categories`
// are not used: they tag a GitHub token "identifier" as readily as an app id, and 9 in 10 rules have none;
// `confidence` and `visible` say how noisy a rule is or whether it only feeds another, not what it finds):
//  - A rule whose name names a credential (key, token, secret, password, credentials, connection string, webhook,
//    auth, crumb) gives `secret` cases, one per example. That includes:
//      * access key IDs with a provider format (AWS `AKIA…`, Alibaba `LTAI…`): half of a key pair that the
//        provider asks to keep private, and a positive in every other peer suite here, so the suites agree;
//      * webhook URLs (Slack, Teams, Discord, Zapier, Tines): the URL is the secret;
//      * encrypted private keys: still key material, open to offline guessing;
//      * "Public API" tokens (Segment): the token of a product's public API, not a public key.
//  - A rule whose name names something that is not a credential gives no positive: its examples stay in the suite,
//    `excluded` with the reason (never `clean`, since an example may hold a credential beside the identifier):
//      * identifiers: client / app / application / organisation / product / bot / reporter / API IDs, account
//        identifiers and names, usernames, e-mail addresses; public by design or meaningless without a secret;
//      * locations: domains, hosts, instance and service URLs (a webhook URL or a URL with user info is not one);
//      * public keys and keys made to ship in clients: "public key", "public access token" (Mapbox `pk.`), an age
//        recipient, a PubNub subscribe key;
//      * password hashes (md5crypt, bcrypt, sha*crypt, Cisco PBKDF2, Kerberos AS-REP): the output of a one-way
//        function, not a usable credential (a finding for a cracking tool, not for a privacy gate);
//      * the weak-password list (`password123`, `qwerty456`): a common password written alone, with nothing saying
//        it is one; the issue counts such dictionary-and-digits runs as placeholders.
//  - A positive example whose value (the rule's last capture group, or the whole match when it holds URL user
//    info; when its pattern compiles in JavaScript) is a sample is excluded with the reason, provided the rest of
//    the text holds no other credential shape. Samples by trufflehog's principles (`placeholderPositive`:
//    ascending runs, one character repeated, a password naming its field in user info, a value spelling
//    fake/example), and two more read from the same principles: a descending run (`zyxwvu…`, `ZYXW…`), and a value
//    that is only the name of a credential field or a stock word (`password`, `pass`, `secret`, `user`).
//  - A positive example whose every value is a variable reference (`%name%`, `$name`, `${…}`, `$(…)`, `{{…}}`)
//    holds no value: excluded with the reason.
//  - A negative example is `clean` only when it holds no credential by our definition (`credentialShapeIn`, the
//    same strict test as trufflehog's negatives, with the rule's own positive values as "wanted"); else excluded.
// The rule of a case (and so its split) is the Kingfisher rule id (`kingfisher.aws.1`). Examples byte-identical to a
// case of another peer's fixture are kept; their number is in the notes (`overlapWithOtherPeers`).
import yaml from 'js-yaml';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { compileGo } from './goRegex.mjs';
import { credentialShapeIn, isSampleValue, placeholderPositive } from './trufflehogLabels.mjs';

const CREDENTIAL_WORD = /\b(?:keys?|tokens?|secrets?|passwords?|passwd|credentials?|connection string|webhook|auth|crumb|pat)\b|secret\/key/i;
const NOT_CREDENTIAL = [
  [/password hash/i, 'a password hash: the output of a one-way function, not a usable credential'],
  [/weak password/i, 'a common weak password written alone, with nothing saying it is one (a dictionary word and digits, which the issue counts as a placeholder)'],
  [/\bpublic (?:key|access token)\b|\brecipient\b|\bpublishable\b|\bsubscription key\b/i,
    'a public key or a key made to ship in client code (public, publishable, recipient, subscribe key), not a credential'],
  [/\b(?:domain|host|(?<!webhook )url)$/i, 'a location (domain, host, instance or service URL) with no secret in it'],
  [/(?<!access key )\b(?:id|identifier|username|email|name)$/i,
    'an identifier (client, app, organisation, product, account id or name, username, e-mail), public by design or useless without a secret'],
];

/** `excluded` reason for every example of a rule whose name is no credential, else undefined (a credential rule). */
export function nonCredentialReason(name) {
  const hit = NOT_CREDENTIAL.find(([re]) => re.test(name));
  if (hit) return hit[1];
  return CREDENTIAL_WORD.test(name) ? undefined : 'the rule name names no credential (unclassified by the policy)';
}

/**
 * A Rust-syntax pattern as a Go-syntax one that goRegex.mjs can compile: `(?x)` whitespace and `#` comments and
 * `(?# …)` comments dropped (kept inside character classes and after a backslash), the `x` flag removed.
 */
export function withoutExtendedSyntax(pattern) {
  const extended = /\(\?[a-z]*x[a-z]*\)/.test(pattern);
  let out = '';
  let inClass = false;
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern[i];
    if (ch === '\\') { out += ch + (pattern[i + 1] ?? ''); i++; continue; }
    if (!inClass && pattern.startsWith('(?#', i)) { i = pattern.indexOf(')', i); if (i < 0) break; continue; }
    if (inClass) { if (ch === ']') inClass = false; out += ch; continue; }
    if (ch === '[') { inClass = true; out += ch; if (pattern[i + 1] === ']') { out += ']'; i++; } continue; }
    if (extended && /\s/.test(ch)) continue;
    if (extended && ch === '#') { while (i < pattern.length && pattern[i] !== '\n') i++; continue; }
    out += ch;
  }
  return out.replace(/\(\?([a-z]*)x([a-z]*)\)/g, (_, a, b) => (a + b ? `(?${a}${b})` : ''));
}

const USER_INFO = /[a-z][a-z0-9+.-]*:\/\/[^\s:/@]+:[^\s/@]+@/i;

/**
 * The values the rule's pattern captures in a text: its last group that took part (a user-and-password rule puts the
 * password last), or the whole match when that holds URL user info (a URL rule's group is often the host); [] when
 * the pattern does not compile in JavaScript.
 */
function capturedValues(rule, text) {
  const re = compileGo(withoutExtendedSyntax(rule.pattern), 'g');
  if (!re) return [];
  try {
    return [...text.matchAll(re)].map(m => (USER_INFO.test(m[0]) ? m[0] : m.slice(1).filter(Boolean).at(-1) ?? m[0])).filter(v => v && v.length >= 3);
  } catch {
    return [];
  }
}

const REFERENCE = /^(?:%\w+%|\$\w+|\$\{[^}]*\}|\$\([^)]*\)|\{\{[^}]*\}\})$/;
const FIELD_WORD = /^(?:pass(?:word|wd)?|pwd|secret|token|user(?:name)?|login|admin|root|guest|test)$/i;

/** A sample beyond trufflehog's principles: a descending run, or the name of a credential field as its own value. */
function isMoreSample(value) {
  if (FIELD_WORD.test(value)) return true;
  const body = value.replace(/[^A-Za-z0-9]/g, '');
  return body.length >= 8 && isSampleValue([...body].reverse().join(''));
}

/** Why a rule's positive example is left out (a sample or a reference), else undefined. */
function positiveExclusion(text, values) {
  const byTrufflehog = placeholderPositive(text, values);
  if (byTrufflehog || values.length === 0) return byTrufflehog;
  if (values.every(v => REFERENCE.test(v))) return 'the value is a variable reference (%name%, $name, ${…}), not a value';
  if (!values.every(v => isSampleValue(v) || isMoreSample(v))) return undefined;
  const rest = values.reduce((t, v) => t.split(v).join('""'), text);
  return credentialShapeIn(rest) ? undefined
    : 'a sample value (a descending run such as zyxw…, or the name of its own field such as `password`), which the issue counts as no secret';
}

function otherPeersTexts() {
  const dir = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'test', 'fixtures', 'peer');
  const texts = new Set();
  for (const file of readdirSync(dir).filter(f => f.endsWith('.json') && f !== 'kingfisher.json')) {
    for (const c of JSON.parse(readFileSync(join(dir, file), 'utf8')).cases) texts.add(c.text);
  }
  return texts;
}

function loadRules(kingfisherDir) {
  const dir = join(kingfisherDir, 'data', 'rules');
  const rules = [];
  for (const file of readdirSync(dir).filter(f => /\.ya?ml$/.test(f)).sort()) {
    for (const rule of yaml.load(readFileSync(join(dir, file), 'utf8'))?.rules ?? []) rules.push(rule);
  }
  return rules;
}

export function kingfisherCases(kingfisherDir) {
  const rules = loadRules(kingfisherDir);
  const others = otherPeersTexts();
  const cases = [];
  const notes = { rules: rules.length, repeatedTexts: 0, overlapWithOtherPeers: 0, uncompiledPatterns: [], unclassified: [] };
  // A few ids name two rules in different files (two variants of one provider's key): they share the id's cases.
  const seen = new Set();
  const counters = new Map();
  for (const rule of rules) {
    const notCredential = nonCredentialReason(rule.name);
    if (notCredential?.includes('unclassified')) notes.unclassified.push(`${rule.id} (${rule.name})`);
    if (!compileGo(withoutExtendedSyntax(rule.pattern))) notes.uncompiledPatterns.push(rule.id);
    const examples = (rule.examples ?? []).map(String);
    const wantedValues = examples.flatMap(text => capturedValues(rule, text));
    const add = (text, label, excluded) => {
      const key = `${rule.id}\u0000${label}\u0000${text}`;
      if (seen.has(key)) { notes.repeatedTexts++; return; }
      seen.add(key);
      if (others.has(text)) notes.overlapWithOtherPeers++;
      const n = (counters.get(rule.id) ?? 0) + 1;
      counters.set(rule.id, n);
      cases.push({ id: `kingfisher:${rule.id}:${n}`, peer: 'kingfisher', rule: rule.id, name: rule.name, text, label, ...(excluded ? { excluded } : {}) });
    };
    for (const text of examples) {
      add(text, 'secret', notCredential ?? positiveExclusion(text, capturedValues(rule, text)));
    }
    for (const text of (rule.negative_examples ?? []).map(String)) {
      add(text, 'clean', credentialShapeIn(text, wantedValues));
    }
  }
  return { cases, notes };
}
