/**
 * Child: what redaction for the cloud adds. (1) A 100 KB request with about 50 planted secrets: the gate with value
 * spans, the redacted copy, and its second scan, against the plain gate on the same request (measured side by side
 * in this process). (2) A 20 KB answer holding 50 placeholders, streamed in about 1,000 chunks through the
 * streaming restorer, against passing the same chunks through untouched.
 *   node --expose-gc out/bench/redaction.js
 */
import { checkPrivacy, checkPrivacyWithSpans } from '../src/router/privacyGate';
import { PlaceholderVault, redactRequest } from '../src/router/redaction';
import { restoreText, StreamRestorer } from '../src/router/restore';
import type { AskRequest } from '../src/router/types';
import { median, report, runMain, sample, sampleInterleaved } from './harness';
import { flatText, mixedSource } from './inputs';

const OPTIONS = { sensitiveFileGlobs: [], extraPatterns: [] };
const REQUEST_BYTES = 100 * 1024;
const PLANTED = 50;
const ANSWER_BYTES = 20 * 1024;
const PLACEHOLDERS = 50;
const CHUNK_CHARS = 20;
/** Matches at once; running it makes V8 flatten the string it is given, as the gate's first read does. */
const FIRST_READ = /^/;

function redactOnce(req: AskRequest): { request: AskRequest; vault: PlaceholderVault; count: number } {
  const { spans } = checkPrivacyWithSpans(req, OPTIONS);
  const vault = new PlaceholderVault();
  const redaction = redactRequest(req, spans, vault);
  if (redaction.kind !== 'redacted') throw new Error(`not redacted: ${redaction.reason}`);
  checkPrivacy(redaction.request, OPTIONS);
  return { request: redaction.request, vault, count: redaction.count };
}

/** An answer of about 20 KB that echoes placeholders of `vault` (one in every ~400 characters), in chunks. */
function answerChunks(vault: PlaceholderVault): { chunks: string[]; placeholders: number } {
  const line = 'The retry loop now backs off exponentially and the cache sits behind the repository interface. ';
  const known = Array.from({ length: PLACEHOLDERS }, (_, i) => vault.placeholderFor(`value-${i}-${'x'.repeat(i % 7)}`, i % 5 === 0 ? 'pii' : 'secret'));
  let text = '';
  for (let i = 0; text.length < ANSWER_BYTES; i++) {
    text += line.repeat(4) + (i < known.length ? `\`${known[i]}\` ` : '');
  }
  const chunks: string[] = [];
  for (let at = 0; at < text.length; at += CHUNK_CHARS) chunks.push(text.slice(at, at + CHUNK_CHARS));
  return { chunks, placeholders: (text.match(/\u27e6/g) ?? []).length };
}

runMain('redaction', async () => {
  const req: AskRequest = { prompt: 'Refactor this module.', references: [{ kind: 'file', name: 'src/big.ts', path: 'src/big.ts', content: flatText(mixedSource(REQUEST_BYTES, 7, Math.floor(REQUEST_BYTES / PLANTED)).text) }] };
  const first = redactOnce(req);
  // The plain gate and the gate with redaction, their samples interleaved: the overhead is their difference, and on a
  // machine whose speed drifts, two runs measured one after the other can differ by more than the overhead.
  const { gate, redacted } = await sampleInterleaved({ gate: () => checkPrivacy(req, OPTIONS), redacted: () => redactOnce(req) }, { minSamples: 11, maxSamples: 41 });
  const restore = await sample(() => restoreText(first.request.references?.[0].content ?? '', first.vault));
  // Where the overhead goes: the redaction step alone; the step and the copy's first read (V8 builds the redacted copy
  // as a rope of slices and placeholders and flattens it when first read); the second scan of an already flat copy.
  const { spans } = checkPrivacyWithSpans(req, OPTIONS);
  const flatCopy = first.request;
  FIRST_READ.test(flatCopy.references?.[0].content ?? '');
  const parts = await sampleInterleaved({
    step: () => redactRequest(req, spans, new PlaceholderVault()),
    stepAndRead: () => {
      const redaction = redactRequest(req, spans, new PlaceholderVault());
      return redaction.kind === 'redacted' && FIRST_READ.test(redaction.request.references?.[0].content ?? '');
    },
    secondScan: () => checkPrivacy(flatCopy, OPTIONS),
  }, { minSamples: 11, maxSamples: 41 });

  const vault = new PlaceholderVault();
  const { chunks, placeholders } = answerChunks(vault);
  let sink = 0;
  const plain = await sample(() => { for (const c of chunks) sink += c.length; });
  const streamed = await sample(() => {
    const restorer = new StreamRestorer(vault);
    for (const c of chunks) sink += restorer.push(c).length;
    sink += restorer.flush().length;
  });
  const perThousand = (ms: number): number => (ms * 1000) / chunks.length;
  report({
    bench: 'redaction',
    requestBytes: (req.references?.[0].content ?? '').length + req.prompt.length,
    redactedValues: first.count,
    gateMs: median(gate.perOpMs),
    redactedMs: median(redacted.perOpMs),
    overheadMs: median(redacted.perOpMs) - median(gate.perOpMs),
    restoreRequestMs: median(restore.perOpMs),
    stepMs: median(parts.step.perOpMs),
    firstReadMs: median(parts.stepAndRead.perOpMs) - median(parts.step.perOpMs),
    secondScanMs: median(parts.secondScan.perOpMs),
    copyChars: (first.request.references?.[0].content ?? '').length,
    runs: redacted.perOpMs.length,
    answerChars: chunks.join('').length,
    chunks: chunks.length,
    placeholders,
    plainPerThousandMs: perThousand(median(plain.perOpMs)),
    restorePerThousandMs: perThousand(median(streamed.perOpMs)),
    streamRuns: streamed.perOpMs.length,
    sink,
  });
});
