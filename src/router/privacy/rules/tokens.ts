import type { Rule } from '../types';
import { isIdentifierLike } from '../values';
import { isFillerBody, looksRandom, tokenRule } from './helpers';

/**
 * Provider tokens with a distinctive prefix (GitHub, GitLab, npm, PyPI, Slack, Stripe, SendGrid, OpenAI, Anthropic,
 * Hugging Face, Vault, and the other formats a secret scanner knows). Every quantifier is bounded.
 */
const B = '(?<![A-Za-z0-9_])';     // left boundary
const E = '(?![A-Za-z0-9_])';      // right boundary
const ED = '(?![A-Za-z0-9_-])';    // right boundary for bodies that may hold a dash

const re = (source: string, flags = 'g'): RegExp => new RegExp(source, flags);

/**
 * A PyPI token is a macaroon (version 2, binary, base64url): sections of typed fields (location, identifier,
 * caveats), then a 32-byte signature, the HMAC that makes it a credential. A token that parses as a macaroon but
 * ends before its signature was cut (a log line, a doc that shortens it) and authenticates nothing. A body that does
 * not parse as one is judged by its shape alone, as before (generated samples are random bytes).
 */
export function endsBeforeSignature(body: string): boolean {
  const bytes = Buffer.from(body, 'base64url');
  let at = 1;
  if (bytes[0] !== 2) {
    return false;
  }
  // A varint (7 bits a byte) at `at`, or undefined when the data ends first.
  const varint = (): number | undefined => {
    let value = 0;
    for (let shift = 0; shift < 28; shift += 7) {
      if (at >= bytes.length) {
        return undefined;
      }
      const b = bytes[at++];
      value += (b & 0x7f) * 2 ** shift;
      if (b < 0x80) {
        return value;
      }
    }
    return undefined;
  };
  // Only a body whose first identifier is printable text is a macaroon for sure: random bytes seldom pass that.
  let identified = false;
  while (at < bytes.length) {
    const type = varint();
    if (type === undefined) {
      return identified;
    }
    if (type === 0) {
      continue;                                   // the end of a section
    }
    if (type === 6) {
      const length = varint();
      return identified && (length === undefined || (length === 32 && at + 32 > bytes.length));
    }
    if (type !== 1 && type !== 2 && type !== 4) {
      return false;                               // not a macaroon field: not ours to judge
    }
    const length = varint();
    if (length === undefined || at + length > bytes.length) {
      return identified;
    }
    if (type === 2 && !identified) {
      if (length < 8 || !bytes.subarray(at, at + length).every(b => b >= 0x20 && b < 0x7f)) {
        return false;
      }
      identified = true;
    }
    at += length;
  }
  return identified;
}

