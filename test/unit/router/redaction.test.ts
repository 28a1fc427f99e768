import * as assert from 'node:assert/strict';
import * as fc from 'fast-check';
import { decisionJson } from '../../../src/cli/render';
import { describeRedaction, redactedDecision } from '../../../src/router/policy';
import { checkPrivacyWithSpans } from '../../../src/router/privacyGate';
import { PlaceholderVault, redactRequest, redactText, valueOccurrences } from '../../../src/router/redaction';
import { restoreText, StreamRestorer } from '../../../src/router/restore';
import type { AskRequest, RoutingDecision } from '../../../src/router/types';
import { Rng } from './privacy/fixtures';

const OPTIONS = { sensitiveFileGlobs: [], extraPatterns: [] };
const rng = new Rng(0x2edac7);
/** Built at run time, so the repository holds no token. */
const githubToken = (): string => ['gh', 'p_', rng.str(36)].join('');
const dbPassword = (): string => rng.str(20);

function redact(req: AskRequest, vault = new PlaceholderVault()) {
  const { spans } = checkPrivacyWithSpans(req, OPTIONS);
  return { redaction: redactRequest(req, spans, vault), vault, spans };
}

describe('redaction: value spans from the gate', () => {
  it('points at each secret value by offset, and never holds the value', () => {
    const token = githubToken();
    const prompt = `use ${token} please`;
    const { spans } = checkPrivacyWithSpans({ prompt }, OPTIONS);
    assert.deepEqual(spans.prompt.map(s => prompt.slice(s.start, s.end)), [token]);
    assert.ok(!JSON.stringify(spans).includes(token.slice(4, 12)));
    assert.deepEqual(spans.unspanned, []);
  });

  it('a value a named rule found is one span under that rule, not a second under a generic rule that read it too', () => {
    const token = githubToken();
    const prompt = `const apiToken = "${token}";`;
    const { spans } = checkPrivacyWithSpans({ prompt }, OPTIONS);
    assert.deepEqual(spans.prompt.map(s => [prompt.slice(s.start, s.end), s.rule]), [[token, 'github-token']]);
  });

  it('a private key is spanned from its header through its footer, not just its first line', () => {
    const body = Array.from({ length: 5 }, () => rng.str(64, 'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789+/')).join('\n');
    const key = ['-----BEGIN RSA PRIVATE', ' KEY-----\n', body, '\n-----END RSA PRIVATE', ' KEY-----'].join('');
    const prompt = `key:\n${key}\nthanks`;
    const { spans } = checkPrivacyWithSpans({ prompt }, OPTIONS);
    assert.equal(prompt.slice(spans.prompt[0].start, spans.prompt[0].end), key);
  });

  it('a value longer than its rule reads is spanned whole: no tail is left for the cloud', () => {
    const token = rng.str(1200);
    const prompt = `Authorization: Bearer ${token}\nwhy 401?`;
    const { spans } = checkPrivacyWithSpans({ prompt }, OPTIONS);
    assert.equal(spans.prompt.length, 1);
    assert.equal(prompt.slice(spans.prompt[0].start, spans.prompt[0].end), token);
  });

  it('a sensitive file by name and a marker have no span: they are listed as unspanned', () => {
    const { spans } = checkPrivacyWithSpans({ prompt: 'x', references: [{ kind: 'file', name: '.env', path: '.env', content: 'A=1\n' }] }, { sensitiveFileGlobs: ['**/.env'], extraPatterns: [] });
    assert.ok(spans.unspanned.length > 0);
    const marked = checkPrivacyWithSpans({ prompt: '// CONFIDENTIAL - internal only\nconst a = 1;' }, OPTIONS);
    assert.deepEqual(marked.spans.unspanned, ['confidential-marker']);
  });
});

