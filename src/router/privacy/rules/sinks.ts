import type { ExtractedValue, MatchContext, Rule } from '../types';
import { isCredentialValue } from '../values';

/**
 * Known sinks: functions and commands whose Nth argument is a password or key, so a literal there is a credential
 * whatever the variable names around it say (`smtp.login("ops", "…")`, `net use \\srv\share … /user:x`).
 */

interface CallSink {
  /** The callee, as a regular-expression source matched right before `(`. */
  readonly callee: string;
  /** 1-based position of the password argument; `last` for the final one. */
  readonly arg: number | 'last';
  /** The call must have at least this many arguments (a one-argument `login(x)` is no login with a password). */
  readonly minArgs?: number;
}

const CALL_SINKS: readonly CallSink[] = [
  // smtplib / imaplib / ftplib / poplib / Net::SMTP / a pasted `login("admin", "…")`
  { callee: String.raw`(?:\.|\b)(?:login|auth_login|authenticate|sign_?in|signIn)`, arg: 2, minArgs: 2 },
  { callee: String.raw`\b(?:ftp_login|ldap_bind|mysqli_connect|mysql_connect|mysql_pconnect|mssql_connect|sqlsrv_connect|oci_connect|ssh2_auth_password)`, arg: 3 },
  { callee: String.raw`(?:\.|\b)(?:simple_bind_s|simple_bind|bind_s|bindSync|ldapBind)`, arg: 2 },
  { callee: String.raw`\bnew\s{1,3}(?:mysqli|PDO)`, arg: 3 },
  { callee: String.raw`(?:\.|\b)getConnection`, arg: 3 },
  { callee: String.raw`\b(?:new\s{1,3})?(?:System\.Net\.)?(?:NetworkCredential|PasswordAuthentication|UsernamePasswordCredentials?|UsernamePasswordAuthenticationToken|HTTPBasicAuth|HTTPDigestAuth|HttpNtlmAuth|BasicAuth|HTTPProxyAuth|PSCredential|BasicAWSCredentials|AwsBasicCredentials|StaticCredentialsProvider|ClientSecretCredential)`, arg: 'last', minArgs: 2 },
  { callee: String.raw`(?:\.|\b)(?:setBasicAuth|basicAuth|withBasicAuth|basic_auth|setCredentials|withCredentials|set_password|setPassword|auth\.basic)`, arg: 'last', minArgs: 2 },
  { callee: String.raw`\bsmtp\.PlainAuth`, arg: 3 },
  { callee: String.raw`\bssh\.Password|\.pass_|\bPasswordAuth|\bAuthMethod\.password`, arg: 1 },
  // redis `client.auth("pw")` / `auth("user", "pw")`, Jedis / ioredis / redis-py
  { callee: String.raw`(?:\.|\b)auth`, arg: 'last' },
  { callee: String.raw`\bnew\s{1,3}Sequelize|\b(?:MySQLdb|pymysql|mysql\.connector|psycopg2?|pyodbc|cx_Oracle|oracledb|pymssql)\.connect`, arg: 3, minArgs: 3 },
  { callee: String.raw`(?:\.|\b)connect`, arg: 4, minArgs: 4 },     // paramiko connect(host, port, user, password)
  { callee: String.raw`\bkeyring\.set_password`, arg: 3 },
  { callee: String.raw`\bauth\s{0,3}=\s{0,3}`, arg: 2, minArgs: 2 },   // requests `auth=("user", "pw")`
  { callee: String.raw`\b(?:new\s{1,3})?(?:ethers\.)?Wallet|\bprivateKeyToAccount|\bfromPrivateKey|\bWallet\.fromKey|\bAccount\.from_key|\bKeypair\.fromSecretKey|\bfromSeed|\bfromMnemonic|\bfromPhrase`, arg: 1 },
];

/** One argument of a call: its text (trimmed) and where it starts in the window. */
interface Argument {
  readonly text: string;
  readonly index: number;
}

