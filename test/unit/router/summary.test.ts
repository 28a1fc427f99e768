import * as assert from 'node:assert/strict';
import { maskTokens, SUMMARY_MAX_CHARS, summarizePrompt, summarizeUnscanned } from '../../../src/router/summary';
import type { Finding } from '../../../src/router/types';
import { aGithubToken, randomChars } from '../../fakes';

function finding(source: string, rule = 'github-token'): Finding {
  return { rule, kind: 'secret', source, line: 1, column: 5, preview: 'ghp_****' };
}

describe('summarizePrompt', () => {
  it('shows the first words of a clean prompt', () => {
    assert.equal(summarizePrompt('Why does   this\nloop never end?', []), 'Why does this loop never end?');
  });

  it('never exceeds the label length and cuts at a word boundary', () => {
    const prompt = 'Explain how the request pipeline handles retries when the upstream service returns errors repeatedly';
    const label = summarizePrompt(prompt, []);
    assert.ok(label.length <= SUMMARY_MAX_CHARS, label);
    assert.ok(label.endsWith('…'));
    assert.ok(prompt.startsWith(label.slice(0, -1)), 'the cut is a prefix at a word boundary');
    assert.ok(!label.slice(0, -1).endsWith(' '));
  });

  it('hides every prompt word when the prompt itself has a finding', () => {
    const token = aGithubToken();
    const label = summarizePrompt(`please check ${token} for me`, [finding('prompt'), finding('selection', 'aws-key')]);
    assert.equal(label, '[restricted] 2 findings · prompt, selection');
    assert.ok(!label.includes('please'));
  });

  it('shows prompt words (marked restricted) when other sources have only findings without a value', () => {
    const marker: Finding = { rule: 'confidential-marker', kind: 'marker', source: 'reference:plan.md', line: 1, column: 1, preview: 'confidential' };
    const byName: Finding = { rule: 'env-file', kind: 'sensitive-file', source: 'reference:.env', line: 1, column: 1, preview: 'file name' };
    assert.equal(summarizePrompt('What does this config do?', [marker, byName]), '[restricted] What does this config do?');
  });

  it('hides prompt words when another source holds a value: the prompt may repeat it where no rule sees it', () => {
    const value = randomChars(10);
    const label = summarizePrompt(`Why is ${value} rejected?`, [finding('reference:app.env'), finding('history:0', 'generic-credential-assignment')]);
    assert.equal(label, '[restricted] 2 findings · reference:app.env, history:0');
  });

  it('masks token-shaped text even when the gate found nothing', () => {
    const token = randomChars(32);
    const label = summarizePrompt(`deploy with ${token} now`, []);
    assert.ok(!label.includes(token));
    assert.equal(label, 'deploy with *** now');
  });

  const masks: [string, string][] = [
    ['my password is hunter2 ok', 'my password is *** ok'],
    ['set api_key=abc123 please', 'set api_key=*** please'],
    ['card 4111 1111 1111 1111 declined', 'card *** declined'],
    ['call 555-123-4567-89 today', 'call *** today'],
    ['version 1.2.3 is fine', 'version 1.2.3 is fine'],
  ];
  for (const [input, expected] of masks) {
    it(`maskTokens: ${expected}`, () => {
      assert.equal(maskTokens(input), expected);
    });
  }

  it('describes an empty prompt by its attachments', () => {
    assert.equal(summarizePrompt('  ', [], ['src/app.ts']), '(no prompt) · src/app.ts');
  });

  it('does not split a surrogate pair when truncating', () => {
    const label = summarizePrompt('x'.repeat(58) + '😀😀😀', []);
    assert.ok(label.length <= SUMMARY_MAX_CHARS);
    assert.ok(!/[\uD800-\uDBFF]…$/.test(label));
  });

  it('summarizeUnscanned names only what was refused and where', () => {
    assert.equal(summarizeUnscanned('binary content', ['reference:logo.png']), '[not sent] binary content · reference:logo.png');
  });
});
