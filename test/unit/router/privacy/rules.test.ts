import * as assert from 'node:assert/strict';
import { BUILTIN_RULE_COUNT, scanText } from '../../../../src/router/privacyGate';
import { BUILTIN_RULES } from '../../../../src/router/privacy/rules';
import { substrings8 } from './fixtures';
import { RULE_CASES } from './ruleCases';

const OPTIONS = { sensitiveFileGlobs: [], extraPatterns: [] };

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

      for (const negative of c.negatives) {
        it(`ignores look-alike ${JSON.stringify(negative.slice(0, 40))}`, () => {
          const findings = scanText(negative, 'prompt', OPTIONS);
          assert.deepEqual(findings.map(f => f.rule), []);
        });
      }
    });
  }
});
