/**
 * Scan results per message part, keyed by a hash of the part's content, so an agent loop that resends its whole
 * history every turn scans each part once. Holds findings (rule, position, masked preview) and value offsets only:
 * never a part's text. A finding's `source` depends on where the part sits in the request (`history:3`), so entries
 * are stored without it and relabelled on the way out; the key is independent of position.
 */
import * as crypto from 'node:crypto';
import type { Finding } from '../types';
import { LineIndex } from './lines';
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
  readonly parts = new Map<string, PartEntry>();
  readonly boundaries = new Map<string, readonly Finding[]>();
  readonly tokens = new Map<string, number>();
  hits = 0;
  misses = 0;

  /** `capacity`: entries kept of each kind (parts, boundaries, token counts). */
  constructor(readonly capacity = 4096) {}

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
    const digest = this.digest(text);
    const key = setId === 0 && lineOffset === 0 ? digest : `${setId}:${lineOffset}:${digest}`;
    let entry = lookup(this.cache.parts, key);
    if (entry) {
      this.cache.hits++;
    } else {
      this.cache.misses++;
      const part = scanSource(set, text, '', lineOffset);
      entry = { id: nextEntryId++, findings: part.findings, spans: part.spans, unspanned: part.unspanned };
      remember(this.cache.parts, key, entry, this.cache.capacity);
    }
    return { text, source, lineOffset, lines: new LineIndex(text), findings: relabel(entry.findings, source), spans: entry.spans, unspanned: entry.unspanned, entryId: entry.id };
  }

  /** scanAcrossBoundary for two cached parts, remembered by the pair of their entries (which imply the rules). */
  acrossBoundary(set: RuleSet, first: CachedPart, second: CachedPart): readonly Finding[] {
    const key = `${first.entryId}|${second.entryId}`;
    let found = lookup(this.cache.boundaries, key);
    if (!found) {
      found = scanAcrossBoundary(set, { ...first, source: '' }, second);
      remember(this.cache.boundaries, key, found, this.cache.capacity);
    }
    return relabel(found, first.source);
  }

  /** `count(text)`, remembered by content (for stage 1's token estimate of a long history). */
  tokens(text: string, count: (text: string) => number): number {
    if (text.length < 256) {
      return count(text);
    }
    const key = this.digest(text);
    let tokens = lookup(this.cache.tokens, key);
    if (tokens === undefined) {
      tokens = count(text);
      remember(this.cache.tokens, key, tokens, this.cache.capacity);
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

function lookup<K, T>(map: Map<K, T>, key: K): T | undefined {
  const value = map.get(key);
  if (value !== undefined) {
    // Most recently used last, so the oldest is first in insertion order.
    map.delete(key);
    map.set(key, value);
  }
  return value;
}

function remember<K, T>(map: Map<K, T>, key: K, value: T, capacity: number): void {
  map.set(key, value);
  if (map.size > capacity) {
    const oldest = map.keys().next().value;
    if (oldest !== undefined) {
      map.delete(oldest);
    }
  }
}

function relabel(findings: readonly Finding[], source: string): readonly Finding[] {
  return findings.length === 0 ? NO_FINDINGS : findings.map(f => ({ ...f, source }));
}
