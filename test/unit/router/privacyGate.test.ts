import * as assert from 'node:assert/strict';
import { checkPrivacy, scanText, type PrivacyOptions } from '../../../src/router/privacyGate';
import { RuleSet, scan } from '../../../src/router/privacy/scanner';
import type { AskRequest } from '../../../src/router/types';
import { ALNUM, Rng, password, substrings8 } from './privacy/fixtures';

const OPTIONS: PrivacyOptions = { sensitiveFileGlobs: [], extraPatterns: [] };
const rng = new Rng(7);
const ghp = 'ghp_' + rng.str(36, ALNUM);
const pw = password(rng);

function assertNoLeak(result: unknown, ...secrets: string[]): void {
  const json = JSON.stringify(result);
  for (const secret of secrets) {
    for (const piece of substrings8(secret)) {
      assert.ok(!json.includes(piece), 'an 8-character piece of a secret reached the result');
    }
  }
}

describe('checkPrivacy', () => {
  describe('sources', () => {
    it('names prompt, selection, reference and history sources', () => {
      const req: AskRequest = {
        prompt: `use ${ghp}`,
        references: [
          { kind: 'selection', name: 'selection', content: `password = "${pw}"` },
          { kind: 'file', name: 'src/db.ts', path: '/ws/src/db.ts', content: `const url = "postgres://app:${pw}@db:5432/x";` },
          { kind: 'implicit', name: 'notes.md', content: `token: ${ghp}` },
        ],
        history: [{ role: 'user', content: 'hello' }, { role: 'assistant', content: `old ${ghp}` }],
      };
      const result = checkPrivacy(req, OPTIONS);
      const sources = new Set(result.findings.map(f => f.source));
      assert.deepEqual([...sources].sort(), ['history:1', 'prompt', 'reference:notes.md', 'reference:src/db.ts', 'selection']);
      assert.equal(result.privacy, 'restricted');
      assertNoLeak(result, ghp, pw);
    });

    it('a value in a reference\'s name is a finding, the name shown masked; a marker word in a name is not', () => {
      const named = checkPrivacy({ prompt: 'explain', references: [{ kind: 'file', name: `keys/${ghp}.txt`, path: `/ws/keys/${ghp}.txt`, content: 'const a = 1;' }] }, OPTIONS);
      assert.equal(named.privacy, 'restricted');
      assert.deepEqual([...new Set(named.findings.map(f => f.source))], ['reference:***']);
      assertNoLeak(named, ghp);
      const marked = checkPrivacy({ prompt: 'explain', references: [{ kind: 'file', name: 'docs/confidential-notes.md', path: '/ws/docs/confidential-notes.md', content: 'Release on Monday.' }] }, OPTIONS);
      assert.deepEqual(marked.findings, []);
    });

    it('finds a secret that is only in an earlier history turn', () => {
      const result = checkPrivacy({ prompt: 'continue', history: [{ role: 'user', content: `key ${ghp}` }] }, OPTIONS);
      assert.deepEqual(result.findings.map(f => [f.rule, f.source]), [['github-token', 'history:0']]);
      assert.equal(result.privacy, 'restricted');
    });
  });

  describe('boundaries between parts', () => {
    it('finds a token cut in half across two selections, at its start in the first', () => {
      const cut = 20;
      const result = checkPrivacy({ prompt: 'explain', references: [
        { kind: 'selection', name: 'selection', content: `x\nconst auth = "${ghp.slice(0, cut)}`, startLine: 3 },
        { kind: 'selection', name: 'selection 2', content: `${ghp.slice(cut)}";`, startLine: 4 },
      ] }, OPTIONS);
      assert.deepEqual(result.findings.map(f => [f.rule, f.source, f.line, f.column]), [['github-token', 'selection', 4, 15]]);
      assertNoLeak(result, ghp);
    });

    it('does not report a secret twice when it lies wholly inside one part', () => {
      const result = checkPrivacy({ prompt: `x ${ghp}`, references: [{ kind: 'file', name: 'a.ts', content: 'const a = 1;' }] }, OPTIONS);
      assert.equal(result.findings.length, 1);
    });
  });

  describe('positions', () => {
    it('reports 1-based line and column of the value', () => {
      const text = `line one\n\n  x = 1; const t = "${ghp}";\n`;
      const [finding] = scanText(text, 'prompt', OPTIONS);
      assert.equal(finding.rule, 'github-token');
      assert.equal(finding.line, 3);
      assert.equal(finding.column, text.split('\n')[2].indexOf('ghp_') + 1);
    });

    it('offsets selection lines by startLine', () => {
      const content = `a\nb\nsecret ${ghp}`;
      const result = checkPrivacy({ prompt: 'x', references: [{ kind: 'selection', name: 'selection', content, startLine: 40 }] }, OPTIONS);
      assert.deepEqual(result.findings.map(f => [f.source, f.line, f.column]), [['selection', 42, 8]]);
    });

    it('keeps one finding per rule and position, and one per occurrence', () => {
      const text = `token = "${ghp}"\ntoken = "${ghp}"`;
      const findings = scanText(text, 'prompt', OPTIONS);
      assert.deepEqual(findings.map(f => [f.rule, f.line]), [['github-token', 1], ['github-token', 2]]);
    });
  });

  describe('privacy class', () => {
    it('is public for a harmless prompt with no attached content', () => {
      const result = checkPrivacy({ prompt: 'How do I reverse a list in Python?', references: [{ kind: 'file', name: 'a.py' }] }, OPTIONS);
      assert.equal(result.privacy, 'public');
      assert.deepEqual(result.findings, []);
    });

    it('is internal when workspace content is attached and nothing is found', () => {
      const result = checkPrivacy({ prompt: 'explain', references: [{ kind: 'file', name: 'a.py', content: 'def f(x):\n    return x * 2\n' }] }, OPTIONS);
      assert.equal(result.privacy, 'internal');
    });

    it('is restricted on any finding, including a marker', () => {
      const result = checkPrivacy({ prompt: 'refactor this // hybrid:local' }, OPTIONS);
      assert.equal(result.privacy, 'restricted');
      assert.equal(result.findings[0].kind, 'marker');
    });

    it('counts scanned characters over every part', () => {
      const req: AskRequest = { prompt: 'abc', references: [{ kind: 'file', name: 'f', content: '12345' }], history: [{ role: 'user', content: 'xy' }] };
      assert.equal(checkPrivacy(req, OPTIONS).scannedChars, 10);
    });
  });

  describe('binary content', () => {
    it('lists a source with NUL bytes and still finds secrets in it', () => {
      const result = checkPrivacy({ prompt: 'what is this?', references: [
        { kind: 'file', name: 'blob.bin', content: 'ELF\u0000\u0001\u0002data' },
        { kind: 'file', name: 'dump.bin', content: `\u0000\u0000${ghp}\u0000` },
      ] }, OPTIONS);
      assert.deepEqual(result.binarySources, ['reference:blob.bin', 'reference:dump.bin']);
      assert.deepEqual(result.findings.map(f => f.source), ['reference:dump.bin']);
    });

    it('does not list text sources as binary', () => {
      assert.deepEqual(checkPrivacy({ prompt: 'plain text' }, OPTIONS).binarySources, []);
    });
  });

  describe('extra patterns', () => {
    it('applies a valid user pattern as a secret rule', () => {
      const result = checkPrivacy({ prompt: 'ticket ACME-493021 is internal' }, { sensitiveFileGlobs: [], extraPatterns: ['ACME-[0-9]{6}'] });
      assert.deepEqual(result.findings.map(f => [f.rule, f.kind, f.column]), [['user-pattern-1', 'secret', 8]]);
    });

    it('ignores invalid and catastrophic patterns with a diagnostic, keeping the others and the built-ins', () => {
      const opts = { sensitiveFileGlobs: [], extraPatterns: ['([', '(a+)+$', 'PROJ-[0-9]{4}', ''] };
      const result = checkPrivacy({ prompt: `PROJ-1234 and ${ghp}` }, opts);
      assert.deepEqual(result.findings.map(f => f.rule).sort(), ['github-token', 'user-pattern-3']);
      assert.equal(result.diagnostics?.length, 3);
      assert.ok(result.diagnostics?.every(d => !d.includes('PROJ') && !d.includes('(a+)')));
    });
  });

  describe('fail closed', () => {
    it('turns a failing request into a restricted scanner-error finding', () => {
      const hostile = { get prompt(): string { throw new Error('boom'); } } as unknown as AskRequest;
      const result = checkPrivacy(hostile, OPTIONS);
      assert.equal(result.privacy, 'restricted');
      assert.deepEqual(result.findings.map(f => [f.rule, f.kind]), [['scanner-error', 'secret']]);
    });

    it('records scanner-error when one rule throws, and keeps the other rules', () => {
      const set = new RuleSet([
        { id: 'throws', kind: 'secret', anchors: ['boom'], pattern: /boom/g, validate: () => { throw new Error('bad rule'); } },
        { id: 'works', kind: 'secret', anchors: ['ok'], pattern: /ok\d/g },
      ]);
      const findings = scan(set, 'boom ok1');
      assert.deepEqual(findings.map(f => f.rule).sort(), ['scanner-error', 'works']);
      assert.equal(findings.find(f => f.rule === 'scanner-error')?.value, '');
    });
  });

  describe('large and hostile input (no timing assertions)', () => {
    it('scans 10 MB of source with a secret near the end', () => {
      const block = 'function add(a, b) {\n  // sum of two numbers, key: value pairs\n  return a + b;\n}\n';
      const big = block.repeat(Math.ceil((10 * 1024 * 1024) / block.length)) + `const t = "${ghp}";\n`;
      const result = checkPrivacy({ prompt: 'review', references: [{ kind: 'selection', name: 'selection', content: big }] }, OPTIONS);
      assert.ok(result.scannedChars >= 10 * 1024 * 1024);
      assert.deepEqual(result.findings.map(f => f.rule), ['github-token']);
    });

    it('survives a 1 MB single line of near-miss tokens and long base64 runs', () => {
      const nearMiss = 'password=x token=ghp_short key=AKIA ';
      const line = nearMiss.repeat(Math.ceil((512 * 1024) / nearMiss.length)) + 'QUJD'.repeat(128 * 1024);
      const findings = scanText(line, 'prompt', OPTIONS);
      assert.ok(findings.every(f => f.rule !== 'scanner-error'));
    });

    it('handles lone surrogates and deeply nested brackets', () => {
      const text = '\ud800x\udfff' + '['.repeat(100000) + ']'.repeat(100000);
      assert.deepEqual(scanText(text, 'prompt', OPTIONS), []);
    });
  });
});
