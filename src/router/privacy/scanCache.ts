/**
 * Scan results per message part, keyed by a hash of the part's content, so an agent loop that resends its whole
 * history every turn scans each part once. Holds findings (rule, position, masked preview) and value offsets only:
 * never a part's text. A finding's `source` depends on where the part sits in the request (`history:3`), so entries
 * are stored without it and relabelled on the way out; the key is independent of position.
 */
import * as crypto from 'node:crypto';
import type { Finding } from '../types';
import { LineIndex } from './lines';
import { LruMap } from './lruMap';
import type { RuleSet } from './scanner';
import { scanAcrossBoundary, scanSource, type ScannedPart, type ValueSpan } from './sources';

interface PartEntry {
  /** Small and unique per entry: boundary results are remembered by the pair of ids. */
  readonly id: number;
  readonly findings: readonly Finding[];
  readonly spans: readonly ValueSpan[];
  readonly unspanned: readonly string[];
}

/** A part scanned through the cache: the ScannedPart the gate uses, and its entry's id for boundary lookups. */
export interface CachedPart extends ScannedPart {
  readonly entryId: number;
}

let nextEntryId = 0;
const NO_FINDINGS: readonly Finding[] = Object.freeze([]);

/** Distinct rule sets get distinct ids, so a change of extra patterns never reuses an old result. */
const setIds = new WeakMap<RuleSet, number>();
let nextSetId = 0;
function setIdOf(set: RuleSet): number {
  let id = setIds.get(set);
  if (id === undefined) {
    id = nextSetId++;
    setIds.set(set, id);
  }
  return id;
}

/**
 * A cached entry seen as one request's part. Its line index is built only if a finding across its boundary needs a
 * position: an agent turn looks at every part of its history, and nearly all of them are cache hits with no finding.
 */
class CachedView implements CachedPart {
  readonly findings: readonly Finding[];
  readonly spans: readonly ValueSpan[];
  readonly unspanned: readonly string[];
  readonly entryId: number;
  private lineIndex: LineIndex | undefined;

  constructor(readonly text: string, readonly source: string, readonly lineOffset: number, entry: PartEntry) {
    this.findings = relabel(entry.findings, source);
    this.spans = entry.spans;
    this.unspanned = entry.unspanned;
    this.entryId = entry.id;
  }

  get lines(): LineIndex {
    return (this.lineIndex ??= new LineIndex(this.text));
  }
}

/** The scan of the empty text, per rule set (a user's pattern may match it, so it is scanned, once). */
const emptyEntries = new WeakMap<RuleSet, PartEntry>();
function emptyEntryOf(set: RuleSet): PartEntry {
  let entry = emptyEntries.get(set);
  if (!entry) {
    const part = scanSource(set, '', '');
    entry = { id: nextEntryId++, findings: part.findings, spans: part.spans, unspanned: part.unspanned };
    emptyEntries.set(set, entry);
  }
  return entry;
}

/** What the privacy gate needs to scan parts: ScanCache, or one request's session of it. */
export interface PartScanner {
  scan(set: RuleSet, text: string, source: string, lineOffset?: number): CachedPart;
  acrossBoundary(set: RuleSet, first: CachedPart, second: CachedPart): readonly Finding[];
}

/**
 * Bounded least-recently-used cache of part scans, boundary scans and token counts. Use one `session()` per request:
 * it hashes each text once however often the request's stages look at it.
 */
export class ScanCache implements PartScanner {
  readonly parts: LruMap<string, PartEntry>;
  readonly boundaries: LruMap<string, readonly Finding[]>;
  readonly tokens: LruMap<string, number>;
  hits = 0;
  misses = 0;

  /** `capacity`: entries kept of each kind (parts, boundaries, token counts); at most 2,048 (see LruMap). */
  constructor(readonly capacity = 2048) {
    this.parts = new LruMap(capacity);
    this.boundaries = new LruMap(capacity);
    this.tokens = new LruMap(capacity);
  }

