import * as assert from 'node:assert/strict';
import * as fc from 'fast-check';
import { nameWords, nameWordsByPattern } from '../../../../src/router/privacy/lexicon';

describe('privacy lexicon: word parts of a name', () => {
  it('splits camelCase, acronyms, snake, kebab and dotted names', () => {
    assert.deepEqual(nameWords('dbPassword'), ['db', 'password']);
    assert.deepEqual(nameWords('X-Api-Key'), ['x', 'api', 'key']);
    assert.deepEqual(nameWords('SMTP_PASS'), ['smtp', 'pass']);
    assert.deepEqual(nameWords('HTTPServer'), ['http', 'server']);
    assert.deepEqual(nameWords('getHTTPResponse2XX'), ['get', 'http', 'response2', 'xx']);
    assert.deepEqual(nameWords('spring.datasource.password'), ['spring', 'datasource', 'password']);
    assert.deepEqual(nameWords('__'), []);
  });

  it('the one-pass split gives what the definition gives, for any ASCII name', () => {
    const chars = fc.constantFrom(...'aAbBkKpPwWzZ09_-.$ x/+=');
    fc.assert(fc.property(fc.array(chars, { maxLength: 40 }).map(a => a.join('')), name => {
      assert.deepEqual(nameWords(name), nameWordsByPattern(name));
    }), { numRuns: 3000, seed: 20261202 });
  });

  it('a name with characters beyond ASCII is split by the definition (lower-casing can change them)', () => {
    for (const name of ['\u212Aey', 'contraseñaDB', '\u0130stanbulToken', 'passé_Word']) {
      assert.deepEqual(nameWords(name), nameWordsByPattern(name));
    }
    assert.deepEqual(nameWords('\u212AEY'), ['key']);   // the Kelvin sign lower-cases to an ASCII k
  });
});

describe('privacy lexicon: a split that stops early', () => {
  it('returns the first atMost + 1 words, the same as the whole split cut there', () => {
    const chars = fc.constantFrom(...'aAbBpPwWzZ09_-. é');
    fc.assert(fc.property(fc.array(chars, { maxLength: 60 }).map(a => a.join('')), fc.integer({ min: 0, max: 14 }), (name, atMost) => {
      assert.deepEqual(nameWords(name, atMost), nameWords(name).slice(0, atMost + 1));
    }), { numRuns: 2000, seed: 20261203 });
  });
});