describe('redaction: placeholders', () => {
  it('replaces each value by a placeholder, the same value by the same one, and restores the exact text', () => {
    const [a, b] = [githubToken(), githubToken()];
    const req: AskRequest = { prompt: `${a} then ${b} then ${a}`, history: [{ role: 'user', content: `earlier: ${b}` }] };
    const { redaction, vault } = redact(req);
    assert.equal(redaction.kind, 'redacted');
    if (redaction.kind !== 'redacted') { return; }
    // The history is numbered first, so a replayed conversation keeps its numbering.
    assert.equal(redaction.request.history?.[0].content, 'earlier: \u27e6SECRET_1\u27e7');
    assert.equal(redaction.request.prompt, '\u27e6SECRET_2\u27e7 then \u27e6SECRET_1\u27e7 then \u27e6SECRET_2\u27e7');
    assert.deepEqual({ count: redaction.count, rules: redaction.rules }, { count: 2, rules: ['github-token'] });
    assert.equal(restoreText(redaction.request.prompt, vault), req.prompt);
  });

  it('PII gets a PII placeholder; overlapping spans are one value', () => {
    const vault = new PlaceholderVault();
    const out = redactText('abcdefghij', [
      { start: 2, end: 6, kind: 'pii', rule: 'r1' }, { start: 4, end: 8, kind: 'pii', rule: 'r2' },
    ], vault);
    assert.equal(out.text, 'ab\u27e6PII_1\u27e7ij');
    assert.equal(vault.valueOf('\u27e6PII_1\u27e7'), 'cdefgh');
    assert.deepEqual(out.rules, ['r1', 'r2']);
  });

  it('a value found in one part is replaced wherever it repeats, in every part; a short one only as a whole word', () => {
    const password = dbPassword();
    const req: AskRequest = {
      prompt: `is ${password} strong enough?`,
      references: [{ kind: 'file', name: 'db.ini', path: 'db.ini', content: `[db]\npass${'word'} = ${password}\n` }],
    };
    const { redaction, vault, spans } = redact(req);
    assert.deepEqual(spans.prompt, [], 'the prompt alone holds no recognisable secret');
    assert.equal(redaction.kind, 'redacted');
    if (redaction.kind !== 'redacted') { return; }
    assert.equal(redaction.request.prompt, 'is \u27e6SECRET_1\u27e7 strong enough?');
    assert.equal(restoreText(redaction.request.prompt, vault), req.prompt);

    const short = redact({ prompt: 'nQ7zpL is in nQ7zpLx', references: [{ kind: 'file', name: 'settings.py', path: 'settings.py', content: `DB_PASS${'WORD'} = "nQ7zpL"\n` }] });
    assert.equal(short.redaction.kind, 'redacted');
    if (short.redaction.kind === 'redacted') {
      assert.equal(short.redaction.request.references?.[0].content, 'DB_PASSWORD = "\u27e6SECRET_1\u27e7"\n');
      assert.equal(short.redaction.request.prompt, '\u27e6SECRET_1\u27e7 is in nQ7zpLx');
    }
  });

  it('a value repeated encoded elsewhere is replaced with the whole run around it, in every encoding and alignment', () => {
    const password = dbPassword();
    const history = [{ role: 'user' as const, content: `db_pass${'word'} = "${password}"` }, { role: 'assistant' as const, content: 'Noted.' }];
    const bytes = (text: string) => [...Buffer.from(text)];
    const encodings: Record<string, string> = {
      // Base64 of the value behind zero, one and two bytes of something else: each alignment of its bytes.
      ...Object.fromEntries(['', 'u:', 'us:'].map(lead => [`base64 after ${lead.length} bytes`, Buffer.from(`${lead}${password}|tail`).toString('base64')])),
      base64url: Buffer.from(`user:${password}`).toString('base64url'),
      hex: Buffer.from(password).toString('hex').toUpperCase(),
      '\\x hex': bytes(password).map(b => `\\x${b.toString(16).padStart(2, '0')}`).join(''),
      'percent-encoded': bytes(password).map(b => `%${b.toString(16).padStart(2, '0')}`).join(''),
      '\\u-escaped': [...password].map(c => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`).join(''),
    };
    for (const [form, encoded] of Object.entries(encodings)) {
      const prompt = `what is ${encoded}?`;
      const { redaction, vault } = redact({ prompt, history });
      assert.equal(redaction.kind, 'redacted', form);
      if (redaction.kind !== 'redacted') { continue; }
      assert.match(redaction.request.prompt, /^what is \u27e6SECRET_\d\u27e7\?$/, form);
      assert.equal(restoreText(redaction.request.prompt, vault), prompt, form);
    }
  });

  it('encoded forms are looked for, not decoded from every run: a long line of letters, digits and escapes is walked once', () => {
    const password = dbPassword();
    const history = [{ role: 'user' as const, content: `db_pass${'word'} = "${password}"` }];
    // One line of 300,000 characters that every run pattern reads as one run (a pattern for percent runs took
    // minutes on it), with the value percent-encoded at its end.
    const line = `${rng.str(300_000)}%2F${[...Buffer.from(password)].map(b => `%${b.toString(16)}`).join('')}`;
    const { redaction } = redact({ prompt: 'tidy this up', history, references: [{ kind: 'file', name: 'blob.txt', path: 'blob.txt', content: line }] });
    assert.equal(redaction.kind, 'redacted');
    if (redaction.kind === 'redacted') {
      assert.match(redaction.request.references?.[0].content ?? '', /^\u27e6SECRET_\d\u27e7$/, 'the whole run is one placeholder');
    }
  });

  it('finds every occurrence of every value, overlapping ones too, by value then by offset, like one indexOf walk per value', () => {
    const alphabet = fc.constantFrom('a', 'b', 'ab', 'ba', '\u27e6', '\u00e9', 'x', '\n');
    const text = fc.array(alphabet, { maxLength: 60 }).map(parts => parts.join(''));
    const value = fc.array(alphabet, { minLength: 1, maxLength: 4 }).map(parts => parts.join(''));
    fc.assert(fc.property(text, fc.uniqueArray(value, { maxLength: 6 }), (t, values) => {
      const expected: [number, number][] = [];
      values.forEach((v, index) => {
        for (let at = t.indexOf(v); at >= 0; at = t.indexOf(v, at + 1)) {
          expected.push([index, at]);
        }
      });
      const actual: [number, number][] = [];
      valueOccurrences(t, values, (index, at) => actual.push([index, at]));
      assert.deepEqual(actual, expected);
    }), { numRuns: 2000 });
  });

  it('refuses a request that already holds a placeholder-shaped text, or a finding without a span', () => {
    const token = githubToken();
    const shaped = redact({ prompt: `${token} and \u27e6SECRET_1\u27e7` }).redaction;
    assert.equal(shaped.kind, 'refused');
    const marked = redact({ prompt: `// CONFIDENTIAL - internal only\nconst t = "${token}";` }).redaction;
    assert.ok(marked.kind === 'refused' && /confidential-marker/.test(marked.reason) && !marked.reason.includes(token.slice(4)));
  });

  it('a redacted copy scanned again does not take its own placeholders for secrets', () => {
    const password = dbPassword();
    const req: AskRequest = { prompt: `Server=db;Database=orders;User ID=app;Pass${'word'}=${password};Encrypt=true;` };
    const { redaction } = redact(req);
    assert.equal(redaction.kind, 'redacted');
    if (redaction.kind === 'redacted') {
      const again = checkPrivacyWithSpans(redaction.request, OPTIONS).result;
      assert.deepEqual(again.findings.map(f => f.rule), []);
    }
  });

  it('only a value that is exactly one placeholder goes unjudged: a secret written next to one is still found', () => {
    const password = dbPassword();
    const rules = (text: string) => checkPrivacyWithSpans({ prompt: text }, OPTIONS).result.findings.map(f => f.rule);
    assert.deepEqual(rules('db_password = "\u27e6SECRET_3\u27e7"\nPII: \u27e6PII_1\u27e7'), []);
    // Short enough (24 characters) to be a placeholder's length: a generated run after it is still a secret.
    const run = Array.from({ length: 14 }, (_, i) => rng.str(1, ['abcdefghijkmnopqrstuvwxyz', 'ABCDEFGHJKLMNPQRSTUVWXYZ', '23456789'][i % 3])).join('');
    for (const text of [`db_password = "\u27e6SECRET_3\u27e7${password}"`, `db_password = "${password}\u27e6SECRET_3\u27e7"`, `db_password = "\u27e6SECRET_3\u27e7${run}"`]) {
      assert.ok(rules(text).length > 0, text.replace(password, '…'));
    }
  });

  it('a vault prints counts, never values', () => {
    const vault = new PlaceholderVault();
    const value = githubToken();
    vault.placeholderFor(value, 'secret');
    assert.equal(JSON.stringify(vault), '{"placeholders":1}');
    assert.ok(!JSON.stringify({ vault }).includes(value));
  });
});

describe('redaction: restoring a streamed answer', () => {
  const vault = new PlaceholderVault();
  const placeholder = vault.placeholderFor('the-value', 'secret');

  it('holds back a placeholder cut across chunks, and restores it once complete', () => {
    const restorer = new StreamRestorer(vault);
    assert.equal(restorer.push('use `\u27e6SEC'), 'use `');
    assert.equal(restorer.push('RET_'), '');
    assert.equal(restorer.push('1\u27e7` now'), 'the-value` now');
    assert.equal(restorer.flush(), '');
  });

  it('releases text that cannot become a placeholder at once, and flushes an unfinished prefix as written', () => {
    const restorer = new StreamRestorer(vault);
    assert.equal(restorer.push('a \u27e6x b'), 'a \u27e6x b');
    assert.equal(restorer.push(`"${placeholder}" and \u27e6SECRET_9\u27e7 \u27e6PII`), '"the-value" and \u27e6SECRET_9\u27e7 ');
    assert.equal(restorer.flush(), '\u27e6PII');
  });
});

describe('redaction: the decision', () => {
  const base: RoutingDecision = {
    target: 'local', privacy: 'restricted', complexity: 'high', confidence: 1, reason: 'Kept on this device: a GitHub token in the prompt (line 1).',
    deterministic: true, stage: 'privacy-gate', findings: [{ rule: 'github-token', kind: 'secret', source: 'prompt', line: 1, column: 1, preview: 'ghp_****' }],
    signals: [], routerModel: { used: false }, correlationId: 'c1',
  };
  const copy: RoutingDecision = { ...base, target: 'cloud', privacy: 'public', findings: [], stage: 'policy', reason: 'Goes to the cloud because you asked for the cloud model.' };

  it('goes to the cloud only when the redacted copy would, keeping the original findings and saying what was redacted', () => {
    const d = redactedDecision(base, copy, { count: 2, rules: ['github-token', 'postgres-password'] });
    assert.equal(d?.target, 'cloud');
    assert.equal(d?.stage, 'redaction');
    assert.equal(d?.privacy, 'restricted');
    assert.deepEqual(d?.findings, base.findings);
    assert.match(d?.reason ?? '', /as a redacted copy: 2 secrets replaced by placeholders \(github-token, postgres-password\)/);
    assert.equal(redactedDecision(base, { ...copy, target: 'local' }, { count: 2, rules: [] }), undefined);
    assert.equal(redactedDecision(base, copy, { count: 0, rules: [] }), undefined);
    assert.equal(describeRedaction({ count: 1, rules: ['a', 'b', 'c', 'd', 'e'] }), '1 secret replaced by placeholders (a, b, c, d, …)');
  });

  it('decision JSON carries decision.redaction as counts and rule ids', () => {
    const d = redactedDecision(base, copy, { count: 1, rules: ['github-token'] })!;
    assert.deepEqual(decisionJson(d).redaction, { count: 1, rules: ['github-token'] });
    assert.equal('redaction' in decisionJson(base), false);
  });
});
