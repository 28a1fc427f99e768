import * as assert from 'node:assert/strict';
import { scanText, type PrivacyOptions } from '../../../src/router/privacyGate';
import { MAX_FINDINGS_PER_RULE } from '../../../src/router/privacy/scanner';
import { ALNUM, HEX, Rng, password, withLuhn } from './privacy/fixtures';

const OPTIONS: PrivacyOptions = { sensitiveFileGlobs: [], extraPatterns: [] };
const rng = new Rng(31);

/** A 40-character git SHA whose middle is a Luhn-valid 16-digit run, letters on both sides. */
function shaWithCardRun(lead: number): { sha: string; run: string } {
  const run = withLuhn('4' + rng.digits(14));
  const letters = 'abcdef';
  const sha = rng.str(lead, letters) + run + rng.str(24 - lead, letters);
  return { sha, run };
}

describe('privacy gate: boundaries, caps and hostile repetition', () => {
  it('does not take a Luhn-valid digit run inside a git SHA for a card number', () => {
    for (let lead = 1; lead <= 23; lead++) {
      const { sha, run } = shaWithCardRun(lead);
      assert.equal(sha.length, 40);
      // Other four-digit runs before and after put window edges in the middle of the SHA.
      for (const gap of [0, 3, 17, 40, 49, 50, 51, 60]) {
        const line = `build 2024 ${'x'.repeat(gap)} commit ${sha} ${'y'.repeat(gap)} at 1930 and 7781`;
        const findings = scanText(`${line}\n`, 'prompt', OPTIONS);
        assert.deepEqual(findings.filter(f => f.kind === 'pii').map(f => f.rule), [], `${line} (run ${run.length} digits)`);
      }
    }
  });

  it('still finds the same digit run as a card number where the text speaks of cards or groups it like a card', () => {
    const { run } = shaWithCardRun(4);
    for (const line of [`card: ${run}`, `"cardNumber": "${run}"`, `visa ${run}`, `pay with ${run.slice(0, 4)} ${run.slice(4, 8)} ${run.slice(8, 12)} ${run.slice(12)} today`]) {
      assert.ok(scanText(line, 'prompt', OPTIONS).some(f => f.rule === 'payment-card'), line);
    }
  });

  it('does not take a Luhn-valid run in a table of numbers for a card (decimal test data, SVG paths)', () => {
    const { run } = shaWithCardRun(4);
    for (const line of [`addx6242 add '${run}' 0.500000001   -> '${run}' Inexact Rounded`, `d="M2567 ${run} 0 00706 289 10674"`]) {
      assert.deepEqual(scanText(line, 'prompt', OPTIONS).filter(f => f.rule === 'payment-card'), [], line);
    }
  });

  it('does not take a digit run inside a hex hash of any length for a card', () => {
    for (let i = 0; i < 40; i++) {
      const hash = rng.str(8, HEX) + withLuhn('5' + rng.digits(12 + (i % 4))) + rng.str(8, 'abcdef');
      const findings = scanText(`sha256-${hash} ${rng.digits(4)} ${'z'.repeat(i * 3)} ${rng.digits(4)}`, 'prompt', OPTIONS);
      assert.deepEqual(findings.filter(f => f.rule === 'payment-card'), [], hash);
    }
  });

  it('caps the findings of one rule in one source, and the request stays restricted', () => {
    const block = `-----BEGIN RSA PRIVATE KEY-----\n${rng.str(64, ALNUM)}\n`;
    const text = block.repeat(5000);
    const findings = scanText(text, 'selection', OPTIONS);
    const keys = findings.filter(f => f.rule === 'private-key');
    assert.ok(keys.length > 0, 'no private-key finding');
    assert.ok(keys.length <= MAX_FINDINGS_PER_RULE, `${keys.length} findings`);
    // The first occurrences are the ones kept, with their true positions.
    assert.equal(keys[0].line, 1);
    assert.equal(new Set(keys.map(f => `${f.line}:${f.column}`)).size, keys.length);
  });

  it('finds credentials far longer than their format usually is (a 1,200-character key, a 320-character token or URL password)', () => {
    const long = (n: number) => rng.str(n, ALNUM);
    for (const [text, rule] of [[`api_key = "${long(1200)}"`, 'generic-credential-assignment'], [`t = ghp_${long(320)}`, 'github-token'],
      [`postgres://app:${long(320)}@db:5432/x`, 'url-with-password']] as const) {
      assert.ok(scanText(text, 'prompt', OPTIONS).some(f => f.rule === rule), `${rule} on a ${text.length}-character line`);
    }
  });

  it('finds a real password after 10,000 password= decoys on one line', () => {
    const secret = password(rng);
    const decoys = 'password=<your-password> '.repeat(10000);
    for (const tail of [`password="${secret}"`, `db_password = "${secret}"`]) {
      const findings = scanText(decoys + tail, 'prompt', OPTIONS);
      assert.ok(findings.some(f => f.rule === 'generic-credential-assignment'), tail);
      assert.ok(!JSON.stringify(findings).includes(secret.slice(0, 8)));
    }
  });

  it('finds a connection-string password after 10,000 Password= decoys on one line', () => {
    const secret = password(rng);
    const decoys = 'Password=${DB_PASSWORD};'.repeat(10000);
    const findings = scanText(`${decoys}Server=db.example.net;User Id=app;Password=${secret};`, 'prompt', OPTIONS);
    assert.ok(findings.some(f => f.kind === 'secret'), findings.map(f => f.rule).join(','));
  });

  // Inputs that once took time in the square of their length (a validator reading the whole merged window at every
  // match, every table row read as a header with 200 rows below it). No timing assertion: before, each of these ran
  // for seconds to minutes; the assertions check what the gate reports on them.
  it('reads a card number\'s context near it: 400 KB of grouped card numbers on one line is a table of numbers', () => {
    const card = withLuhn('4539' + rng.digits(11)).replace(/(\d{4})(?=\d)/g, '$1 ');
    const line = `${card} x `.repeat(Math.ceil((400 * 1024) / (card.length + 3)));
    assert.deepEqual(scanText(line, 'prompt', OPTIONS).filter(f => f.rule === 'payment-card' || f.rule === 'scanner-error'), []);
    // Where the text next to one of them speaks of cards, that one is a card.
    assert.ok(scanText(`${line}paid by card ${card}`, 'prompt', OPTIONS).some(f => f.rule === 'payment-card'));
  });

  it('reads a connection string\'s other parts near its password: 400 KB of password="\' on one line', () => {
    const findings = scanText('password="\''.repeat(40_000), 'prompt', OPTIONS);
    assert.ok(findings.every(f => f.rule !== 'scanner-error'));
    const secret = password(rng);
    const tail = scanText(`${'password="\''.repeat(40_000)} Server=db.example.net;User Id=app;Password=${secret};`, 'prompt', OPTIONS);
    assert.ok(tail.some(f => f.rule === 'connection-string-password'), tail.map(f => f.rule).join(','));
  });

  it('reads a connection string\'s other parts up to 200 characters before its password and 600 after, not beyond', () => {
    const secret = password(rng);
    const at = (pad: number, part: string) => scanText(`Password=${secret};${' '.repeat(pad)}${part}`, 'prompt', OPTIONS)
      .some(f => f.rule === 'connection-string-password');
    // `Server=` must end within 600 characters of the password's start.
    const reach = 600 - `Password=${secret};`.length - 'Server='.length;
    assert.ok(at(reach, 'Server=db'));
    assert.ok(!at(reach + 1, 'Server=db'));
    const before = (pad: number) => scanText(`Server=db${' '.repeat(pad)}Password=${secret};`, 'prompt', OPTIONS)
      .some(f => f.rule === 'connection-string-password');
    assert.ok(before(200 - 'Server=db'.length));
    assert.ok(!before(200 - 'Server=db'.length + 1));
    // A part that begins inside another word counts (`dsn=` in `xuidsn=`), also where the two passwords' windows
    // merge and the other word (`uid`) is just out of the second one's reach; the first password is 601 away.
    const first = `Password=${password(rng)};`;
    const line = `${first}${' '.repeat(594 - first.length)}xuidsn=prod${' '.repeat(192)}Password=${secret};`;
    assert.deepEqual(scanText(line, 'prompt', OPTIONS).filter(f => f.rule === 'connection-string-password').map(f => f.column),
      [line.lastIndexOf(secret) + 1]);
    // A part on another line does not count.
    assert.ok(!scanText(`Server=db;\nPassword=${secret};`, 'prompt', OPTIONS).some(f => f.rule === 'connection-string-password'));
  });

  it('reads one header per table: 15,000 rows naming a token are rows, and a real table after them is still read', () => {
    const secret = password(rng);
    const rows = '| apiToken | desc | value |\n'.repeat(15_000);
    assert.deepEqual(scanText(rows, 'prompt', OPTIONS).filter(f => f.rule === 'credential-table'), []);
    const table = `\n| user | password |\n|------|----------|\n| ada  | ${secret} |\n`;
    assert.ok(scanText(rows + table, 'prompt', OPTIONS).some(f => f.rule === 'credential-table'));
  });

  it('a title row above a table (one filled cell, the same delimiters) does not hide its header', () => {
    const secret = password(rng);
    for (const text of [`Accounts,,\nuser,password,host\nada,${secret},db1\n`, `| Accounts | | |\n| user | password | host |\n|---|---|---|\n| ada | ${secret} | db1 |\n`]) {
      assert.ok(scanText(text, 'prompt', OPTIONS).some(f => f.rule === 'credential-table'), text);
    }
  });

  it('folds each repeated chain of literals once: 20,000 `"+"` junctions on one line, then a split token is still found', () => {
    const junctions = 'sk-"+"'.repeat(20_000);
    assert.ok(scanText(junctions, 'prompt', OPTIONS).every(f => f.rule !== 'scanner-error'));
    const token = `ghp_${rng.str(36, ALNUM)}`;
    const split = `${junctions}\nconst t = "${token.slice(0, 10)}" + "${token.slice(10)}";`;
    assert.ok(scanText(split, 'prompt', OPTIONS).some(f => f.rule === 'concatenated-secret'));
  });

  it('reads a login call after 20,000 unclosed `auth(` on the line before', () => {
    const secret = password(rng);
    const findings = scanText(`${'auth('.repeat(20_000)}\nclient.login("admin", "${secret}")`, 'prompt', OPTIONS);
    assert.ok(findings.some(f => f.rule === 'password-argument'), findings.map(f => f.rule).join(','));
  });

  it('judges once per line whether it ends open: 40,000 decoys on a line ending in 400,000 spaces, then a wrapped assignment is found', () => {
    const secret = rng.str(48, ALNUM);
    const text = `${'password=x '.repeat(40_000)}${' '.repeat(400_000)}\nconst uploadApiKey =\n    "${secret}";`;
    const findings = scanText(text, 'prompt', OPTIONS);
    assert.ok(findings.some(f => f.rule === 'generic-credential-assignment' && f.line === 3), findings.map(f => `${f.rule}@${f.line}`).join(','));
  });

  it('looks for the dot of a provider name inside the name only: a key after 1 MB of `loggly \'` with no dot is found', () => {
    const key = rng.str(32, ALNUM);
    const findings = scanText(`${"loggly '".repeat(130_000)}\nloggly '${key}'`, 'prompt', OPTIONS);
    assert.ok(findings.some(f => f.rule === 'provider-credential-assignment' && f.line === 2), findings.map(f => `${f.rule}@${f.line}`).join(','));
  });

  it('judges a repeated provider pair once: a key after 1 MB of `cloudsmith = "` (every unit a match of the same pair) is found', () => {
    const key = rng.str(40, ALNUM);
    const findings = scanText(`${'cloudsmith = "'.repeat(75_000)}\ncloudsmith = "${key}"`, 'prompt', OPTIONS);
    assert.ok(findings.some(f => f.rule === 'provider-credential-assignment' && f.line === 2), findings.map(f => `${f.rule}@${f.line}`).join(','));
  });

  it('spans a thousand findings inside one long token run without walking the run for each: 1 MB of pgpassword==abc123', () => {
    const findings = scanText('pgpassword==abc123'.repeat(58_000), 'prompt', OPTIONS);
    assert.ok(findings.length > 0 && findings.every(f => f.rule !== 'scanner-error'));
  });
});

