/**
 * Scan results per message part, keyed by a hash of the part's content, so an agent loop that resends its whole
 * history every turn scans each part once. Holds findings (rule, position, masked preview) and value offsets only:
 * never a part's text. A finding's `source` depends on where the part sits in the request (`history:3`), so entries
 * are stored without it and relabelled on the way out; the key is independent of position.
 */
import { createHash } from 'node:crypto';
import type { Finding } from '../types';
import { LineIndex } from './lines';
import type { RuleSet } from './scanner';
import { scanAcrossBoundary, scanSource, type ScannedPart, type ValueSpan } from './sources';

interface PartEntry {
  readonly findings: readonly Finding[];
  readonly spans: readonly ValueSpan[];
  readonly unspanned: readonly string[];
}

/** A part scanned through the cache: the ScannedPart the gate uses, and its key for boundary lookups. */
export interface CachedPart extends ScannedPart {
  readonly key: string;
}

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

/** Bounded least-recently-used cache of part scans and boundary scans. */
export class ScanCache {
  private readonly parts = new Map<string, PartEntry>();
  private readonly boundaries = new Map<string, readonly Finding[]>();
  hits = 0;
  misses = 0;

  /** `capacity`: entries kept of each kind (parts, boundaries). */
  constructor(private readonly capacity = 4096) {}

  get size(): number {
    return this.parts.size + this.boundaries.size;
  }

  /** scanSource, or its remembered result for the same content, line offset and rules. */
  scan(set: RuleSet, text: string, source: string, lineOffset = 0): CachedPart {
    const key = `${setIdOf(set)}:${lineOffset}:${digest(text)}`;
    let entry = lookup(this.parts, key);
    if (entry) {
      this.hits++;
    } else {
      this.misses++;
      const part = scanSource(set, text, '', lineOffset);
      entry = { findings: part.findings, spans: part.spans, unspanned: part.unspanned };
      remember(this.parts, key, entry, this.capacity);
    }
    return { text, source, lineOffset, lines: new LineIndex(text), findings: relabel(entry.findings, source), spans: entry.spans, unspanned: entry.unspanned, key };
  }

  /** scanAcrossBoundary for two cached parts, remembered by the pair of their keys. */
  acrossBoundary(set: RuleSet, first: CachedPart, second: CachedPart): Finding[] {
    const key = `${first.key}|${second.key}`;
    let found = lookup(this.boundaries, key);
    if (!found) {
      found = scanAcrossBoundary(set, { ...first, source: '' }, second);
      remember(this.boundaries, key, found, this.capacity);
    }
    return relabel(found, first.source);
  }
}

function digest(text: string): string {
  return createHash('sha256').update(text).digest('base64');
}

function lookup<T>(map: Map<string, T>, key: string): T | undefined {
  const value = map.get(key);
  if (value !== undefined) {
    // Most recently used last, so the oldest is first in insertion order.
    map.delete(key);
    map.set(key, value);
  }
  return value;
}

function remember<T>(map: Map<string, T>, key: string, value: T, capacity: number): void {
  map.set(key, value);
  if (map.size > capacity) {
    const oldest = map.keys().next().value;
    if (oldest !== undefined) {
      map.delete(oldest);
    }
  }
}

function relabel(findings: readonly Finding[], source: string): Finding[] {
  return findings.map(f => ({ ...f, source }));
}
