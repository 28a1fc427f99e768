// Clean cases from detect-secrets (Yelp): the examples its plugin tests say must not be reported
// (`should_flag` False, the keyword plugin's `expected_secret` None, the entropy plugins' `non_secret`). Only the
// negatives are taken: they widen the false-positive material. The tests are read by detect_secrets_cases.py with
// Python's `ast`, never run. The rule of a case (and so its split) is the plugin whose test holds it.
import { execFileSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const READER = join(dirname(fileURLToPath(import.meta.url)), 'detect_secrets_cases.py');

export function detectSecretsCases(detectSecretsDir) {
  const { examples, problems } = JSON.parse(execFileSync('python3', [READER, detectSecretsDir], { encoding: 'utf8', maxBuffer: 64 << 20 }));
  // A line one test reports and another clears (the keyword plugin per file extension, or another plugin) is a
  // secret by detect-secrets' own tests: it stays in the suite, excluded with that reason.
  const reported = new Set(examples.filter(e => e.secret).map(e => e.text));
  // A negative that holds the very token value a positive of the same test holds is cleared by the syntax around
  // the value (`//registry.npmjs.org:_authToken=` instead of `…/:_authToken=`), not by the value: excluded too.
  const tokenRuns = text => text.split(/[\s"'`=:,;]+/).filter(t => t.length >= 16 && /\d/.test(t) && /[A-Za-z]/.test(t));
  const positiveRuns = new Map();
  for (const e of examples.filter(x => x.secret)) {
    for (const run of tokenRuns(e.text)) positiveRuns.set(`${e.plugin}\u0000${run}`, true);
  }
  const sharesValue = e => tokenRuns(e.text).some(run => positiveRuns.has(`${e.plugin}\u0000${run}`));
  const cases = [];
  const seen = new Set();
  const counters = new Map();
  let duplicates = 0;
  for (const e of examples.filter(x => !x.secret)) {
    const key = `${e.plugin}\u0000${e.text}`;
    if (seen.has(key)) { duplicates++; continue; }   // the keyword tables repeat one list for several extensions
    seen.add(key);
    const n = (counters.get(e.plugin) ?? 0) + 1;
    counters.set(e.plugin, n);
    const excluded = reported.has(e.text) ? 'detect-secrets gives this same line both labels (another test, or another file extension, reports it)'
      : sharesValue(e) ? 'the same token value is a positive of the same detect-secrets test; only the syntax around it differs' : undefined;
    cases.push({
      id: `detect-secrets:${e.plugin}:fp:${n}`, peer: 'detect-secrets', rule: e.plugin, text: e.text,
      ...(e.path ? { path: e.path } : {}), label: 'clean', ...(excluded ? { excluded } : {}),
    });
  }
  return { cases, notes: { plugins: [...counters.keys()], duplicates, problems } };
}