/** Top-level arguments of the call whose `(` is at `open`, up to its `)`; bounded, string-aware. */
const MAX_ARGUMENT_DEPTH = 16;
const [BACKSLASH, NEWLINE, DOUBLE_QUOTE, SINGLE_QUOTE, BACKTICK] = [92, 10, 34, 39, 96];
const [OPEN_PAREN, OPEN_BRACKET, OPEN_BRACE, CLOSE_PAREN, CLOSE_BRACKET, CLOSE_BRACE, COMMA] = [40, 91, 123, 41, 93, 125, 44];

function callArguments(window: string, open: number, limit = 600): Argument[] {
  const args: Argument[] = [];
  let depth = 0;
  let quote = 0;   // the code of the open string's quote, 0 outside strings
  let start = open + 1;
  const end = Math.min(window.length, open + limit);
  const push = (to: number): void => {
    const raw = window.slice(start, to);
    const lead = raw.length - raw.trimStart().length;
    if (raw.trim() !== '') {
      args.push({ text: raw.trim(), index: start + lead });
    }
  };
  // Character codes, not one-character strings: a line of unclosed calls has this loop read hundreds of thousands.
  for (let i = open + 1; i < end; i++) {
    const c = window.charCodeAt(i);
    if (quote !== 0) {
      if (c === BACKSLASH) {
        i++;
      } else if (c === quote) {
        quote = 0;
      } else if (c === NEWLINE && quote !== BACKTICK) {
        return [];
      }
      continue;
    }
    if (c === DOUBLE_QUOTE || c === SINGLE_QUOTE || c === BACKTICK) {
      quote = c;
    } else if (c === OPEN_PAREN || c === OPEN_BRACKET || c === OPEN_BRACE) {
      // Calls nested this deep are no login call with a literal password; a run of unclosed `auth(` would otherwise
      // walk the whole limit at every one of them.
      if (++depth > MAX_ARGUMENT_DEPTH) {
        return [];
      }
    } else if (c === CLOSE_PAREN || c === CLOSE_BRACKET || c === CLOSE_BRACE) {
      if (depth === 0) {
        push(i);
        return args;
      }
      depth--;
    } else if (c === COMMA && depth === 0) {
      push(i);
      start = i + 1;
    }
  }
  return [];
}

