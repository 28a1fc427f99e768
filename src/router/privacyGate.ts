// SCAFFOLD: signatures agreed between modules; the privacy-gate work replaces the bodies.
import type { AskRequest, Finding, Privacy } from './types';

/** Options of the privacy gate, from RouterConfig. */
export interface PrivacyOptions {
  readonly sensitiveFileGlobs: readonly string[];
  readonly extraPatterns: readonly string[];
}

/** What the gate found in everything a request would send. */
export interface PrivacyResult {
  /** `restricted` on any finding; `internal` when workspace content (files, selections) is attached; else `public`. */
  readonly privacy: Privacy;
  readonly findings: readonly Finding[];
  /** Sources whose content is binary (NUL bytes): never sent to a model. */
  readonly binarySources: readonly string[];
  /** Total bytes (UTF-16 code units) scanned. */
  readonly scannedChars: number;
}

/** Scans prompt, every reference (content and file name) and history. Pure, synchronous, linear; fails closed. */
export function checkPrivacy(_req: AskRequest, _opts: PrivacyOptions): PrivacyResult {
  throw new Error('not implemented');
}

/** Scans one text (for benchmarks and the CLI). */
export function scanText(_text: string, _source: string, _opts: PrivacyOptions): Finding[] {
  throw new Error('not implemented');
}
