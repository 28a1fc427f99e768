/**
 * Runs of encoded text (base64 and base64url, hex, percent-encoding, `\uXXXX` escapes) with what they decode to.
 * Redaction reads them to find a value the gate found elsewhere in the request repeated in an encoded form, which
 * holds no finding by itself (a password from a config file pasted again as base64): the whole run is replaced.
 */

/** An encoded run [start, end) of a text, and its decodings (a run may be read more than one way). */
export interface EncodedRun {
  readonly start: number;
  readonly end: number;
  readonly decoded: readonly string[];
}

const BASE64_RUN = /(?<![A-Za-z0-9+/_-])[A-Za-z0-9+/_-]{12,}={0,2}/g;
const HEX_RUN = /(?:(?:\\x)?[0-9a-fA-F]{2}){8,}/g;
const PERCENT_RUN = /(?:%[0-9A-Fa-f]{2}|[A-Za-z0-9._~+-])*%[0-9A-Fa-f]{2}(?:%[0-9A-Fa-f]{2}|[A-Za-z0-9._~+-])*/g;
const UNICODE_ESCAPE_RUN = /(?:\\u[0-9a-fA-F]{4}|[A-Za-z0-9._~+-])*\\u[0-9a-fA-F]{4}(?:\\u[0-9a-fA-F]{4}|[A-Za-z0-9._~+-])*/g;

/** Every encoded run of `text`, in order of kind, then of position. Linear in the text; nothing is kept. */
export function encodedRuns(text: string): EncodedRun[] {
  const runs: EncodedRun[] = [];
  const each = (pattern: RegExp, decode: (run: string) => string[]): void => {
    pattern.lastIndex = 0;
    for (let m = pattern.exec(text); m; m = pattern.exec(text)) {
      runs.push({ start: m.index, end: m.index + m[0].length, decoded: decode(m[0]) });
    }
  };
  // A base64 run read from the start of the text it encodes, and from one, two or three characters in (the run may
  // begin with characters that are not part of the encoding).
  each(BASE64_RUN, run => [0, 1, 2, 3].map(skip => Buffer.from(run.slice(skip).replace(/-/g, '+').replace(/_/g, '/'), 'base64').toString('latin1')));
  each(HEX_RUN, run => {
    const hex = run.replace(/\\x/gi, '');
    return [Buffer.from(hex, 'hex').toString('latin1'), Buffer.from(hex.slice(1), 'hex').toString('latin1')];
  });
  each(PERCENT_RUN, run => [Buffer.from(run.replace(/%([0-9A-Fa-f]{2})|[^%]/g, (c, h?: string) => h ?? c.charCodeAt(0).toString(16).padStart(2, '0')), 'hex').toString('latin1')]);
  each(UNICODE_ESCAPE_RUN, run => [run.replace(/\\u([0-9a-fA-F]{4})/g, (_, h: string) => String.fromCharCode(parseInt(h, 16)))]);
  return runs;
}
