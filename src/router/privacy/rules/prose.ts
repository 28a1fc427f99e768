import type { ExtractedValue, MatchContext, Rule } from '../types';
import { lineStartIn } from '../lines';
import { endingWithin } from '../hitReach';
import { credentialStrength, namesCredentialColumn, type CredentialStrength } from '../lexicon';
import { CREDENTIAL_ANCHORS } from './keyValue';
import { remembered } from './helpers';
import { isCredentialValue } from '../values';
import { charClasses } from '../validators';

/**
 * Credentials written for people rather than programs: tables (CSV exports, markdown) with a password, secret or
 * token column, and sentences ("the password is …", "creds are alice / …").
 */

const MAX_TABLE_ROWS = 200;

/** Cells of one table line for a delimiter, with their start offsets (`line` starts at `base`). */
function cells(line: string, base: number, delimiter: string): ExtractedValue[] {
  const out: ExtractedValue[] = [];
  let start = 0;
  let quoted = false;
  for (let i = 0; i <= line.length; i++) {
    const c = line[i];
    if (c === '"') {
      quoted = !quoted;
    } else if (i === line.length || (c === delimiter && !quoted)) {
      const raw = line.slice(start, i);
      const lead = raw.length - raw.trimStart().length;
      let value = raw.trim();
      let index = base + start + lead;
      const q = /^(["'`])(.*)\1$/.exec(value);
      if (q) {
        value = q[2];
        index++;
      }
      out.push({ index, value });
      start = i + 1;
    }
  }
  if (delimiter === '|') {
    // `| a | b |`: the empty cells outside the outer bars are not columns.
    if (out.length > 0 && out[0].value === '') {
      out.shift();
    }
    if (out.length > 0 && out[out.length - 1].value === '') {
      out.pop();
    }
  }
  return out;
}

function delimiterOf(header: string): string | undefined {
  if ((header.match(/\|/g) ?? []).length >= 2) {
    return '|';
  }
  if (header.includes('\t')) {
    return '\t';
  }
  if (header.includes(',')) {
    return ',';
  }
  return header.includes(';') ? ';' : undefined;
}

/** A header row holds short names, not code: no operators, brackets or sentences. */
function isHeaderRow(header: readonly ExtractedValue[]): boolean {
  return header.length >= 2 && header.length <= 60 && header.every(c => c.value.length > 0 && c.value.length <= 48 && !/[=(){}<>;:.[\]]|\s{2}|^\d/.test(c.value));
}

/**
 * True when the line before `lineStart` is a row of the same table (the same delimiter and number of cells, two or
 * more of them filled): a table has one header, and a row below another is a body row. Without this, every row that
 * names a credential was read as a header with up to 200 rows below it (seconds for a file of such rows).
 */
function followsRowOfSameTable(ctx: MatchContext, lineStart: number, delimiter: string, cellCount: number): boolean {
  if (lineStart === 0) {
    return false;
  }
  const previous = ctx.window.slice(lineStartIn(ctx, lineStart - 1, 2000), lineStart - 1).replace(/\r$/, '');
  const row = cells(previous, 0, delimiter);
  return row.length === cellCount && row.filter(cell => cell.value !== '').length >= 2;
}

function extractTable(ctx: MatchContext): readonly ExtractedValue[] {
  const { window, match } = ctx;
  const lineStart = lineStartIn(ctx, match.index, 2000);
  // The last line of the text may be a named row (`| token | … | value |` ends the file).
  const lineEnd = window.indexOf('\n', match.index);
  const headerEnd = lineEnd < 0 ? window.length : lineEnd;
  const headerLine = window.slice(lineStart, headerEnd).replace(/\r$/, '');
  const delimiter = delimiterOf(headerLine);
  if (!delimiter) {
    return [];
  }
  const header = cells(headerLine, lineStart, delimiter);
  // A header holds no generated value: a line that does is a row naming its credential.
  const named = delimiter === '|' && /^\s*\|.*\|\s*$/.test(headerLine) ? namedRowValues(header, ctx.memo) : [];
  // Only a named row may be long (its value is); a header line runs at most 400 characters past its credential word.
  if (named.length > 0 || lineEnd < 0 || headerEnd - match.index > 400 || !isHeaderRow(header) || followsRowOfSameTable(ctx, lineStart, delimiter, header.length)) {
    return named;
  }
  const columns: Array<[number, CredentialStrength]> = [];
  header.forEach((cell, i) => {
    const strength = credentialStrength(cell.value);
    if (strength && strength !== 'weak') {
      columns.push([i, strength]);
    }
  });
  if (columns.length === 0) {
    return [];
  }
  const found: ExtractedValue[] = [];
  let at = headerEnd + 1;
  for (let row = 0; row < MAX_TABLE_ROWS && at < window.length; row++) {
    const end = window.indexOf('\n', at) < 0 ? window.length : window.indexOf('\n', at);
    const line = window.slice(at, end).replace(/\r$/, '');
    if (delimiter === '|' && /^\s*\|?\s*:?-{3,}/.test(line)) {
      at = end + 1;
      continue;                                         // the markdown separator row
    }
    const row_ = cells(line, at, delimiter);
    if (line.trim() === '' || row_.length !== header.length) {
      break;                                            // the table ended
    }
    for (const [column, strength] of columns) {
      const cell = row_[column];
      if (cell && isCredentialCell(cell.value, strength, ctx.memo)) {
        found.push(cell);
      }
    }
    at = end + 1;
  }
  return found;
}

/**
 * A markdown row that names its credential in the first cell (`| AADRefreshToken | Refresh token of the app | 0.AB… |`,
 * as settings tables in READMEs list them): a later cell holding a generated value is that credential.
 */
function namedRowValues(row: readonly ExtractedValue[], memo: Map<string, boolean>): readonly ExtractedValue[] {
  const strength = row.length >= 2 && row.length <= 12 ? credentialStrength(row[0].value) : undefined;
  if (strength === undefined || strength === 'weak') {
    return [];
  }
  return row.slice(1).filter(cell => isCredentialCell(cell.value, 'secret', memo));
}

/** isCredentialValue of a table cell, remembered for this scan: exported tables repeat their cells row after row. */
function isCredentialCell(value: string, strength: CredentialStrength, memo: Map<string, boolean>): boolean {
  return remembered(memo, `cell\u0000${strength}\u0000${value}`, () => isCredentialValue(value, strength, { quoted: true }));
}

/** "creds are alice / S3cret!", "login: admin:hunter22", "user/pass = ops / …": the second half is a password. */
function proseCredentialValue(value: string): boolean {
  const v = value.replace(/[.,;!?)\]]+$/, '');
  return v.length >= 6 && charClasses(v) >= 2 && /[A-Za-z]/.test(v) && /[\d\W_]/.test(v) && isCredentialValue(v, 'password', { quoted: true });
}

