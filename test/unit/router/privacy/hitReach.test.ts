import * as assert from 'node:assert/strict';
import * as fc from 'fast-check';
import { endingWithin, endsConnectionValue } from '../../../../src/router/privacy/hitReach';
import { keptHits } from '../../../../src/router/privacy/hitLists';
import { checkPrivacy } from '../../../../src/router/privacyGate';
import { RuleSet, scan } from '../../../../src/router/privacy/scanner';
import { PROSE_RULES } from '../../../../src/router/privacy/rules/prose';
import { ALNUM, B64, Rng } from './fixtures';

const OPTIONS = { sensitiveFileGlobs: [], extraPatterns: [] };

/** The obvious way: look at every character after each hit. */
function reference(text: string, hits: readonly number[], reach: number, ends: (code: number) => boolean): number[] {
  return hits.filter(hit => {
    for (let i = hit; i <= hit + reach; i++) {
      if (i >= text.length || ends(text.charCodeAt(i))) {
        return true;
      }
    }
    return false;
  });
}

describe('endingWithin (bulk hit filter)', () => {
  it('keeps exactly the hits a character-by-character search keeps, for any text, hits and reach', () => {
    const text = fc.string({ unit: fc.constantFrom('a', 'a', 'a', 'b', 'b', '=', '=', ';', ' ', '"', 'é'), maxLength: 300 });
    fc.assert(fc.property(text, fc.array(fc.nat(320)), fc.integer({ min: 0, max: 40 }), (t, raw, reach) => {
      const hits = Int32Array.from(new Set(raw.filter(h => h < t.length))).sort();
      const got = [...endingWithin(reach, endsConnectionValue)(t, hits)];
      assert.deepEqual(got, reference(t, [...hits], reach, endsConnectionValue));
    }));
  });

  it('drops every hit of a long line without a delimiter, and keeps the ones near its end', () => {
    const text = 'password='.repeat(1000);
    const hits = Int32Array.from({ length: 1000 }, (_, i) => i * 9);
    const kept = endingWithin(212, endsConnectionValue)(text, hits);
    assert.ok(kept.length > 0 && kept.length < 30, `${kept.length} kept`);
    assert.ok(kept.every(hit => text.length - hit <= 212));
  });
});

describe('private keys behind hostile repetition', () => {
  const body = new Rng(7711).str(64, B64);
  const found = (text: string) => checkPrivacy({ prompt: 'Why does this fail?', references: [{ kind: 'file', name: 'notes.txt', content: text }] }, OPTIONS)
    .findings.filter(f => f.rule === 'private-key').length;

  it('finds headers that name the key right after BEGIN and 26 characters after it', () => {
    assert.equal(found(`-----BEGINPRIVATE KEY-----\n${body}\n`), 1);
    assert.equal(found(`-----BEGIN SSH2 ENCRYPTED PRIVATE KEY-----\n${body}\n`), 1);
    assert.equal(found(`-----BEGIN CERTIFICATE-----\n${body}\n`), 0);
  });

  it('still finds a key after a long line of `-----BEGIN` and certificate headers', () => {
    const text = `${'-----BEGIN'.repeat(20_000)}\n${'-----BEGIN CERTIFICATE-----\n'.repeat(200)}-----BEGIN RSA PRIVATE KEY-----\n${body}\n`;
    assert.equal(found(text), 1);
  });
});

describe('keptHits', () => {
  it('returns the same list when every hit is kept, and the kept ones in order otherwise', () => {
    const hits = Int32Array.from([1, 4, 9, 16]);
    assert.equal(keptHits(hits, () => true), hits);
    assert.deepEqual([...keptHits(hits, h => h % 2 === 0)], [4, 16]);
    assert.deepEqual([...keptHits(hits, () => false)], []);
  });
});

describe('connection-string passwords behind hostile repetition', () => {
  it('still finds the password of a connection string that follows a long line of `password=`', () => {
    const secret = 'Zq8!vR2#kW5tLm';
    const text = `${'password='.repeat(20_000)}\nServer=db.internal;Database=app;User Id=app;Password=${secret};`;
    const result = checkPrivacy({ prompt: 'Why does this fail?', references: [{ kind: 'file', name: 'app.config', content: text }] }, OPTIONS);
    assert.equal(result.privacy, 'restricted');
    assert.ok(result.findings.some(f => f.rule === 'connection-string-password'), result.findings.map(f => f.rule).join(','));
  });
});

describe('connection-string passwords: spacing around `=` and user lists', () => {
  it('finds the password when tabs or several spaces surround `=`, and in a `User=…;Password=…;` list', () => {
    const secret = 'Zx9kQ2vLm4Tr';
    for (const text of [`Server=db;User Id=app;Password\t=${secret};`, `Server=db;User Id=app;Password  =  ${secret};`,
      `Host=db;Pwd\t=\t${secret};`, `Username=app;Password=${secret};`, `User = app; Password = ${secret};`]) {
      const result = checkPrivacy({ prompt: `Why does this fail? ${text}` }, OPTIONS);
      assert.ok(result.findings.some(f => f.rule === 'connection-string-password'), `${JSON.stringify(text)}: ${result.findings.map(f => f.rule).join(',')}`);
    }
    for (const text of ['Server=db;User Id=app;Password\t={your_password};', 'Username=app;Password=<password>;', 'Password\t=${DB_PASSWORD};']) {
      assert.equal(checkPrivacy({ prompt: `Why does this fail? ${text}` }, OPTIONS).privacy, 'public', JSON.stringify(text));
    }
  });
});

describe('credential tables behind long lines', () => {
  it('finds the same tables with the line-reach filter as without it, on tables after lines of any length', () => {
    const table = PROSE_RULES.find(r => r.id === 'credential-table')!;
    const filtered = new RuleSet([table]);
    const unfiltered = new RuleSet([{ ...table, keepHits: undefined }]);
    const row = fc.tuple(fc.constantFrom('token', 'password', 'apiKey', 'name'), fc.string({ unit: fc.constantFrom('a', 'B', '7', 'x', '_'), minLength: 8, maxLength: 40 }))
      .map(([name, value]) => `| ${name} | ${value} |`);
    const line = fc.oneof(row, fc.tuple(fc.integer({ min: 3980, max: 4020 }), fc.integer({ min: 1, max: 1e6 })).map(([n, seed]) => `| token | ${new Rng(seed).str(n, ALNUM)} |`), fc.constant('| name | value |'), fc.constant('|---|---|'));
    fc.assert(fc.property(fc.array(line, { minLength: 1, maxLength: 8 }), lines => {
      const text = lines.join('\n');
      const rules = (set: RuleSet): string => scan(set, text).map(f => `${f.rule}@${f.offset}`).join(',');
      assert.equal(rules(filtered), rules(unfiltered));
    }), { numRuns: 150 });
  });

  it('drops the hits of a line of cells far longer than a row, and still reads the table after it', () => {
    const token = new Rng(17).str(32, ALNUM);
    const text = `${'| apiKey '.repeat(60_000)}\n| name | token |\n|---|---|\n| deploy | ${token} |`;
    const result = checkPrivacy({ prompt: 'Explain', references: [{ kind: 'file', name: 'notes.md', content: text }] }, OPTIONS);
    assert.ok(result.findings.some(f => f.rule === 'credential-table' && f.line === 4), result.findings.map(f => `${f.rule}@${f.line}`).join(','));
  });
});
