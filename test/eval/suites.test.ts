/**
 * The evaluation material itself: the peer suite is what the generator wrote (labels fixed, split by rule), covers
 * every peer rule, and the reviewed list and corpus are well formed. These hold on today's gate and any other.
 */
import * as assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { loadPeerCases, NEGATIVES_ONLY, PEERS, REPO_ROOT, SPLITS, type PeerCase } from './support/peerSuite';
import { listFiles, pythonStdlib } from './support/realCode';
import { loadReviewed } from './support/reviewed';
import { maskedShape } from './support/report';

/** The split rule of scripts/peer-suite/generate.mjs, restated so a hand edit of the fixtures shows. */
function expectedSplit(c: PeerCase): string {
  return createHash('sha256').update(`${c.peer}:${c.rule}`).digest().readUInt32BE(0) % 3 === 0 ? 'test' : 'tune';
}

describe('eval: the evaluation material', function () {
  for (const peer of PEERS) {
    describe(peer, function () {
      const cases = loadPeerCases(peer);

      it('every case is well formed, with a unique id and the split of its rule', function () {
        assert.equal(new Set(cases.map(c => c.id)).size, cases.length);
        for (const c of cases) {
          assert.equal(c.peer, peer);
          assert.ok(c.label === 'secret' || c.label === 'clean', c.id);
          assert.equal(typeof c.text, 'string', c.id);
          assert.equal(c.split, expectedSplit(c), c.id);
        }
      });

      it('both splits hold counted secrets and clean cases, and about a third of the rules are in test', function () {
        for (const split of SPLITS) {
          const counted = cases.filter(c => c.split === split && !c.excluded);
          // A peer taken for its negative examples only has no secrets, and must have none.
          assert.equal(counted.some(c => c.label === 'secret'), !NEGATIVES_ONLY.has(peer), `${split}: secrets`);
          assert.ok(counted.some(c => c.label === 'clean'), `${split}: no clean case`);
        }
        const rules = [...new Set(cases.map(c => c.rule))];
        const testShare = rules.filter(r => expectedSplit(cases.find(c => c.rule === r)!) === 'test').length / rules.length;
        assert.ok(testShare > 0.2 && testShare < 0.45, `test split holds ${(testShare * 100).toFixed(0)}% of the rules`);
      });

      it('exclusions are few and each says why', function () {
        const excluded = cases.filter(c => c.excluded !== undefined);
        excluded.forEach(c => assert.ok(String(c.excluded).length > 10, c.id));
        // secretlint's own snapshots give many formats a placeholder body (`user:pass`, `AAAA…`, `…EXAMPLE`), which the
        // issue counts as no secret: those 22 are excluded with that reason, so its bound is higher.
        // trufflehog makes most negatives by breaking one detail of a real-looking key (length, a character, keyword
        // distance): such an input still holds a credential, so 1,151 of its 1,213 negatives are excluded with that reason.
        // kingfisher's examples are mostly hand-typed samples (`abc123…`, `ABCD1234-EFGH5678`, `zyxw…`): 728 of its 1,423
        // positives are excluded as samples, and its identifier, host and hash rules give no positive at all.
        const bound = cases[0]?.peer === 'kingfisher' ? 0.65 : cases[0]?.peer === 'secretlint' || cases[0]?.peer === 'trufflehog' ? 0.5 : 0.35;
        assert.ok(excluded.length < cases.length * bound, `${excluded.length}/${cases.length} excluded`);
      });
    });
  }

  it('every gitleaks rule of the published rule set has a counted true positive', function () {
    const cases = loadPeerCases('gitleaks');
    const withSecret = new Set(cases.filter(c => c.label === 'secret').map(c => c.rule));
    const rules = new Set(cases.map(c => c.rule));
    assert.ok(rules.size >= 200, `${rules.size} rules`);
    assert.deepEqual([...rules].filter(r => !withSecret.has(r)), []);
  });

  it('trufflehog: a counted clean case holds no long random run of a positive of its detector', function () {
    // The generator's label rule, restated: a "no result" input that repeats a positive's key is not clean.
    const runs = (text: string): string[] => text.split(/[^A-Za-z0-9]+/).filter(r => r.length >= 16 && /\d/.test(r) && /[A-Za-z]/.test(r));
    const cases = loadPeerCases('trufflehog');
    const positiveRuns = new Set(cases.filter(c => c.label === 'secret').flatMap(c => runs(c.text).map(r => `${c.rule}\u0000${r}`)));
    const clean = cases.filter(c => c.label === 'clean' && !c.excluded);
    assert.ok(clean.length >= 50, `${clean.length} counted clean cases`);
    assert.deepEqual(clean.filter(c => runs(c.text).some(r => positiveRuns.has(`${c.rule}\u0000${r}`))).map(c => c.id), []);
  });

  it('kingfisher: no counted positive comes from a rule whose name is an identifier, a location, a public key or a hash', function () {
    // The generator's labelling policy, restated from the rule names alone.
    const notCredential = /password hash|weak password|\bpublic (?:key|access token)\b|\brecipient\b|\bsubscription key\b|\b(?:domain|host)$|(?<!webhook )\burl$|(?<!access key )\b(?:id|identifier|username|email|name)$/i;
    const cases = loadPeerCases('kingfisher');
    const counted = cases.filter(c => c.label === 'secret' && !c.excluded);
    assert.ok(counted.length >= 500, `${counted.length} counted positives`);
    assert.deepEqual(counted.filter(c => notCredential.test(c.name ?? '')).map(c => c.id), []);
    // Such rules' examples are there, excluded; an access key id with a provider format stays a positive by the policy.
    assert.ok(cases.some(c => /Client ID$/.test(c.name ?? '') && c.excluded));
    assert.ok(counted.some(c => c.name === 'AWS Access Key ID'));
  });

  it('the reviewed list is well formed, and its true positives exist on this machine', function () {
    const reviewed = loadReviewed();
    const py = pythonStdlib();
    for (const f of reviewed.files) {
      assert.ok(f.verdict === 'true-positive' || f.verdict === 'false-positive', f.path);
      assert.ok(f.why.length > 10, f.path);
      assert.match(f.path, /^(node_modules|python-stdlib)\//);
      if (f.verdict === 'true-positive' && (f.path.startsWith('node_modules/') || py?.version === reviewed.pythonStdlib)) {
        const full = f.path.startsWith('node_modules/') ? join(REPO_ROOT, f.path) : join(py!.dir, f.path.slice('python-stdlib/'.length));
        assert.ok(existsSync(full), `${f.path} is missing`);
      }
    }
  });

  it('the corpus lists regular files only, without caches or the .bin links', function () {
    const files = listFiles(join(REPO_ROOT, 'node_modules'));
    assert.ok(files.length > 1000, `${files.length} files`);
    assert.ok(!files.some(f => f.includes('/.bin/') || f.endsWith('.pyc')));
  });

  it('masked shapes keep syntax and key names but never a value', function () {
    const value = 'ghp_' + 'aB3dE5gH7jK9mN1pQ3sT5vW7yZ9bC1dF3hJ5';
    const shape = maskedShape(`GITHUB_TOKEN = "${value}"`);
    assert.ok(shape.startsWith('GITHUB_TOKEN = "‹'), shape);
    assert.ok(!shape.includes(value.slice(4, 12)), shape);
  });
});
