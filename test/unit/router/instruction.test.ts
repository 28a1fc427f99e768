import * as assert from 'node:assert/strict';
import * as fc from 'fast-check';
import { extractInstruction } from '../../../src/router/instruction';

describe('extractInstruction', () => {
  it('keeps the prose and drops a fenced block, a stack trace and code lines', () => {
    const prompt = [
      'Why does this throw when the list is empty?',
      '```js',
      'const first = items[0].name;',
      '```',
      'TypeError: Cannot read properties of undefined',
      '    at render (app.js:12:5)',
      'function total(xs) { return xs.reduce((a, b) => a + b, 0); }',
      'I expected undefined instead.',
    ].join('\n');
    const result = extractInstruction(prompt);
    assert.match(result.text, /^Why does this throw when the list is empty\?/);
    assert.match(result.text, /I expected undefined instead\./);
    assert.ok(!result.text.includes('items[0]'));
    assert.ok(!result.text.includes('at render'));
    assert.ok(!result.text.includes('reduce'));
    assert.ok(result.pastedChars > 100);
  });

  it('keeps an issue title that opens with a bracketed tag, without the tag', () => {
    const result = extractInstruction('[bug] Goroutines leak on the relay server after a load test');
    assert.equal(result.text, 'Goroutines leak on the relay server after a load test');
    // A bracketed code line is still pasted material.
    assert.equal(extractInstruction('[x, y] = [y, x];').text, '');
  });

  it('judges a line sentence by sentence: an inline snippet goes, the question stays', () => {
    const result = extractInstruction('My loop is wrong. for (let i = 0; i <= xs.length; i++) { total += xs[i]; } Why is the total NaN?');
    assert.match(result.text, /My loop is wrong\./);
    assert.match(result.text, /Why is the total NaN\?/);
    assert.ok(!result.text.includes('xs.length'));
  });

  it('counts words of the instruction only', () => {
    assert.equal(extractInstruction('Rename this variable.\n```\nlet a = 1;\nlet b = 2;\n```').words, 3);
    assert.deepEqual(extractInstruction(''), { text: '', pastedChars: 0, words: 0 });
  });

  it('never throws and never returns more text than it was given', () => {
    fc.assert(fc.property(fc.string({ maxLength: 500 }), prompt => {
      const result = extractInstruction(prompt);
      return result.text.length <= prompt.length && result.pastedChars >= 0;
    }));
    const huge = extractInstruction('x = 1;\n'.repeat(200_000));
    assert.ok(huge.text.length <= 8, `at most a fragment where the 1.4 MB prompt was cut: ${JSON.stringify(huge.text)}`);
  });
});
