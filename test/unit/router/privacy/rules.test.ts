import * as assert from 'node:assert/strict';
import { BUILTIN_RULE_COUNT, scanText } from '../../../../src/router/privacyGate';
import { BUILTIN_RULES, RULES_WITH_PREFIXED_TOKEN } from '../../../../src/router/privacy/rules';
import { RuleSet } from '../../../../src/router/privacy/scanner';
import { scanSource } from '../../../../src/router/privacy/sources';
import { substrings8 } from './fixtures';
import { RULE_CASES } from './ruleCases';

const OPTIONS = { sensitiveFileGlobs: [], extraPatterns: [] };
const WITH_SHAPE = new RuleSet(RULES_WITH_PREFIXED_TOKEN);

describe('privacy rules: one positive and look-alike negatives per rule', () => {
  it('covers every built-in rule with a case', () => {
    const covered = new Set(RULE_CASES.map(c => c.rule));
    const missing = BUILTIN_RULES.map(r => r.id).filter(id => !covered.has(id));
    assert.deepEqual(missing, []);
    assert.equal(BUILTIN_RULE_COUNT, BUILTIN_RULES.length);
  });

  it('rule ids are unique', () => {
    const ids = BUILTIN_RULES.map(r => r.id);
    assert.equal(new Set(ids).size, ids.length);
  });

  for (const c of RULE_CASES) {
    describe(c.rule, () => {
      it('finds the positive', () => {
        const findings = scanText(c.text, 'prompt', OPTIONS);
        assert.ok(findings.some(f => f.rule === c.rule), `${c.rule} not in [${findings.map(f => f.rule).join(', ')}]`);
      });

      it('never echoes the value', () => {
        const json = JSON.stringify(scanText(c.text, 'prompt', OPTIONS));
        if (c.secret.length > 0) {
          assert.ok(!json.includes(c.secret), 'full value leaked');
          for (const piece of substrings8(c.secret)) {
            assert.ok(!json.includes(piece), `substring ${JSON.stringify(piece.length)} chars leaked`);
          }
        }
      });

      for (const shaped of c.caughtByShape ?? []) {
        it(`ignores look-alike ${JSON.stringify(shaped.slice(0, 40))}, which only prefixed-token (not shipped) reports`, () => {
          assert.deepEqual(scanText(shaped, 'prompt', OPTIONS).map(f => f.rule), []);
          assert.deepEqual(scanSource(WITH_SHAPE, shaped, 'prompt').findings.map(f => f.rule), ['prefixed-token']);
        });
      }

      for (const negative of c.negatives) {
        it(`ignores look-alike ${JSON.stringify(negative.slice(0, 40))}`, () => {
          const findings = scanText(negative, 'prompt', OPTIONS);
          assert.deepEqual(findings.map(f => f.rule), []);
        });
      }
    });
  }
});

describe('url-encoded-secret: only runs that hold an escape are matched', () => {
  it('finds an encoded credential whose escape comes late in its run, among format strings and words beside a %', () => {
    const secret = 'Qx7!kP2*vM9tLw4zR';
    const encoded = `token${encodeURIComponent('=' + secret)}`;
    const text = `printf("%s: %d\\n", name, count); // 100% done\nconst next = "https://api.example.com/v1/items?after=longcursorvalue&${encoded}";`;
    const findings = scanText(text, 'prompt', OPTIONS);
    assert.deepEqual(findings.map(f => f.rule), ['url-encoded-secret']);
    assert.deepEqual(scanText('printf("%s: %d\\n", name, count); // 100% done, see https://example.com/a%20b?q=plain_words_here', 'prompt', OPTIONS).map(f => f.rule), []);
  });
});