/** The literal of an argument written as a string (`"pw"`, `'pw'.encode()`, `"pw".toCharArray()`, `b"pw"`). */
function literalOf(arg: Argument): ExtractedValue | undefined {
  const m = /^(?:[bBrRuUf@$]{0,2})(["'`])((?:(?!\1)[^\\\n]|\\.){1,300})\1(?:\s{0,3}\.\s{0,3}(?:toCharArray|encode|getBytes|as_bytes|to_string|toString|into)\(\s{0,3}\)){0,2}$/.exec(arg.text);
  return m ? { index: arg.index + arg.text.indexOf(m[1]) + 1, value: m[2] } : undefined;
}

/** Index of the sink whose group matched (group k + 1 is sink k), or -1. */
function matchedSink(match: RegExpExecArray): number {
  for (let k = 1; k < match.length; k++) {
    if (match[k] !== undefined) {
      return k - 1;
    }
  }
  return -1;
}

function extractCall(sinks: readonly CallSink[]): (ctx: MatchContext) => readonly ExtractedValue[] {
  return ctx => {
    const { match, window } = ctx;
    const sink = sinks[matchedSink(match)];
    if (!sink) {
      return [];
    }
    const args = callArguments(window, match.index + match[0].length - 1);
    if (args.length < (sink.minArgs ?? 1)) {
      return [];
    }
    const arg = args[sink.arg === 'last' ? args.length - 1 : sink.arg - 1];
    const literal = arg && literalOf(arg);
    return literal && isCredentialValue(literal.value, 'password', { quoted: true }) ? [literal] : [];
  };
}

// Group k + 1 is sink k. Plain groups, not named ones: a named match builds an object of every group, and a line of
// unclosed calls matches hundreds of thousands of times.
const CALL_PATTERN = new RegExp(`(?:${CALL_SINKS.map(s => `(${s.callee})`).join('|')})` + String.raw`\s{0,3}\(`, 'g');

/** Shell commands whose option or position holds a password. The value group is always `value`. */
const COMMAND_SOURCES: readonly string[] = [
  String.raw`\bnet\s{1,3}use\b[^\n|&]{0,200}?\\\\[^\s]{1,200}\s{1,3}(?!/)(?<value>[^\s/"']{3,100})`,          // net use \\srv\share pw /user:x
  String.raw`\bnet\s{1,3}use\b[^\n|&]{0,200}?/user:\S{1,100}\s{1,3}(?!/)(?<value>[^\s/"']{3,100})`,           // net use x: \\srv\s /user:u pw
  String.raw`\bnet\s{1,3}user\s{1,3}[\w.$-]{1,64}\s{1,3}(?!/)(?<value>[^\s/"'*]{3,100})`,
  String.raw`(?:^|\n|redis-cli\b[^\n]{0,200}?\s|>\s{0,3})AUTH\s{1,3}(?:[\w.-]{1,64}\s{1,3})?(?<value>[^\s"']{4,200})\s{0,3}(?=\n|$)`,
  String.raw`-pass(?:in|out)?\s{1,3}pass:(?<value>[^\s"']{1,200})`,                                             // openssl
  String.raw`-(?:store|key|src|dest)(?:store)?pass\s{1,3}(?<value>[^\s"'-][^\s"']{0,200})`,                    // keytool
  String.raw`\b(?:sqlcmd|bcp|osql|isql)\b[^\n|&]{0,200}?\s-P\s{0,3}(?<value>[^\s"'-][^\s"']{0,200})`,
  String.raw`\b(?:docker|podman|helm|oras|crane)\s{1,3}(?:registry\s{1,3})?login\b[^\n|&]{0,200}?\s-p\s{1,3}(?<value>[^\s"'-][^\s"']{0,200})`,
  String.raw`\b(?:mongo|mongosh|mongodump|mongorestore|mongoexport|mongoimport)\b[^\n|&]{0,200}?\s-p\s{1,3}(?<value>[^\s"'-][^\s"']{0,200})`,
  String.raw`\b(?:ldapsearch|ldapadd|ldapmodify|ldapdelete|ldapwhoami)\b[^\n|&]{0,200}?\s-w\s{1,3}(?<value>[^\s"'-][^\s"']{0,200})`,
  String.raw`\bsmbclient\b[^\n|&]{0,200}?\s-U\s{1,3}[^\s%]{1,64}%(?<value>[^\s"']{1,200})`,
  String.raw`\b(?:xfreerdp|wlfreerdp)\b[^\n|&]{0,200}?\s/p:(?<value>[^\s"']{1,200})`,
  String.raw`\bhtpasswd\s{1,3}-\w{0,4}b\w{0,4}\s{1,3}\S{1,200}\s{1,3}[\w.@-]{1,64}\s{1,3}(?<value>[^\s"']{1,200})`,
  String.raw`\becho\s{1,3}["']?[\w.-]{1,64}:(?<value>[^\s"':]{3,200})["']?\s{0,3}\|\s{0,3}(?:sudo\s{1,3})?chpasswd`,
  String.raw`\b(?:zip|unzip|7z|7za|rar|unrar)\b[^\n|&]{0,200}?\s-[pP]\s{0,3}(?<value>[^\s"'-][^\s"']{0,200})`,
  String.raw`\bgpg2?\b[^\n|&]{0,200}?\s--passphrase\s{1,3}(?<value>[^\s"'-][^\s"']{0,200})`,
  String.raw`\bssh-keygen\b[^\n|&]{0,200}?\s-N\s{1,3}(?<value>[^\s"'-][^\s"']{0,200})`,
  String.raw`\buseradd\b[^\n|&]{0,200}?\s-p\s{1,3}(?<value>[^\s"'-][^\s"']{0,200})`,
  String.raw`\baz\s{1,3}login\b[^\n|&]{0,200}?\s-p\s{1,3}(?<value>[^\s"'-][^\s"']{0,200})`,
];

/**
 * JSON-RPC methods whose parameters hold a key or password (TrueNAS `auth.login_with_api_key` takes the API key first,
 * `auth.login` the user name and then the password). The method is named before the parameters, as clients write it.
 */
const RPC_SOURCES: readonly string[] = [
  String.raw`"method"\s{0,3}:\s{0,3}"auth\.login_with_api_key"[^\]\[]{0,200}?"params"\s{0,3}:\s{0,3}\[\s{0,20}"(?<value>[^"\s]{8,300})"`,
  String.raw`"method"\s{0,3}:\s{0,3}"auth\.login"[^\]\[]{0,200}?"params"\s{0,3}:\s{0,3}\[\s{0,20}"[^"\n]{1,100}"\s{0,20},\s{0,20}"(?<value>[^"\n]{3,300})"`,
];

/** One pattern for all `sources`, each source's `value` group under its own name (`v0`, `v1`, …), and those names. */
function valueAlternatives(sources: readonly string[], flags: string): Pick<Rule, 'pattern' | 'valueGroups'> {
  return {
    pattern: new RegExp(sources.map((source, i) => `(?:${source.replace('(?<value>', `(?<v${i}>`)})`).join('|'), flags),
    valueGroups: sources.map((_, i) => `v${i}`),
  };
}

export const SINK_RULES: readonly Rule[] = [
  {
    id: 'password-argument',
    kind: 'secret',
    anchors: ['login', 'auth', 'authenticate', 'bind_s', 'simple_bind', 'bindsync', 'ldapbind', 'ldap_bind', 'connect', 'credential', 'password', 'passwordauth',
      'wallet', 'privatekey', 'fromkey', 'from_key', 'fromseed', 'frommnemonic', 'fromphrase', 'fromsecretkey', 'ftp', 'smb', 'sequelize', 'pdo', 'mysqli', 'keyring',
      'signin', 'sign_in', 'basicauth', 'basic_auth', '.pass_', 'plainauth'],
    caseInsensitive: true,
    pattern: CALL_PATTERN,
    before: 80,
    after: 600,
    extract: extractCall(CALL_SINKS),
  },
  {
    id: 'command-password',
    kind: 'secret',
    // Anchors on the rarer characters of each command (`\\\\srv`, `/user:`, `/add` for `net use` and `net user`).
    anchors: ['\\\\', '/user:', '/add', 'auth ', '-pass', 'storepass', 'keypass', 'sqlcmd', 'bcp ', 'osql', 'isql', 'login', 'mongo', 'ldap', 'smbclient',
      'freerdp', 'htpasswd', 'chpasswd', 'zip ', '7z ', '7za ', '--passphrase', 'ssh-keygen', 'useradd'],
    caseInsensitive: true,
    ...valueAlternatives(COMMAND_SOURCES, 'gi'),
    before: 300,
    after: 400,
    validate: value => isCredentialValue(value.replace(/^["']|["']$/g, ''), 'password', { quoted: true }),
  },
  {
    id: 'rpc-credential-parameter',
    kind: 'secret',
    anchors: ['auth.login'],
    multiline: true,   // clients pretty-print the request: the parameters sit lines below the method
    ...valueAlternatives(RPC_SOURCES, 'g'),
    before: 300,
    after: 400,
    validate: (value, ctx) => isCredentialValue(value, ctx.match.groups?.v0 === undefined ? 'password' : 'secret', { quoted: true }),
  },
];