export const PROSE_RULES: readonly Rule[] = [
  {
    id: 'credential-table',
    kind: 'secret',
    anchors: CREDENTIAL_ANCHORS,
    hitFilter: namesCredentialColumn,
    caseInsensitive: true,
    // A credential word on a line followed by another line; extract() reads that line as a header, then the rows.
    // A row may hold a long token (a refresh token of 1,300 characters) and be the table's last line.
    pattern: /(?:pass|pwd|secret|token|key|cred)[^\n]{0,4000}(?:\n|$)/gi,
    // Only a hit whose line ends within reach can match (the window runs 8,000 past the hit, so its end is no nearer):
    // on one long line of cells each hit would otherwise read 4,000 characters in vain.
    keepHits: endingWithin(6 + 4000, code => code === 10),
    startsAtAnchor: true,
    multiline: true,
    before: 400,
    after: 8000,
    generic: true,
    extract: extractTable,
  },
  {
    id: 'password-in-prose',
    kind: 'secret',
    anchors: ['password', 'passphrase', 'passcode', 'pwd', 'api key', 'api-key', 'api_key', 'apikey', 'token', 'secret', 'access key', 'pin '],
    caseInsensitive: true,
    startsAtAnchor: true,
    pattern: /(?<![.\w$])(?:password|passphrase|passcode|pwd|pin|api[ _-]?key|token|secret|access key)(?:\s{1,3}for\s{1,3}[\w.@-]{1,40})?\s{1,3}(?:is|was|would be|will be|is set to|is now|should be)\s{1,5}["'`“‘]?(?<value>[^\s"'`”’\\$]{6,100})(?![^\s"'`”’.,;!?)\]])/gi,
    valueGroups: ['value'],
    before: 40,
    generic: true,
    validate: value => {
      const v = value.replace(/[.,;:!?)\]]+$/, '');
      return proseCredentialValue(v) && !/^(?:https?:|\/|\.\/)/.test(v) && !/[()[\]{}]/.test(v) && !/^[A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)+$/.test(v);
    },
  },
  {
    id: 'credential-pair-in-prose',
    kind: 'secret',
    anchors: ['creds', 'credentials', 'login', 'log in', 'sign in', 'u/p', 'user/pass', 'username/pass', 'user / pass', 'user and pass', 'username and pass'],
    caseInsensitive: true,
    // The connector (`are`, `is`, `:`) and a ` / ` or `:` between user and password are what make it a pair.
    pattern: /\b(?:creds|credentials|login(?:\s{1,3}details)?|log\s?in\s{1,3}(?:with|as|using)|sign\s?in\s{1,3}(?:with|as|using)|user(?:name)?\s{0,2}(?:\/|and|&)\s{0,2}pass(?:word)?|u\/p)\s{0,3}(?:are|is|:|=|-|–)?\s{1,3}["'`]?(?<user>[\w.@+-]{2,64})["'`]?(?:\s{1,3}\/\s{1,3}|\s{0,2}:\s{0,2}|\s{1,3}(?:and|&)\s{1,3}|\s{0,2},\s{1,2})["'`]?(?<value>[^\s"'`/]{6,100})(?=["'`]?(?:[\s.,;!?)]|$))/gi,
    valueGroups: ['value'],
    before: 40,
    generic: true,
    validate: value => proseCredentialValue(value),
  },
];