export const TOKEN_RULES: readonly Rule[] = [
  tokenRule('github-token', ['ghp_', 'gho_', 'ghu_', 'ghs_', 'ghr_'],
    re(`${B}(?:gh[pousr]_[A-Za-z0-9]{36,2000}|ghs_\\d{1,20}_[A-Za-z0-9_-]{1,1000}\\.[A-Za-z0-9_-]{1,2000}\\.[A-Za-z0-9_-]{1,1000})${ED}`)),
  tokenRule('github-fine-grained-token', ['github_pat_'], re(`${B}github_pat_[A-Za-z0-9_]{82,251}${E}`)),
  tokenRule('gitlab-token', ['glpat-', 'gldt-', 'glrt-', 'glptt-', 'glcbt-', 'glft-', 'glimt-', 'glsoat-', 'gloas-', 'glffct-', 'glagent-'],
    re(`${B}gl(?:pat|dt|rt|ptt|cbt|ft|imt|soat|oas|ffct|agent)-[A-Za-z0-9_-]{20,128}${ED}`)),
  tokenRule('npm-token', ['npm_'], re(`${B}npm_[A-Za-z0-9]{36,64}${E}`)),
  tokenRule('pypi-token', ['pypi-AgEIcHlwaS5vcmc', 'pypi-AgENdGVzdC5weXBpLm9yZw'],
    re(`${B}pypi-AgE(?:IcHlwaS5vcmc|NdGVzdC5weXBpLm9yZw)[A-Za-z0-9_-]{40,1000}${ED}`), { validate: v => !endsBeforeSignature(v.slice(5)) }),
  tokenRule('slack-token', ['xoxb-', 'xoxp-', 'xoxa-', 'xoxo-', 'xoxr-', 'xoxs-', 'xoxe-', 'xapp-'],
    re(`(?<![A-Za-z0-9_-])(?:xox[abposre](?:\\.xox[abposre])?|xapp)-(?:\\d-)?(?:[A-Za-z0-9]{1,40}-){1,8}[A-Za-z0-9]{1,80}${ED}`),
    // Slack's documented formats carry a long numeric id or a long random segment, and digits: a short id with a
    // short tail, letters only, or words (a bot token named in prose) are samples.
    { minEntropy: 2.5, validate: v => (/-\d{8,}-/.test(v) || /[A-Za-z0-9]{16,}/.test(v.slice(5))) && /\d/.test(v) && !isIdentifierLike(v.slice(5)) }),
  tokenRule('slack-webhook', ['hooks.slack.com/'],
    re('https?://hooks\\.slack\\.com/(?:services/T[A-Za-z0-9]{1,40}/B[A-Za-z0-9]{1,40}/[A-Za-z0-9]{1,80}|workflows/[A-Za-z0-9/]{10,200})', 'gi'),
    { caseInsensitive: true }),
  tokenRule('stripe-key', ['sk_live_', 'rk_live_', 'sk_test_', 'rk_test_', 'sk_prod_', 'rk_prod_', 'whsec_'],
    re(`${B}(?:(?:sk|rk)_(?:live|test|prod)_[A-Za-z0-9]{10,247}|whsec_[A-Za-z0-9+/]{32,100}={0,2})${E}`)),
  tokenRule('twilio-api-key', ['SK'], re(`${B}SK[0-9a-fA-F]{32}${E}`)),
  tokenRule('twilio-credentials', ['AC'], re(`${B}AC[0-9a-f]{32}:(?<value>[0-9a-f]{32})${E}`), { valueGroups: ['value'] }),
  tokenRule('twilio-auth-token', ['twilio', 'auth_token', 'authtoken'],
    re('(?:twilio[\\w.-]{0,30}|auth_?token)["\']?\\s{0,5}(?:=>|[:=])\\s{0,5}["\']?(?<value>[0-9a-f]{32})(?![0-9A-Za-z])', 'gi'),
    { caseInsensitive: true, valueGroups: ['value'] }),
  // SonarQube's `sonar.login` property (`-Dsonar.login=`, `$sonarLogin`) takes the analysis token, 40 hex digits in
  // the unprefixed form. Built apart from tokenRule, which drops 40 hex digits anywhere as a git commit id.
  {
    id: 'sonar-login-token',
    kind: 'secret',
    anchors: ['sonar.login', 'sonarlogin', 'sonar_login', 'sonar-login'],
    caseInsensitive: true,
    pattern: re(`sonar[._-]?login["']?\\s{0,3}(?:=>|[:=,])\\s{0,3}["']?(?<value>[0-9a-f]{40})(?![0-9A-Za-z])`, 'gi'),
    valueGroups: ['value'],
    validate: value => looksRandom(value) && !isFillerBody(value),
  },
  tokenRule('sendgrid-key', ['SG.'], re(`${B}SG\\.[A-Za-z0-9_-]{16,128}\\.[A-Za-z0-9_-]{16,128}${ED}`)),
  tokenRule('anthropic-key', ['sk-ant-'], re(`${B}sk-ant-(?:api|admin|sid)\\d{2,3}-[A-Za-z0-9_-]{80,140}${ED}`)),
  // Project, service-account and admin keys carry `T3BlbkFJ` ("OpenAI" in base64) in the middle: without it the
  // prefix is all that is OpenAI's. Plain `sk-` keys stay wide (other providers use the prefix too).
  tokenRule('openai-key', ['sk-'],
    re(`(?<![A-Za-z0-9_-])sk-(?!ant-)(?:(?:proj|svcacct|admin|None)-)?[A-Za-z0-9_-]{20,250}${ED}`),
    { minEntropy: 3.5, validate: v => /\d/.test(v) && /[A-Z]/.test(v) && /[a-z]/.test(v.slice(3)) && (!/^sk-(?:proj|svcacct|admin)-/.test(v) || v.includes('T3BlbkFJ')) }),
  tokenRule('huggingface-token', ['hf_'], re(`${B}hf_[A-Za-z0-9]{30,40}${E}`)),
  tokenRule('vault-token', ['hvs.', 'hvb.', 'hvr.'], re(`${B}hv[sbr]\\.[A-Za-z0-9_-]{24,400}${ED}`)),
  tokenRule('google-oauth-client-secret', ['GOCSPX-'], re(`${B}GOCSPX-[A-Za-z0-9_-]{28,40}${ED}`)),
  tokenRule('shopify-token', ['shpat_', 'shpss_', 'shpca_', 'shppa_'], re(`${B}shp(?:at|ss|ca|pa)_[A-Za-z0-9]{32,64}${E}`)),
  tokenRule('mailgun-key', ['key-'], re(`${B}key-[0-9a-f]{32}${E}`)),
  tokenRule('mailchimp-key', ['-us'], re(`${B}[0-9a-f]{32}-us\\d{1,2}${E}`), { before: 40 }),
  tokenRule('discord-webhook', ['discord.com/api/webhooks/', 'discordapp.com/api/webhooks/'],
    re('https://(?:ptb\\.|canary\\.)?discord(?:app)?\\.com/api/webhooks/\\d{5,30}/[A-Za-z0-9_-]{40,100}', 'gi'), { caseInsensitive: true }),
  tokenRule('discord-bot-token', ['bot'],
    re(`${B}(?<value>[MNO][A-Za-z0-9_-]{23,27}\\.[A-Za-z0-9_-]{6}\\.[A-Za-z0-9_-]{27,40})${ED}`),
    { caseInsensitive: true, valueGroups: ['value'], before: 300, after: 300 }),
  tokenRule('telegram-bot-token', [':AA'], re('(?<![0-9])\\d{8,10}:AA[A-Za-z0-9_-]{32,34}(?![A-Za-z0-9_-])'), { before: 12 }),
  tokenRule('digitalocean-token', ['dop_v1_', 'doo_v1_', 'dor_v1_'], re(`${B}do[por]_v1_[a-f0-9]{64}${E}`)),
  tokenRule('databricks-token', ['dapi'], re(`${B}dapi[a-f0-9]{32}(?:-\\d)?${ED}`)),
  tokenRule('atlassian-token', ['ATATT3', 'ATCTT3'], re(`${B}AT[AC]TT3[A-Za-z0-9_=-]{100,300}${ED}`)),
  tokenRule('linear-key', ['lin_api_', 'lin_oauth_'], re(`${B}lin_(?:api|oauth)_[A-Za-z0-9]{32,128}${E}`)),
  tokenRule('doppler-token', ['dp.pt.', 'dp.st.', 'dp.sa.', 'dp.ct.', 'dp.scim.', 'dp.audit.'],
    // A service token names its config between the kind and the key (`dp.st.dev.…`, `dp.st.prd_eu.…`).
    re(`${B}dp\\.(?:pt|st|sa|ct|scim|audit)\\.(?:[a-z0-9_-]{1,40}\\.)?[A-Za-z0-9]{40,64}${E}`)),
  tokenRule('pulumi-token', ['pul-'], re(`${B}pul-[a-f0-9]{40}${E}`)),
  tokenRule('postman-key', ['PMAK-'], re(`${B}PMAK-[a-f0-9]{24}-[a-f0-9]{34}${E}`)),
  tokenRule('grafana-token', ['glc_', 'glsa_'],
    re(`${B}(?:glc_[A-Za-z0-9+/]{32,400}={0,2}(?![A-Za-z0-9+/=])|glsa_[A-Za-z0-9]{32}_[A-Fa-f0-9]{8}${E})`)),
  // Ingest keys (`NRII-`) may hold dashes; the others are letters and digits in either case.
  tokenRule('newrelic-key', ['NRAK-', 'NRII-', 'NRJS-'], re(`${B}(?:NR(?:AK|JS)-[A-Za-z0-9]{19,32}|NRII-[A-Za-z0-9-]{32})${E}`)),
  tokenRule('sentry-token', ['sntrys_', 'sntryu_'], re(`${B}(?:sntryu_[a-f0-9]{64}|sntrys_eyJ[A-Za-z0-9+/]{20,400}={0,2}_[A-Za-z0-9+/]{43})${E}`)),
  tokenRule('square-token', ['sq0atp-', 'sq0csp-', 'EAAA'],
    re(`${B}(?:sq0atp-[A-Za-z0-9_-]{22}|sq0csp-[A-Za-z0-9_-]{43}|EAAA[A-Za-z0-9_-]{60})${ED}`)),
  tokenRule('alibaba-access-key', ['LTAI'], re(`${B}LTAI[A-Za-z0-9]{12,20}${E}`)),
  tokenRule('groq-key', ['gsk_'], re(`${B}gsk_[A-Za-z0-9]{48,56}${E}`)),
  tokenRule('notion-token', ['ntn_', 'secret_'], re(`${B}(?:ntn_\\d{11}[A-Za-z0-9]{35}|secret_[A-Za-z0-9]{43})${E}`)),
  tokenRule('onepassword-token', ['ops_ey'], re('(?<![A-Za-z0-9_])ops_ey[A-Za-z0-9+/=]{100,1280}(?![A-Za-z0-9+/=])')),
  tokenRule('vercel-token', ['vcp_', 'vci_', 'vca_', 'vcr_', 'vck_'], re(`${B}vc[pikar]_[A-Za-z0-9]{20,60}${E}`)),
  tokenRule('docker-token', ['dckr_pat_', 'dckr_oat_'], re(`${B}dckr_(?:pat|oat)_[A-Za-z0-9_-]{27,40}${ED}`)),
  tokenRule('figma-token', ['figd_', 'figu_'], re(`${B}fig[du]_[A-Za-z0-9_-]{40,200}${ED}`)),
  tokenRule('cloudflare-token', ['cfk_', 'cfut_', 'cfat_'], re(`${B}(?:cfk|cfut|cfat)_[A-Za-z0-9]{40}[0-9a-f]{8}${E}`)),
  tokenRule('tailscale-key', ['tskey-'], re(`${B}tskey-[a-z]{2,20}-[A-Za-z0-9_]{8,40}-[A-Za-z0-9_]{16,60}${E}`)),
  tokenRule('age-secret-key', ['AGE-SECRET-KEY-1'], re(`${B}AGE-SECRET-KEY-1[0-9A-Z]{58}${E}`)),
  // GoCardless access tokens: `live_` or `sandbox_` and 40 token characters; the prefixes alone are common words in
  // code, so the provider's name must be near.
  tokenRule('gocardless-token', ['gocardless'],
    re('(?<![A-Za-z0-9_=-])(?<value>(?:live|sandbox)_[A-Za-z0-9_=-]{40})(?![A-Za-z0-9_=-])', 'g'),
    { caseInsensitive: true, valueGroups: ['value'], before: 200, after: 200 }),
  tokenRule('azure-devops-pat', ['dev.azure.com', 'visualstudio.com', 'azure_devops', 'azuredevops', 'azdo', 'ado_', 'ado-', 'system_accesstoken'],
    re('(?<![A-Za-z0-9])(?<value>[a-z2-7]{52}|[A-Za-z0-9]{76}AZDO[A-Za-z0-9]{4})(?![A-Za-z0-9])', 'g'),
    { caseInsensitive: true, valueGroups: ['value'], before: 300, after: 300, minEntropy: 3.5 }),
];
