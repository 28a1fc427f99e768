/**
 * Property-based (fast-check) redaction: with the privacy gate's REAL findings (never hand-made spans) on generated
 * requests mixing arbitrary text with generated secrets of every format the gate knows, redact → restore gives back
 * the exact text of every part, and no value the gate pointed at is left in the redacted copy. The streaming
 * restorer gives the same text as restoring the whole answer, however the answer is cut into chunks.
 */
import * as assert from 'node:assert/strict';
import * as fc from 'fast-check';
import { checkPrivacy, checkPrivacyWithSpans } from '../../src/router/privacyGate';
import { PLACEHOLDER, PlaceholderVault, redactRequest } from '../../src/router/redaction';
import { restoreText, StreamRestorer } from '../../src/router/restore';
import { restrictingFindings, type AskRequest } from '../../src/router/types';
import { SECRET_GENERATORS, SECRET_KINDS, seeded } from './support/secrets';

const OPTIONS = { sensitiveFileGlobs: [], extraPatterns: [] };

/** A piece of text: arbitrary characters (brackets of placeholders included), or a generated secret in context. */
const piece = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'grapheme', maxLength: 20 }),
  fc.constantFrom('\u27e6', '\u27e7', '\u27e6SECRET_', '\u27e6PII_1', 'password = ', '\n', ' ', '"', '`'),
  fc.record({ kind: fc.constantFrom(...SECRET_KINDS), seed: fc.integer() }).map(({ kind, seed }) => SECRET_GENERATORS[kind](seeded(seed)).text),
);
const part = fc.array(piece, { maxLength: 8 }).map(pieces => pieces.join(''));

const request = fc.record({
  prompt: part,
  references: fc.array(part, { maxLength: 2 }),
  history: fc.array(part, { maxLength: 2 }),
}).map(({ prompt, references, history }): AskRequest => ({
  prompt,
  references: references.map((content, i) => ({ kind: 'file' as const, name: `src/part${i}.ts`, path: `src/part${i}.ts`, content })),
  history: history.map((content, i) => ({ role: i % 2 === 0 ? 'user' as const : 'assistant' as const, content })),
}));

function texts(req: AskRequest): string[] {
  return [req.prompt, ...(req.references ?? []).map(r => r.content ?? ''), ...(req.history ?? []).map(t => t.content)];
}

describe('adversarial: property-based redaction over the gate\'s real findings', function () {
  this.timeout(120_000);

  it('redact → restore gives back every part exactly, and no value the gate pointed at is left', () => {
    let redactedRuns = 0;
    fc.assert(fc.property(request, req => {
      const { result, spans } = checkPrivacyWithSpans(req, OPTIONS);
      const vault = new PlaceholderVault();
      const redaction = redactRequest(req, spans, vault);
      if (redaction.kind === 'refused') {
        const shaped = texts(req).some(t => /\u27e6(?:SECRET|PII)_\d{1,9}\u27e7/.test(t));
        assert.ok(spans.unspanned.length > 0 || shaped, `refused without cause: ${redaction.reason}`);
        return;
      }
      if (restrictingFindings(result.findings).length > 0) { redactedRuns++; }
      const original = texts(req);
      const redacted = texts(redaction.request);
      redacted.forEach((text, i) => assert.equal(restoreText(text, vault), original[i]));
      const values = [spans.prompt, ...spans.references, ...spans.history]
        .flatMap((partSpans, i) => partSpans.map(s => original[i].slice(s.start, s.end)))
        .filter(v => v.length >= 8);
      // Placeholders are ours: a found value such as `⟦SECRET_` may be part of one without being left in the copy.
      const outsidePlaceholders = redacted.map(t => t.replace(PLACEHOLDER, '\u0000'));
      values.forEach(v => assert.ok(outsidePlaceholders.every(t => !t.includes(v)), 'a value the gate found is still in the redacted copy'));
      assert.equal(redaction.count, vault.size);
    }), { numRuns: 400 });
    assert.ok(redactedRuns > 50, `too few runs held a secret to redact (${redactedRuns})`);
  });

  it('a redacted copy of any generated secret in context holds no finding when scanned again, or stays local', () => {
    for (const kind of SECRET_KINDS) {
      let clean = 0;
      fc.assert(fc.property(fc.integer(), part, part, (seed, before, after) => {
        const sample = SECRET_GENERATORS[kind](seeded(seed));
        const req: AskRequest = { prompt: `${before}\n${sample.text}\n${after}` };
        const { spans } = checkPrivacyWithSpans(req, OPTIONS);
        const redaction = redactRequest(req, spans, new PlaceholderVault());
        if (redaction.kind === 'redacted') {
          // What the service then checks: a copy that still holds a finding is never sent; one that does not must
          // not hold the sample's sensitive part either.
          const again = checkPrivacy(redaction.request, OPTIONS);
          if (restrictingFindings(again.findings).length === 0) {
            clean++;
            assert.ok(!redaction.request.prompt.includes(sample.value), `${kind}: the value survived redaction unseen`);
          }
        }
      }), { numRuns: 25 });
      assert.ok(clean > 0, `${kind}: never redacted cleanly`);
    }
  });

  it('the streaming restorer gives the same text as restoring the whole answer, for any chunking', () => {
    const vault = new PlaceholderVault();
    const known = ['first-value', 'second "quoted" value', '\u27e6not-a-placeholder'].map((v, i) => vault.placeholderFor(v, i === 1 ? 'pii' : 'secret'));
    const segment = fc.oneof(
      fc.string({ maxLength: 12 }),
      fc.constantFrom(...known, '\u27e6SECRET_99\u27e7', '\u27e6SEC', '\u27e6PII_', '\u27e6', '\u27e7', '`', '"'),
    );
    fc.assert(fc.property(fc.array(segment, { maxLength: 20 }), fc.array(fc.nat(), { maxLength: 12 }), (segments, cuts) => {
      const answer = segments.join('');
      const points = [...new Set(cuts.map(c => c % (answer.length + 1)))].sort((a, b) => a - b);
      const chunks = [0, ...points].map((p, i, all) => answer.slice(p, all[i + 1] ?? answer.length));
      const restorer = new StreamRestorer(vault);
      const streamed = chunks.map(c => restorer.push(c)).join('') + restorer.flush();
      assert.equal(streamed, restoreText(answer, vault));
    }), { numRuns: 1000 });
  });
});
