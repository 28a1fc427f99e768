import type { LineIndex } from '../lines';
import type { MatchContext, Rule } from '../types';
import { isAllowlisted, isDocumentationExample, isPlaceholder, isReference } from '../allowlist';
import { isCredentialValue, isFiller, isIdentifierLike } from '../values';
import { charClasses } from '../validators';
import { decodeBase64Text, isFillerBody, looksRandom, tokenRule } from './helpers';
import { endingWithin, endsConnectionValue } from '../hitReach';

/** Private keys, JWTs, URLs and connection strings with passwords, passwords on command lines and in SQL. */

function passwordValue(value: string): boolean {
  const v = value.replace(/^["']|["']$/g, '');
  return v.length >= 3 && !isPlaceholder(v) && !isReference(v) && !/^\$|^%|^\{|^<|^\*+$|^\.\.\.$/.test(v)
    && !/^(?:pass|passwd|pwd|user|username|secret|xxx+)$/i.test(v);
}

/**
 * Documentation writes `--user "{user}":"{password}"`, and people paste the value between the braces: a generated
 * run of 12+ characters in braces (`{ZqL5kVrX1n8t}`) is that value, where `{password}` or `{0}` is still a field.
 */
function filledPlaceholder(value: string): string {
  const inner = /^\{([^{}\s]{12,200})\}$/.exec(value)?.[1];
  return inner !== undefined && charClasses(inner) >= 3 && !isIdentifierLike(inner) ? inner : value;
}

/**
 * A short lower-case password (`risima`) is a sample on a sample host (`user:abc@localhost`, `…@db.example.com`) or
 * with a generic user, but a credential for a named user on a real server (`app:risima@srv1.cluster.mongodb.net`).
 */
function shortPasswordOnRealHost(user: string, value: string, host: string): boolean {
  const name = host.replace(/[:,/?].*$/, '').toLowerCase();
  return /^[a-z]{4,6}$/.test(value) && /^[\w-]+(?:\.[\w-]+){2,}$/.test(name) && /\.[a-z]{2,}$/.test(name)
    && !/(?:^|\.)(?:example|test|localhost|local|internal|invalid|lan|svc|cluster\.local|domain|host|acme)(?:\.|$)/.test(name)
    && /^[a-z][\w.-]{2,}$/i.test(user) && !/^(?:user(?:name)?|admin|root|test|guest|demo|foo|bar|me|myuser|dbuser|postgres|mysql|sa)$/i.test(user);
}

function jwtHeaderHasAlg(value: string): boolean {
  const header = Buffer.from(value.slice(0, value.indexOf('.')).replace(/-/g, '+').replace(/_/g, '/'), 'base64').toString('utf8');
  try {
    const parsed: unknown = JSON.parse(header);
    return typeof parsed === 'object' && parsed !== null && 'alg' in parsed;
  } catch {
    return false;
  }
}

/**
 * A bearer token: letters and digits, or (from 20 characters) letters alone when both cases mix and they read as no
 * name (`yvxpthLIcYpZ…`); `Bearer TokenGoesHereForTheRequest` is a name.
 */
function isBearerValue(value: string): boolean {
  return (/\d/.test(value) && /[A-Za-z]/.test(value))
    || (value.length >= 20 && /[a-z]/.test(value) && /[A-Z]/.test(value) && !isIdentifierLike(value) && !isFiller(value));
}

/** Where a connection string's other parts are looked for around its password (also the rule's window). */
const CONNECTION_NEAR = { before: 200, after: 600 };
/** Other key=value parts of a connection string (`Server=`, `Host=`, `?user=`, `User=…;`). */
const CONNECTION_PARTS = /(?:server|host|data source|user id|uid|database|initial catalog|driver|dsn)\s?=|jdbc:|odbc:|[?&](?:user(?:name)?|uid)=|(?<![\w.-])user(?:name)?[ \t]{0,3}=[^;=\n]{1,128};/i;
/** Every part CONNECTION_PARTS finds holds one of these words. */
const CONNECTION_WORDS = /server|host|data source|uid|database|initial catalog|driver|dsn|jdbc:|odbc:|user/gi;

/**
 * Offsets of CONNECTION_WORDS in the window last asked about, per scan (keyed by the scan's line index, so nothing is
 * kept once the scan is over). The hits of one window come one after another.
 */
const connectionWords = new WeakMap<LineIndex, { readonly windowStart: number; readonly length: number; readonly offsets: readonly number[] }>();

function connectionWordOffsets(ctx: MatchContext): readonly number[] {
  const known = connectionWords.get(ctx.lines);
  if (known && known.windowStart === ctx.windowStart && known.length === ctx.window.length) {
    return known.offsets;
  }
  const offsets: number[] = [];
  CONNECTION_WORDS.lastIndex = 0;
  for (let m = CONNECTION_WORDS.exec(ctx.window); m !== null; m = CONNECTION_WORDS.exec(ctx.window)) {
    offsets.push(m.index);
    CONNECTION_WORDS.lastIndex = m.index + 1;   // overlapping words (`uidsn`) each count
  }
  connectionWords.set(ctx.lines, { windowStart: ctx.windowStart, length: ctx.window.length, offsets });
  return offsets;
}

/**
 * A connection string's other parts near the match. The pattern is tried at every position of 800 characters, and a
 * line of repeated `password="…"` pairs has a hit every few characters: the words it needs are found once per
 * window, and the pattern runs only where one of them is near.
 */
function nearConnectionParts(ctx: MatchContext): boolean {
  const from = Math.max(0, ctx.match.index - CONNECTION_NEAR.before);
  const to = Math.min(ctx.window.length, ctx.match.index + CONNECTION_NEAR.after);
  const offsets = connectionWordOffsets(ctx);
  let lo = 0;
  let hi = offsets.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (offsets[mid] < from) {
      lo = mid + 1;
    } else {
      hi = mid;
    }
  }
  return lo < offsets.length && offsets[lo] < to && CONNECTION_PARTS.test(ctx.window.slice(from, to));
}

export const CREDENTIAL_RULES: readonly Rule[] = [
  {
    id: 'private-key',
    kind: 'secret',
    anchors: ['-----BEGIN', '---- BEGIN SSH2 ENCRYPTED PRIVATE KEY', 'PuTTY-User-Key-File-'],
    // The header, then what follows it: a key body, or nothing at all (a key cut off right after its header still
    // counts). A sample body (`...`, `xxx`, `anything`, a mention in prose) does not.
    pattern: /(?:-----BEGIN[ ]?(?:(?:RSA|EC|DSA|OPENSSH|ENCRYPTED|PGP|SSH2 ENCRYPTED) )?PRIVATE KEY(?: BLOCK)?-----|---- BEGIN SSH2 ENCRYPTED PRIVATE KEY ----)(?<body>(?:\s|\\{1,2}[nr]|["'`,+])*[^\s"'`\\]{0,200}(?:[ ][^\s"'`\\]{1,200}){0,3})|PuTTY-User-Key-File-\d: [\w-]{3,40}/g,
    after: 300,
    multiline: true,
    // The value is the header and the start of the body; the key runs on to its footer (PuTTY: its MAC line).
    secretEndsAt: /-----END[ A-Z0-9]{0,40}PRIVATE KEY(?: BLOCK)?-----|---- END SSH2 ENCRYPTED PRIVATE KEY ----|Private-MAC: *[0-9a-fA-F]*/,
    validate: (_value, ctx) => {
      const body = ctx.match.groups?.body;
      if (body === undefined) {
        return true;                                    // PuTTY
      }
      // A key pasted on one line keeps spaces where its line breaks were (`… KEY----- MIIE… G+zT… -----END`).
      // Only a first word that is key material (both cases and a digit or `+`/`/`) is joined to the words after it.
      const words = body.replace(/^(?:\s|\\{1,2}[nr]|["'`,+])*/, '').split(' ');
      const run = /[0-9+/]/.test(words[0]) && /[a-z]/.test(words[0]) && /[A-Z]/.test(words[0]) ? words.join('') : words[0];
      if (run === '') {
        return ctx.window.length - (ctx.match.index + ctx.match[0].length) < 3;   // the text ends at the header
      }
      const decoded = decodeBase64Text(run.slice(0, 64 - (run.slice(0, 64).length % 4)));
      return (/^(?:Proc-Type|Comment|Version|Hash|[A-Za-z0-9+/=]{24,})/.test(run) && !isFiller(run) && !(decoded !== undefined && isFiller(decoded)));
    },
  },
  {
    id: 'jwt',
    kind: 'secret',
    anchors: ['eyJ'],
    pattern: /(?<![A-Za-z0-9_-])eyJ[A-Za-z0-9_-]{8,2000}\.[A-Za-z0-9_-]{8,8000}\.[A-Za-z0-9_-]{16,2000}(?![A-Za-z0-9_-])/g,
    before: 4,
    after: 12100,
    validate: jwtHeaderHasAlg,
  },
  {
    id: 'url-with-password',
    kind: 'secret',
    anchors: ['://'],
    pattern: /(?<![A-Za-z0-9+.-])(?<scheme>[A-Za-z][A-Za-z0-9+.-]{1,30}):\/\/(?<user>[^\s:@/'"`<>]{0,256}):(?<value>[^\s@/'"`<>]{1,2048})@(?<host>[A-Za-z0-9[%][^\s/?#@'"`<>]{0,255})/g,
    valueGroups: ['value'],
    before: 40,
    validate: (value, ctx) => {
      const user = ctx.match.groups?.user ?? '';
      if (value === 'x-oauth-basic') {
        return looksRandom(user);
      }
      // `mysql:mysql@`, `user:abc@`, `abc:xyz@example.com`: samples, not credentials.
      return passwordValue(value) && value !== user && !isPlaceholder(value) && !isFiller(value)
        && (!/^(?:[a-z]{1,6}|\d{1,4})$/.test(value) || shortPasswordOnRealHost(user, value, ctx.match.groups?.host ?? ''))
        && !/\\[xuU][0-9A-Fa-f]/.test(value) && !/^(?:key|token|user|test|pass)[-_]?\d{0,6}$/i.test(value);
    },
  },
  {
    id: 'connection-string-password',
    kind: 'secret',
    // Spaces or tabs may surround `=` (aligned keys): a tab or a second space is an anchor of its own.
    anchors: ['password=', 'pwd=', 'password =', 'pwd =', 'password\t', 'pwd\t', 'password  ', 'pwd  '],
    caseInsensitive: true,
    // The bare value is taken whole or not at all (a lookahead + backreference is an atomic group): a shorter
    // run can never end at a delimiter, and retrying every length cost 200 steps per `password=` repeated.
    pattern: /(?<![A-Za-z0-9_])(?:password|pwd)(?:[ \t]{0,3}|\s)=(?:[ \t]{0,3}|\s)(?<value>"[^"\n]{1,200}"|'[^'\n]{1,200}'|(?=(?<run>[^;&\s"'<>]{1,200}))\k<run>)(?=[;&\s"'<>]|$)/gi,
    // The value ends at a delimiter (or the text's end) at most 212 characters after the anchor's start (a space
    // or tab around `=` is itself a delimiter, so the longest case is `password=` and a 200-character run).
    keepHits: endingWithin(212, endsConnectionValue),
    valueGroups: ['value'],
    before: CONNECTION_NEAR.before,
    after: CONNECTION_NEAR.after,
    // Connection strings only: the line near it holds other key=value parts (Server=, Host=, ?user=…, User=…;).
    validate: (value, ctx) => passwordValue(value) && nearConnectionParts(ctx),
  },
  {
    id: 'cli-password',
    kind: 'secret',
    anchors: ['--password', 'pgpassword=', 'mysql_pwd=', 'sshpass', 'mysql', '-u ', '--user', 'redis-cli', 'convertto-securestring'],
    caseInsensitive: true,
    // curl's `-u user:password` may follow lines ending in `\` (one command; the flag may open the next line), may
    // leave the user out (`-u :pw`), or give only a token as the user (`-u tok:`, curl's form for API keys); the token
    // is judged as a generated secret.
    // The run up to the flag cannot pass another `-u`, so a failed try costs one pass to the next flag, not 300 steps.
    pattern: /(?:--password(?:=|[ \t]{1,3})|(?:PGPASSWORD|MYSQL_PWD)=|sshpass[ \t]{1,3}-p[ \t]{0,3}|\bmysql(?:dump|admin)?\b[^\n|;&]{0,200}?[ \t]-p|\bcurl\b(?:[^-\n|;&\\]|-(?!u[ \t]|-user[ \t])|\\\r?\n|\\){0,300}(?:[ \t]|(?<=\\\r?\n))(?:-u|--user)[ \t]{1,3}(?:["']?(?<user>[^\s:"'-][^\s:"']{7,99}):["']?(?=\s|$)|["']?[^\s:"']{0,100}["']?:)|\bredis-cli\b[^\n|;&]{0,200}?[ \t]-a[ \t]{1,3}|ConvertTo-SecureString[ \t]{1,3}(?:-String[ \t]{1,3})?)(?<value>"[^"\n]{1,200}"|'[^'\n]{1,200}'|[^\s"'|;&]{1,200})?/gi,
    valueGroups: ['value', 'user'],
    multiline: true,
    before: 200,
    after: 600,
    validate: (value, ctx) => {
      if (ctx.match.groups?.user !== undefined) {
        return isCredentialValue(value, 'secret', { quoted: true });
      }
      const v = filledPlaceholder(value.replace(/^["']|["']$/g, ''));
      return ctx.match.groups?.value !== undefined && passwordValue(v) && !/^-/.test(v) && isCredentialValue(v, 'password', { quoted: true });
    },
  },
  {
    id: 'sql-password',
    kind: 'secret',
    anchors: ["by '", 'password'],
    caseInsensitive: true,
    pattern: /(?:\b(?:USER|ROLE|LOGIN|TO)\b[^;\n]{1,200}?\bIDENTIFIED\s{1,5}(?:WITH\s{1,5}\w{1,40}\s{1,5})?BY\s{1,5}(?:PASSWORD\s{1,5})?|\b(?:CREATE|ALTER)\s{1,5}(?:USER|ROLE|LOGIN)\b[^;\n]{0,200}?\bPASSWORD\s{0,3}=?\s{0,3})'(?<value>[^'\n]{1,200})'/gi,
    valueGroups: ['value'],
    before: 300,
    validate: value => passwordValue(value),
  },
  {
    id: 'kubernetes-secret',
    kind: 'secret',
    anchors: ['kind: secret'],
    caseInsensitive: true,
    pattern: /(?:^|\n)(?:data|stringData):[ \t]*\r?\n(?:[ \t]{1,12}#[^\n]{0,400}\r?\n)?[ \t]{1,12}[\w.-]{1,253}:[ \t]{0,5}["']?(?<value>[^\s"'#][^\n"']{3,4000})/g,
    valueGroups: ['value'],
    multiline: true,
    before: 4000,
    after: 4000,
    // Secret data is base64: judged by what it decodes to (`YmFyCg==` is "bar").
    validate: value => {
      const decoded = /^[A-Za-z0-9+/]{4,}={0,2}$/.test(value.trim()) ? decodeBase64Text(value.trim()) : undefined;
      return !isPlaceholder(value) && !isReference(value) && (decoded === undefined ? value.trim().length >= 6 : isCredentialValue(decoded.trim(), 'password', { quoted: true }) || decoded.trim().length >= 16);
    },
  },
  {
    id: 'basic-auth-header',
    kind: 'secret',
    anchors: ['basic '],
    caseInsensitive: true,
    pattern: /\bBasic\s{1,3}(?<value>[A-Za-z0-9+/]{8,1000}={0,2})(?![A-Za-z0-9+/=])/gi,
    valueGroups: ['value'],
    before: 4,
    validate: value => /^[^:\s]{0,200}:\S{3,}/.test(decodeBase64Text(value) ?? '') && !isAllowlisted(decodeBase64Text(value) ?? ''),
  },
  {
    // `Authorization: <scheme> <token>` for any scheme (`Api-Token`, `Token`, `SSWS`, `Key`) or none at all.
    id: 'authorization-header',
    kind: 'secret',
    anchors: ['authorization'],
    caseInsensitive: true,
    pattern: /\bAuthorization\\?["']?\s{0,3}[:=]\s{0,3}\\?["']?(?:(?!Basic\b)(?<scheme>[A-Za-z][\w-]{1,30})\s{1,3})?(?<value>[A-Za-z0-9._~+/:-]{16,1000}={0,2})(?![A-Za-z0-9._~+/=:(-])/gi,
    valueGroups: ['value'],
    before: 8,
    // Hex and UUID values are tokens here (many APIs issue them), not commit hashes or ids. Other bearer values are
    // the bearer-token rule's, which reads them anywhere; in this header a hex or UUID one is a token too.
    validate: (value, ctx) => (!/^bearer$/i.test(ctx.match.groups?.scheme ?? '') || /^[0-9a-f-]+$/i.test(value)) && looksRandom(value, 3.3)
      && !isFillerBody(value) && /\d/.test(value) && /[A-Za-z]/.test(value)
      && !isPlaceholder(value) && !isReference(value) && !isDocumentationExample(value)
      && !/^[A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)+$/.test(value),
  },
  tokenRule('bearer-token', ['bearer '], /\bBearer\s{1,3}(?<value>[A-Za-z0-9._~+/-]{20,2000}=*)(?![A-Za-z0-9._~+/=-])/gi,
    { caseInsensitive: true, valueGroups: ['value'], minEntropy: 3.5, before: 4, validate: isBearerValue }),
  {
    id: 'docker-config-auth',
    kind: 'secret',
    anchors: ['"auth"'],
    pattern: /"auth"\s{0,5}:\s{0,5}"(?<value>[A-Za-z0-9+/]{8,1000}={0,2})"/g,
    valueGroups: ['value'],
    validate: value => /^[^:\s]{1,200}:\S{3,}/.test(decodeBase64Text(value) ?? ''),
  },
];
