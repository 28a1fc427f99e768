import * as assert from 'node:assert/strict';
import { scanText } from '../../../../src/router/privacyGate';
import { ALNUM, B64, B64URL, HEX, LOWER, Rng, UPALNUM, UPPER } from './fixtures';

/**
 * Cross-check: on a shared corpus of positives (one per line), every line secretlint's recommended preset flags is
 * flagged by us too. secretlint is loaded the way the benchmark loads it (ESM, dynamic import).
 */
const r = new Rng(424242);
const tok = (prefix: string, n: number, alphabet = ALNUM): string => prefix + r.str(n, alphabet);
const pem = ['-----BEGIN RSA PRIVATE KEY-----', r.str(64, B64), r.str(64, B64), r.str(40, B64), '-----END RSA PRIVATE KEY-----'].join('\n');

const CORPUS_LINES: readonly string[] = [
  `aws_access_key_id = ${'AKIA' + r.str(16, UPALNUM)}`,
  `AWS_SECRET_ACCESS_KEY = "${r.str(40, B64)}"`,
  `AWS_ACCOUNT_ID=${r.digits(12)}`,
  `npm_token: ${tok('npm_', 36)}`,
  `const url = "https://deploy:${r.str(12, ALNUM)}@registry.example.com/path";`,
  `SLACK_BOT=${'xoxb-' + r.digits(11) + '-' + r.digits(13) + '-' + r.str(24)}`,
  `webhook: https://hooks.slack.com/services/T${r.str(8, UPALNUM)}/B${r.str(8, UPALNUM)}/${r.str(24)}`,
  `SENDGRID_API_KEY=SG.${r.str(22, B64URL)}.${r.str(43, B64URL)}`,
  `shopify ${tok('shpat_', 32, HEX)}`,
  `stripe ${tok('sk_live_', 24)}`,
  `stripe test ${tok('sk_test_', 24)}`,
  `gh ${tok('ghp_', 36)}`,
  `gh ${tok('gho_', 36)}`,
  `gh ${tok('github_pat_', 82)}`,
  `gitlab ${tok('glpat-', 20)}`,
  `grafana ${tok('glc_', 48, B64)}`,
  `grafana ${tok('glsa_', 32)}_${r.str(8, HEX)}`,
  `openai ${'sk-proj-' + r.str(74, B64URL) + 'T3BlbkFJ' + r.str(74, B64URL)}`,
  `openai ${'sk-' + r.str(20) + 'T3BlbkFJ' + r.str(20)}`,
  `anthropic ${'sk-ant-api03-' + r.str(93, B64URL) + 'AA'}`,
  `groq ${tok('gsk_', 52)}`,
  `hf ${tok('hf_', 34, UPPER + LOWER)}`,
  `linear ${tok('lin_api_', 40)}`,
  `notion ${'ntn_' + r.digits(11) + r.str(35)}`,
  `op ${'ops_ey' + r.str(200, B64) + 'fQ=='}`,
  `MONGO=mongodb+srv://app:${r.str(14)}@cluster0.example.net/db`,
  `MYSQL=mysql://root:${r.str(14)}@db.internal:3306/app`,
  `PG=postgresql://app:${r.str(14)}@db.internal:5432/app`,
  `vault ${tok('hvs.', 95, B64URL)}`,
  `vercel ${tok('vcp_', 24)}`,
  `databricks ${tok('dapi', 32, HEX)}`,
  `docker ${tok('dckr_pat_', 27, B64URL)}`,
  `figma ${tok('figd_', 40, B64URL)}`,
  `cloudflare ${tok('cfk_', 40)}${r.str(8, HEX)}`,
  `tailscale tskey-auth-${r.str(12)}-${r.str(30)}`,
];
const CORPUS = CORPUS_LINES.join('\n') + '\n' + pem + '\n';

interface SecretlintMessage { readonly loc: { readonly start: { readonly line: number } }; readonly ruleId: string }

async function secretlintLines(text: string): Promise<Map<number, string>> {
  const core = await import('@secretlint/core');
  const preset = await import('@secretlint/secretlint-rule-preset-recommend');
  const result = await core.lintSource({
    source: { content: text, filePath: '/corpus/input.txt', ext: '.txt', contentType: 'text' },
    options: { config: { rules: [{ id: '@secretlint/secretlint-rule-preset-recommend', rule: preset.creator }] }, maskSecrets: true },
  });
  return new Map((result.messages as readonly SecretlintMessage[]).map(m => [m.loc.start.line, m.ruleId]));
}

describe('privacy gate vs secretlint recommended preset', () => {
  it('finds every line secretlint finds in the shared corpus of positives', async () => {
    const theirs = await secretlintLines(CORPUS);
    const ours = new Set(scanText(CORPUS, 'prompt', { sensitiveFileGlobs: [], extraPatterns: [] }).map(f => f.line));
    assert.ok(theirs.size >= 25, `secretlint found only ${theirs.size} lines: the corpus is not exercising it`);
    const missed = [...theirs].filter(([line]) => !ours.has(line)).map(([line, rule]) => `line ${line} (${rule})`);
    assert.deepEqual(missed, []);
  });

  it('also finds every corpus line, including those secretlint misses', () => {
    const ours = new Set(scanText(CORPUS, 'prompt', { sensitiveFileGlobs: [], extraPatterns: [] }).map(f => f.line));
    const unfound = CORPUS_LINES.map((_, i) => i + 1).filter(line => !ours.has(line));
    assert.deepEqual(unfound, []);
    assert.ok(ours.has(CORPUS_LINES.length + 1), 'private key block');
  });
});
