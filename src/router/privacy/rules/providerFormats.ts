import type { Rule } from '../types';
import { tokenRule } from './helpers';

/**
 * Provider formats as data: one row per format with a distinctive prefix or fixed structure (the checklist is the
 * formats gitleaks and secretlint publish and the providers' own documentation; the rows are written here).
 * Formats that are only recognisable by the name they are assigned to (`snykToken = <uuid>`) are left to the
 * key/value layer, which judges every `…token`, `…key`, `…secret` name.
 */
interface ProviderFormat {
  readonly id: string;
  /** Literal prefixes (anchors) that every token of the format contains at its start. */
  readonly prefixes: readonly string[];
  /** The whole token, after the shared left boundary. */
  readonly body: string;
  readonly caseInsensitive?: boolean;
  /** Minimum Shannon entropy of the token (default 3): a low bound for formats with long fixed parts. */
  readonly minEntropy?: number;
  /** The generated part, when fixed fields follow it (judged alone for randomness and filler). */
  readonly randomPart?: (token: string) => string;
}

const FORMATS: readonly ProviderFormat[] = [
  { id: 'aws-bedrock-api-key', prefixes: ['ABSK', 'bedrock-api-key-'], body: String.raw`(?:ABSK[A-Za-z0-9+/]{109,269}={0,2}|bedrock-api-key-[A-Za-z0-9+/]{100,2000}={0,2})` },
  { id: 'huggingface-org-token', prefixes: ['api_org_'], body: String.raw`api_org_[A-Za-z]{34}` },
  { id: 'perplexity-key', prefixes: ['pplx-'], body: String.raw`pplx-[A-Za-z0-9]{48}` },
  { id: 'twitter-bearer-token', prefixes: ['AAAAAAAAAAAAAAAAAAAAA'], body: String.raw`A{21,22}(?=[A-Za-z0-9%]{0,200}%[0-9A-F]{2})[A-Za-z0-9%]{30,200}`, minEntropy: 2.5 },
  { id: 'grafana-api-key', prefixes: ['eyJrIjoi'], body: String.raw`eyJrIjoi[A-Za-z0-9]{70,400}={0,3}` },
  { id: 'flyio-token', prefixes: ['fo1_', 'fm1a_', 'fm1r_', 'fm2_'], body: String.raw`(?:fo1_[\w-]{43}|fm1[ar]_[A-Za-z0-9+/]{100,}={0,3}|fm2_[A-Za-z0-9+/]{100,}={0,3})` },
  { id: 'planetscale-token', prefixes: ['pscale_tkn_', 'pscale_oauth_', 'pscale_pw_'], body: String.raw`pscale_(?:tkn|oauth|pw)_[\w=.-]{32,64}` },
  { id: 'sonar-token', prefixes: ['squ_', 'sqp_', 'sqa_'], body: String.raw`sq[upa]_[0-9a-f]{40}` },
  { id: 'harness-key', prefixes: ['pat.', 'sat.'], body: String.raw`(?:pat|sat)\.[A-Za-z0-9_-]{22}\.[A-Za-z0-9]{24}\.[A-Za-z0-9]{20}` },
  { id: 'shippo-token', prefixes: ['shippo_live_', 'shippo_test_'], body: String.raw`shippo_(?:live|test)_[a-fA-F0-9]{40}` },
  { id: 'clickhouse-key', prefixes: ['4b1d'], body: String.raw`4b1d[A-Za-z0-9]{38}` },
  { id: 'heroku-key', prefixes: ['HRKU-'], body: String.raw`HRKU-AA[0-9a-zA-Z_-]{58}` },
  { id: 'okta-ssws-token', prefixes: ['SSWS '], body: String.raw`SSWS\s{1,3}00[A-Za-z0-9_-]{40}` },
  // Reference tokens are base64 of `ref…` (`cmVmd`), 64 characters in all.
  { id: 'jfrog-key', prefixes: ['AKCp', 'cmVmd'], body: String.raw`(?:AKCp[A-Za-z0-9]{69}|cmVmd[A-Za-z0-9]{59})` },
  { id: 'adobe-client-secret', prefixes: ['p8e-'], body: String.raw`p8e-[A-Za-z0-9]{32}`, caseInsensitive: true },
  { id: 'adafruit-key', prefixes: ['aio_'], body: String.raw`aio_[A-Za-z0-9]{28}` },
  { id: 'airtable-pat', prefixes: ['pat'], body: String.raw`pat[A-Za-z0-9]{14}\.[a-f0-9]{64}` },
  { id: 'clojars-token', prefixes: ['CLOJARS_'], body: String.raw`CLOJARS_[a-z0-9]{60}` },
  { id: 'defined-networking-key', prefixes: ['dnkey-'], body: String.raw`dnkey-[a-z0-9=_-]{26}-[a-z0-9=_-]{52}` },
  { id: 'dropbox-token', prefixes: ['sl.'], body: String.raw`sl\.[A-Za-z0-9=_-]{130,1400}` },
  { id: 'dropbox-long-lived-token', prefixes: ['AAAAAAAAAA'], body: String.raw`[a-z0-9]{11}AAAAAAAAAA[A-Za-z0-9_=-]{43}`, minEntropy: 2.5 },
  { id: 'duffel-token', prefixes: ['duffel_test_', 'duffel_live_'], body: String.raw`duffel_(?:test|live)_[A-Za-z0-9_=-]{43}` },
  { id: 'dynatrace-token', prefixes: ['dt0c01.'], body: String.raw`dt0c01\.[A-Za-z0-9]{24}\.[A-Za-z0-9]{64}` },
  { id: 'easypost-key', prefixes: ['EZAK', 'EZTK'], body: String.raw`EZ[AT]K[A-Za-z0-9]{54}` },
  { id: 'facebook-token', prefixes: ['EAAC', 'EAAM'], body: String.raw`EAA[MC][A-Za-z0-9]{100,400}` },
  { id: 'flutterwave-key', prefixes: ['FLWSECK_TEST', 'FLWSECK-', 'FLWSECK_TEST-'], body: String.raw`FLWSECK(?:_TEST)?-[a-hA-H0-9]{12,32}(?:-X)?` },
  { id: 'frameio-token', prefixes: ['fio-u-'], body: String.raw`fio-u-[A-Za-z0-9_=-]{64}` },
  { id: 'gitlab-routable-token', prefixes: ['GR1348941'], body: String.raw`GR1348941[\w-]{20}` },
  { id: 'gitlab-session-cookie', prefixes: ['_gitlab_session='], body: String.raw`_gitlab_session=[0-9a-z]{32}` },
  { id: 'hashicorp-terraform-token', prefixes: ['.atlasv1.'], body: String.raw`[A-Za-z0-9]{14}\.atlasv1\.[A-Za-z0-9_=-]{60,70}` },
  { id: 'infracost-key', prefixes: ['ico-'], body: String.raw`ico-[A-Za-z0-9]{32}` },
  { id: 'intra42-secret', prefixes: ['s-s4t2ud-', 's-s4t2af-'], body: String.raw`s-s4t2(?:ud|af)-[a-f0-9]{64}` },
  { id: 'mapbox-token', prefixes: ['k.eyJ'], body: String.raw`[pst]k\.eyJ[A-Za-z0-9]{40,400}\.[A-Za-z0-9_-]{22}` },
  { id: 'maxmind-key', prefixes: ['_mmk'], body: String.raw`[A-Za-z0-9]{6}_[A-Za-z0-9]{29}_mmk` },
  // LaunchDarkly SDK, mobile and API access keys: the kind, then a UUID-shaped body.
  { id: 'launchdarkly-key', prefixes: ['sdk-', 'mob-', 'api-'], body: String.raw`(?:sdk|mob|api)-[a-z0-9]{8}-[a-z0-9]{4}-[a-z0-9]{4}-[a-z0-9]{4}-[a-z0-9]{12}` },
  { id: 'octopus-deploy-key', prefixes: ['API-'], body: String.raw`API-[A-Z0-9]{26}` },
  { id: 'openshift-token', prefixes: ['sha256~'], body: String.raw`sha256~[\w-]{43}` },
  { id: 'plaid-token', prefixes: ['access-sandbox-', 'access-development-', 'access-production-'], body: String.raw`access-(?:sandbox|development|production)-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}` },
  { id: 'prefect-key', prefixes: ['pnu_'], body: String.raw`pnu_[A-Za-z0-9]{36}` },
  { id: 'readme-key', prefixes: ['rdme_'], body: String.raw`rdme_[a-z0-9]{70}` },
  { id: 'rubygems-key', prefixes: ['rubygems_'], body: String.raw`rubygems_[a-f0-9]{48}` },
  { id: 'scalingo-token', prefixes: ['tk-us-'], body: String.raw`tk-us-[\w-]{48}` },
  { id: 'sendinblue-key', prefixes: ['xkeysib-'], body: String.raw`xkeysib-[a-f0-9]{64}-[A-Za-z0-9]{16}` },
  { id: 'settlemint-token', prefixes: ['sm_aat_', 'sm_pat_', 'sm_sat_'], body: String.raw`sm_[aps]at_[A-Za-z0-9]{16}` },
  { id: 'sourcegraph-token', prefixes: ['sgp_', 'sgph_'], body: String.raw`(?:sgp_(?:[a-fA-F0-9]{16}|local)_[a-fA-F0-9]{40}|sgp_[a-fA-F0-9]{40}|sgph_[a-fA-F0-9]{16}_[a-fA-F0-9]{40})` },
  { id: 'typeform-token', prefixes: ['tfp_'], body: String.raw`tfp_[A-Za-z0-9_.=-]{59}` },
  { id: 'yandex-key', prefixes: ['AQVN', 'YC'], body: String.raw`(?:AQVN[A-Za-z0-9_-]{35,38}|YC[A-Za-z0-9_-]{38})` },
  { id: 'yandex-iam-token', prefixes: ['t1.'], body: String.raw`t1\.[A-Z0-9a-z_-]+={0,2}\.[A-Z0-9a-z_-]{86}={0,2}` },
  { id: 'onepassword-secret-key', prefixes: ['A3-'], body: String.raw`A3-[A-Z0-9]{6}-(?:[A-Z0-9]{11}|[A-Z0-9]{6}-[A-Z0-9]{5})-[A-Z0-9]{5}-[A-Z0-9]{5}-[A-Z0-9]{5}` },
  { id: 'nuget-key', prefixes: ['oy2'], body: String.raw`oy2[a-z0-9]{43}` },
  { id: 'sidekiq-secret', prefixes: ['CONTRIBSYS__COM'], body: String.raw`BUNDLE_(?:ENTERPRISE|GEMS)__CONTRIBSYS__COM["']?\s{0,5}[:=]{1,2}\s{0,5}["']?[a-f0-9]{8}:[a-f0-9]{8}`, caseInsensitive: true, minEntropy: 2.5 },
  // Configuration and refresh tokens mix both cases (Slack's own samples), and a body may fall a few characters short.
  { id: 'slack-config-token', prefixes: ['xoxe.xox', 'xoxe-'], body: String.raw`(?:xoxe\.xox[bp]-\d-[A-Za-z0-9]{146,170}|xoxe-\d-[A-Za-z0-9]{146})` },
  { id: 'slack-legacy-token', prefixes: ['xoxo-', 'xoxs-'], body: String.raw`xox[os]-\d{3,}-\d{3,}-\d{3,}-[a-fA-F\d]{8,}` },
  { id: 'slack-webhook-path', prefixes: ['hooks.slack.com/'], body: String.raw`(?<![\w.-])hooks\.slack\.com/(?:services|workflows|triggers)/[A-Za-z0-9+/]{43,56}`, caseInsensitive: true },
  { id: 'langsmith-key', prefixes: ['lsv2_pt_', 'lsv2_sk_'], body: String.raw`lsv2_(?:pt|sk)_[a-f0-9]{32}_[a-f0-9]{10}` },
  { id: 'rootly-key', prefixes: ['rootly_'], body: String.raw`rootly_[a-f0-9]{64}` },
  { id: 'spectralops-key', prefixes: ['spu-'], body: String.raw`spu-[a-z0-9]{32}` },
  // `ptr_` alone starts many C identifiers: the token body mixes cases and digits.
  { id: 'portainer-token', prefixes: ['ptr_'], body: String.raw`ptr_(?=[\w/+=-]{0,60}[0-9])(?=[\w/+=-]{0,60}[A-Z])(?=[\w/+=-]{0,60}[a-z])[A-Za-z0-9/+=_-]{30,60}` },
  // New Relic license keys end in a fixed `FFFFNRAL` (EU keys open with `eu01xx`).
  { id: 'newrelic-license-key', prefixes: ['FFFFNRAL'], body: String.raw`(?<![A-Za-z0-9_.+/-])(?:[0-9a-f]{32}|eu01xx[0-9a-f]{26})FFFFNRAL`, caseInsensitive: true },
  // A Tableau personal access token's secret: 16 bytes in base64, a colon, 32 letters and digits.
  { id: 'tableau-pat-secret', prefixes: ['==:'], body: String.raw`(?<![A-Za-z0-9+/])[A-Za-z0-9+/]{22}==:[A-Za-z0-9]{32}` },
  // Anyone holding a catch hook's URL can post to the Zap: the path is the secret.
  { id: 'zapier-webhook', prefixes: ['hooks.zapier.com/hooks/catch/'], body: String.raw`(?<![\w.-])hooks\.zapier\.com/hooks/catch/[A-Za-z0-9/]{16,40}`, caseInsensitive: true },
  // Microsoft and Azure identifiable keys: a fixed signature inside the key (the provider's own checksum scheme).
  // Azure DevOps personal access tokens (84 characters) carry `AZDO` at offset 76 whatever their other signature holds.
  // After the 52 generated characters of the 84-character forms come fixed fields (signatures, zeroed reserved bits).
  { id: 'azure-identifiable-key', prefixes: ['+ASt', 'ACDb', '+ASb', '+AEh', '+ARm', 'AzFu', 'AzSe', '+ACR', 'APIM', 'AzCa', '+BMC', 'JQQJ9', 'AZDO'],
    body: String.raw`(?<![A-Za-z0-9+/_-])(?:[A-Za-z0-9+/]{76}(?:\+ASt|ACDb|APIM|\+BMC)[A-Za-z0-9+/]{5}[AQgw]==|[A-Za-z0-9+/]{33}(?:\+ASb|\+AEh|\+ARm)[A-Za-z0-9+/]{5}[AEIMQUYcgkosw048]=|[A-Za-z0-9_-]{44}AzFu[A-Za-z0-9_-]{5}[AQgw]==|[A-Za-z0-9]{42}AzSe[A-D][A-Za-z0-9]{5}|[A-Za-z0-9+/]{42}\+ACR[A-D][A-Za-z0-9+/]{5}|[A-Za-z0-9]{33}AzCa[A-P][A-Za-z0-9]{5}=|[A-Za-z0-9]{52}JQQJ9[9DH][A-Za-z0-9]{26}|[A-Za-z0-9]{76}AZDO[A-Za-z0-9]{4})`,
    randomPart: token => (token.length === 84 ? token.slice(0, 52) : token) },
  { id: 'teams-webhook', prefixes: ['webhook.office.com/', 'outlook.office.com/webhook'],
    body: String.raw`https://(?:[\w.-]{1,120}\.webhook\.office\.com/webhookb2|outlook\.office\.com/webhook)/[0-9a-z-]{36}@[0-9a-z-]{36}/IncomingWebhook/[0-9a-z]{32}/[0-9a-z-]{36}(?:/[\w-]{10,100})?`, caseInsensitive: true, minEntropy: 2.5 },
  { id: 'buildkite-token', prefixes: ['bkua_'], body: String.raw`bkua_[a-z0-9]{40}` },
  { id: 'mongodb-atlas-service-account-secret', prefixes: ['mdb_sa_sk_'], body: String.raw`mdb_sa_sk_[A-Za-z0-9_-]{40,64}` },
  // PostHog personal API keys (`phx_`); project keys (`phc_`) are public, written into web pages.
  { id: 'posthog-personal-key', prefixes: ['phx_'], body: String.raw`phx_[A-Za-z0-9_]{43,47}` },
  { id: 'segment-public-api-token', prefixes: ['sgp_'], body: String.raw`sgp_[A-Za-z0-9]{64}` },
  { id: 'teamwork-token', prefixes: ['tkn.v1_'], body: String.raw`tkn\.v1_[A-Za-z0-9+/_-]{60,90}={0,2}` },
  // Google OAuth 2.0 access tokens.
  { id: 'google-oauth-access-token', prefixes: ['ya29.'], body: String.raw`ya29\.[A-Za-z0-9_-]{30,2000}` },
  // Ionic Appflow personal access tokens.
  { id: 'ionic-token', prefixes: ['ion_'], body: String.raw`ion_[A-Za-z0-9]{42}` },
  // Ubidots account and API tokens (`BBFF-`, and `BBUS-` for the newer ones).
  { id: 'ubidots-token', prefixes: ['BBFF-', 'BBUS-'], body: String.raw`BB(?:FF|US)-[A-Za-z0-9]{30}` },
  // Sourcegraph's backend tokens, 64 hex digits of either case after their prefix (Sourcegraph's published secret
  // formats): derived from a license key (`slk_`), a sourcegraph.com user's Cody Gateway token (`sgd_`), and an
  // enterprise subscription's token (`sgs_`).
  { id: 'sourcegraph-gateway-token', prefixes: ['slk_', 'sgd_', 'sgs_'], body: String.raw`s(?:lk|gd|gs)_[0-9a-fA-F]{64}` },
  { id: 'azure-function-key', prefixes: ['azurewebsites.net/'], body: String.raw`https://[\w.-]{1,120}\.azurewebsites\.net/[^\s?#"']{0,200}\?(?:[^\s"'#]{0,200}&)?code=[A-Za-z0-9_=/+%-]{30,100}`, caseInsensitive: true },
];

/** Boundaries: a token never continues a longer word on either side. */
const LEFT = '(?<![A-Za-z0-9_.+/-])';   // not inside a word, a dotted name, a base64 run or a path
const RIGHT = '(?![A-Za-z0-9_])';

export const PROVIDER_RULES: readonly Rule[] = FORMATS.map(f => tokenRule(f.id, f.prefixes,
  new RegExp(`${f.body.startsWith('(?<') ? '' : LEFT}${f.body}${RIGHT}`, f.caseInsensitive ? 'gi' : 'g'),
  { caseInsensitive: f.caseInsensitive, minEntropy: f.minEntropy, randomPart: f.randomPart, before: 120 }));
