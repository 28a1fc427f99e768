import type { FindingKind } from '../types';
import type { LineIndex } from './lines';

/** What a rule's validator sees about one regular-expression match. */
export interface MatchContext {
  /** The whole match. */
  readonly match: RegExpExecArray;
  /** The window of text the match was found in (bounded; usually the line around an anchor). */
  readonly window: string;
  /** Re-scans decoded text once with every rule (for base64-wrapped credentials); true when anything is found. */
  readonly rescan: (decoded: string) => boolean;
  /**
   * Verdicts a rule may remember for the rest of this scan (input repeats the same pair many times). It lives as long
   * as one scan of one text, so nothing it holds outlasts the request.
   */
  readonly memo: Map<string, boolean>;
  /** Line starts of the whole scanned text, and where the window starts in it (see `lineStartIn`). */
  readonly lines: LineIndex;
  readonly windowStart: number;
}

/**
 * A prefilter written as code: calls `found` with each hit's offset, in increasing order. For a trigger character too
 * common for a regex pass to skip ahead (`_`, `-`), `indexOf` finds each occurrence far faster than the regex engine
 * walks to it.
 */
export type HitScan = (text: string, found: (offset: number) => void) => void;

/**
 * A detection rule, as data. The scanner runs `pattern` only in bounded windows around places where one of the
 * `anchors` occurs (or around hits of `prefilter`), which is what keeps the scan linear and fast.
 */
export interface Rule {
  readonly id: string;
  readonly kind: FindingKind;
  /** Literal strings, at least one of which every match contains near its start. Empty: use `prefilter`. */
  readonly anchors: readonly string[];
  /** Anchors are matched case-insensitively (give them in lower case). */
  readonly caseInsensitive?: boolean;
  /**
   * A cheap full-text regex (global) whose hits stand in for anchors; shared instances run once per text. Or the
   * same written as code (see HitScan), where a regex would cost a pass of the regex engine over every character.
   */
  readonly prefilter?: RegExp | HitScan;
  /** Global regular expression with bounded quantifiers only. */
  readonly pattern: RegExp;
  /** Named groups that may hold the sensitive value (first one that matched wins); default: the whole match. */
  readonly valueGroups?: readonly string[];
  /** Window around an anchor hit: characters before and after (defaults 96 / 600). */
  readonly before?: number;
  readonly after?: number;
  /**
   * Keeps only the anchor hits worth a window (the name around the hit names a credential). Rules sharing one
   * filter function and one anchor list share the filtered hits.
   */
  readonly hitFilter?: (text: string, offset: number) => boolean;
  /**
   * Keeps only the hits the pattern could match at, given all of them at once (sorted, each once): for a test that
   * carries what it learnt from one hit to the next, so that dense hits cost one pass over the text. Runs after
   * `hitFilter`. It may also move hits back to where a match would begin (still sorted, each once), for a rule whose
   * prefilter finds the middle of its match and that sets `startsAtAnchor`.
   */
  readonly keepHits?: (text: string, hits: Int32Array) => Int32Array;
  /**
   * Every match begins exactly at one of the rule's anchors (the pattern opens with them): the pattern is tried
   * only at the hits, not at every position of the window.
   */
  readonly startsAtAnchor?: boolean;
  /** Windows may cross line breaks (private key blocks, manifests); otherwise they stop at the anchor's line. */
  readonly multiline?: boolean;
  /**
   * A line that ends with `=` or `{` continues on the next one (formatters wrap `const apiKey =` and put a long literal
   * on the line after it; a getter's body opens there): the window of a hit on such a line takes in the next line too.
   */
  readonly continuesOnNextLine?: boolean;
  /**
   * For rules whose value is only the start of the secret (a key block's header and first line): where the secret
   * ends. Redaction replaces through the end of the first match after the value, or to the end of the text.
   */
  readonly secretEndsAt?: RegExp;
  /** Generic rules yield to a specific rule that found the same value. */
  readonly generic?: boolean;
  /** Extra checks on the value: checksums, entropy, placeholders. False drops the match. */
  readonly validate?: (value: string, ctx: MatchContext) => boolean;
  /**
   * For rules whose one match holds several values (a table's password column, a call's arguments): the values
   * and their offsets in the window. Replaces `valueGroups` and `validate`.
   */
  readonly extract?: (ctx: MatchContext) => readonly ExtractedValue[];
}

/** A value a rule's `extract` found: where it starts in the match's window, and its text. */
export interface ExtractedValue {
  readonly index: number;
  readonly value: string;
}

/** A finding before it is tied to a source's line index: offset of the value and its length. */
export interface RawFinding {
  readonly rule: string;
  readonly kind: FindingKind;
  readonly offset: number;
  readonly value: string;
  readonly generic: boolean;
}