  get size(): number {
    return this.parts.size + this.boundaries.size;
  }

  /** A view of the cache for one request. Its memo of digests lives as long as the session object. */
  session(): ScanSession {
    return new ScanSession(this);
  }

  scan(set: RuleSet, text: string, source: string, lineOffset = 0): CachedPart {
    return this.session().scan(set, text, source, lineOffset);
  }

  acrossBoundary(set: RuleSet, first: CachedPart, second: CachedPart): readonly Finding[] {
    return this.session().acrossBoundary(set, first, second);
  }
}

/** One request's use of a ScanCache. */
export class ScanSession implements PartScanner {
  /** Digest of each text seen in this request (the same string is scanned and counted). */
  private readonly digests = new Map<string, string>();

  constructor(private readonly cache: ScanCache) {}

  /** scanSource, or its remembered result for the same content, line offset and rules. */
  scan(set: RuleSet, text: string, source: string, lineOffset = 0): CachedPart {
    // The common case (built-in rules, no line offset) is keyed by the digest alone: a turn of an agent loop looks up
    // every part of its history, and each key built is one more string for the garbage collector.
    const setId = setIdOf(set);
    if (text === '' && lineOffset === 0) {
      // Every assistant turn that only calls tools has empty content: one scan per rule set serves them all.
      return new CachedView(text, source, lineOffset, emptyEntryOf(set));
    }
    const digest = this.digest(text);
    const key = setId === 0 && lineOffset === 0 ? digest : `${setId}:${lineOffset}:${digest}`;
    let entry = this.cache.parts.get(key);
    if (entry) {
      this.cache.hits++;
    } else {
      this.cache.misses++;
      const part = scanSource(set, text, '', lineOffset);
      entry = { id: nextEntryId++, findings: part.findings, spans: part.spans, unspanned: part.unspanned };
      this.cache.parts.set(key, entry);
    }
    return new CachedView(text, source, lineOffset, entry);
  }

  /** scanAcrossBoundary for two cached parts, remembered by the pair of their entries (which imply the rules). */
  acrossBoundary(set: RuleSet, first: CachedPart, second: CachedPart): readonly Finding[] {
    const key = `${first.entryId}|${second.entryId}`;
    let found = this.cache.boundaries.get(key);
    if (!found) {
      // Stored without a source, like part entries (a view's line index is a getter: it is named, not spread).
      const unnamed: ScannedPart = { text: first.text, source: '', lineOffset: first.lineOffset, lines: first.lines, findings: first.findings, spans: first.spans, unspanned: first.unspanned };
      found = scanAcrossBoundary(set, unnamed, second);
      this.cache.boundaries.set(key, found);
    }
    return relabel(found, first.source);
  }

  /** `count(text)`, remembered by content (for stage 1's token estimate of a long history). */
  tokens(text: string, count: (text: string) => number): number {
    if (text.length < 256) {
      return count(text);
    }
    const key = this.digest(text);
    let tokens = this.cache.tokens.get(key);
    if (tokens === undefined) {
      tokens = count(text);
      this.cache.tokens.set(key, tokens);
    }
    return tokens;
  }

  private digest(text: string): string {
    let known = this.digests.get(text);
    if (known === undefined) {
      known = digest(text);
      this.digests.set(text, known);
    }
    return known;
  }
}

/**
 * One-shot `crypto.hash` where the runtime has it: a Hash object per part would be a native object the garbage
 * collector must visit through a weak handle, and an agent turn digests every part of its history.
 */
const oneShotHash = (crypto as { hash?: (algorithm: string, data: string, encoding: 'base64') => string }).hash;

function digest(text: string): string {
  return oneShotHash ? oneShotHash('sha256', text, 'base64') : crypto.createHash('sha256').update(text).digest('base64');
}

function relabel(findings: readonly Finding[], source: string): readonly Finding[] {
  return findings.length === 0 ? NO_FINDINGS : findings.map(f => ({ ...f, source }));
}
