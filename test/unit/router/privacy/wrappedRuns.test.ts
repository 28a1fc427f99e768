import * as assert from 'node:assert/strict';
import * as fc from 'fast-check';
import { scanText } from '../../../../src/router/privacyGate';
import { base64RunEndAt, ENCODED_RULES } from '../../../../src/router/privacy/rules/encoded';
import { RuleSet, scan } from '../../../../src/router/privacy/scanner';
import { Rng, b64, password } from './fixtures';

const OPTIONS = { sensitiveFileGlobs: [], extraPatterns: [] };
/** What the wrapped-secret rule matched with before it read runs itself: a base64 run, whole, by regular expression. */
const REFERENCE_RUN = /(?<![A-Za-z0-9+/_-])[A-Za-z0-9+/_-]{16,16384}={0,2}(?![A-Za-z0-9+/=_-])/y;

function referenceEndAt(text: string, p: number): number {
  REFERENCE_RUN.lastIndex = p;
  const m = REFERENCE_RUN.exec(text);
  return m ? p + m[0].length : -1;
}

describe('privacy gate: base64 runs near a credential word', () => {
  it('reads a run where the regular expression matches one, and to the same end, for any text and position', () => {
    const unit = fc.constantFrom('A', 'z', '9', '+', '/', '_', '-', '=', ' ', '\n', 'é', '"');
    // Runs of 16 characters or more must be common, so most draws repeat one run character.
    const text = fc.array(fc.oneof(unit, unit.map(u => u.repeat(6))), { maxLength: 60 }).map(parts => parts.join(''));
    fc.assert(fc.property(text, fc.nat(), (t, i) => {
      const p = t.length === 0 ? 0 : i % t.length;
      assert.equal(base64RunEndAt(t, p), referenceEndAt(t, p));
    }), { numRuns: 5000 });
  });

  it('bounds a run at 16,384 characters and two `=`, as the regular expression does', () => {
    for (const text of ['A'.repeat(16384), 'A'.repeat(16385), `${'A'.repeat(20)}==`, `${'A'.repeat(20)}===`, `${'A'.repeat(20)}==B`, 'A'.repeat(15)]) {
      assert.equal(base64RunEndAt(text, 0), referenceEndAt(text, 0), `${text.length} characters`);
    }
  });

  const wrapped = b64(`DB_PASS=${password(new Rng(9120))}`);
  const wrappedFindings = (text: string) => scanText(text, 'prompt', OPTIONS).filter(f => f.rule === 'base64-wrapped-secret');

  it('takes a run starting up to 200 characters after the word, and not one further', () => {
    // `TOKEN` ends at 9: the run may start at 209 at the latest.
    assert.equal(wrappedFindings(`API_TOKEN_B64=${' '.repeat(195)}${wrapped}`).length, 1);
    assert.equal(wrappedFindings(`API_TOKEN_B64=${' '.repeat(196)}${wrapped}`).length, 0);
  });

  it('takes a run starting up to 200 characters before the word', () => {
    assert.equal(wrappedFindings(`${wrapped}${' '.repeat(200 - wrapped.length)}token`).length, 1);
    assert.equal(wrappedFindings(`${wrapped}${' '.repeat(201 - wrapped.length)}token`).length, 0);
  });

  it('reports a run near several words once, at its start, and every run near one word', () => {
    const second = b64(`DB_PASS=${password(new Rng(9121))}`);
    const findings = wrappedFindings(`secret token auth: ${wrapped} ${second} password`);
    assert.deepEqual(findings.map(f => f.column), [20, 21 + wrapped.length]);
  });

  it('finds a run near a later word after the stretch an earlier word\'s search read', () => {
    // The first `token` reads run starts up to 205; the run at 236 is near the second one only.
    const text = `token${' '.repeat(225)}token ${wrapped}`;
    assert.deepEqual(wrappedFindings(text).map(f => f.column), [237]);
  });

  it('takes a long run whole, however far its end lies from the word', () => {
    const long = b64(`${'an ordinary sentence of prose, '.repeat(150)}\nDB_PASS=${password(new Rng(9122))}`);
    const findings = wrappedFindings(`token: ${long}`);
    assert.equal(findings.length, 1);
    assert.equal(findings[0].column, 8);
    assert.ok(findings[0].preview.endsWith(`(${long.length} chars)`), findings[0].preview);
  });

  it('finds a run near a word on a later line, after a word with no run near it', () => {
    assert.deepEqual(wrappedFindings(`token\nauth: ${wrapped}`).map(f => f.line), [2]);
  });

  it('reads the rest of a long run from where a word\'s window starts inside it, as it always did', () => {
    // The run starts at the line's start, far out of reach; the window of `token` starts 200 characters before it,
    // inside the run, at a multiple of four from the run's start: what follows decodes to the run's last lines.
    const encoded = b64(`${'a quiet line of text\n'.repeat(12)}DB_PASS=${password(new Rng(9124))}\n`);
    assert.equal(encoded.length % 4, 0);
    assert.deepEqual(wrappedFindings(`${encoded}    token`).map(f => f.column), [encoded.length - 195]);
  });

  it('finds the same values with its hit filter as without it, for texts of words, runs and gaps of any length', () => {
    const rule = ENCODED_RULES.find(r => r.id === 'base64-wrapped-secret')!;
    const filtered = new RuleSet([rule]);
    const unfiltered = new RuleSet([{ ...rule, keepHits: undefined }]);
    const secrets = [wrapped, b64(`DB_PASS=${password(new Rng(9123))}`)];
    const piece = fc.oneof(
      fc.constantFrom('token', 'auth', 'password', ' ', '\n', '=', ...secrets),
      fc.integer({ min: 1, max: 260 }).map(n => ' '.repeat(n)),
      fc.integer({ min: 1, max: 40 }).map(n => 'Ab9+'.repeat(n)),
    );
    fc.assert(fc.property(fc.array(piece, { maxLength: 24 }), pieces => {
      const text = pieces.join('');
      const values = (set: RuleSet) => scan(set, text).map(f => `${f.offset}:${f.value.length}`);
      assert.deepEqual(values(filtered), values(unfiltered));
    }), { numRuns: 400 });
  });
});
