/**
 * One positive and look-alike negatives per row of the provider-format table (rules/providerFormats.ts) and the other
 * rules added with the key/value layer. Bodies are random at run time; negatives are the same prefixes with a
 * placeholder or a wrong length.
 */
import { ALNUM, B64, B64URL, HEX, LOWER, Rng, UPALNUM, UPPER } from './fixtures';
import type { RuleCase } from './ruleCases';

const r = new Rng(7702);
const s = (n: number, alphabet = ALNUM): string => r.str(n, alphabet);
const guid = (): string => `${s(8, HEX)}-${s(4, HEX)}-${s(4, HEX)}-${s(4, HEX)}-${s(12, HEX)}`;
const LOWNUM = LOWER + '0123456789';

/**
 * [rule, token, negatives, caughtByShape]: the positive text is `<rule> credential: <token>`. `caughtByShape`: look-alikes
 * this rule must not report that are still a prefix no row lists and a random body, which only prefixed-token reports.
 */
const ROWS: ReadonlyArray<[string, string, string[], string[]?]> = [
  ['aws-bedrock-api-key', 'ABSK' + s(120, B64), ['ABSK' + 'x'.repeat(120)]],
  ['huggingface-org-token', 'api_org_' + s(34, UPPER + LOWER), ['api_org_' + 'abcdefghijklmnopqrstuvwxyzabcdefgh']],
  ['perplexity-key', 'pplx-' + s(48), ['pplx-' + s(20)]],
  ['twitter-bearer-token', 'A'.repeat(21) + s(30) + '%2B' + s(40) + '%3D' + s(20), ['A'.repeat(40)]],
  ['grafana-api-key', 'eyJrIjoi' + s(80), ['eyJrIjoi' + s(10)]],
  ['flyio-token', 'fo1_' + s(43, B64URL), ['fo1_' + 'x'.repeat(43)]],
  ['planetscale-token', 'pscale_tkn_' + s(43), ['pscale_tkn_' + 'YOUR_TOKEN_HERE_' + 'x'.repeat(20)]],
  ['sonar-token', 'squ_' + s(40, HEX), ['squ_' + s(12, HEX)]],
  ['harness-key', `pat.${s(22)}.${s(24)}.${s(20)}`, ['pat.example.value']],
  ['shippo-token', 'shippo_live_' + s(40, HEX), ['shippo_live_' + '0'.repeat(40)]],
  ['clickhouse-key', '4b1d' + s(38), ['4b1d' + s(10)]],
  ['heroku-key', 'HRKU-AA' + s(58, B64URL), ['HRKU-AA' + 'x'.repeat(58)]],
  ['okta-ssws-token', 'SSWS 00' + s(40, B64URL), ['SSWS 00' + 'x'.repeat(40)]],
  ['jfrog-key', 'AKCp' + s(69), ['AKCp' + s(20)]],
  ['adafruit-key', 'aio_' + s(28), ['aio_' + 'x'.repeat(28)]],
  ['airtable-pat', `pat${s(14)}.${s(64, HEX)}`, ['path.to.module']],
  ['clojars-token', 'CLOJARS_' + s(60, LOWNUM), ['CLOJARS_' + 'a'.repeat(60)]],
  ['defined-networking-key', `dnkey-${s(26, LOWNUM)}-${s(52, LOWNUM)}`, ['dnkey-example']],
  ['dropbox-token', 'sl.' + s(140, B64URL), ['sl.' + s(20)]],
  ['dropbox-long-lived-token', s(11, LOWNUM) + 'AAAAAAAAAA' + s(43, B64URL), ['a'.repeat(11) + 'AAAAAAAAAA' + 'a'.repeat(43)]],
  ['yandex-iam-token', `t1.${s(20, B64URL)}.${s(86, B64URL)}`, ['t1.example.value']],
  ['duffel-token', 'duffel_live_' + s(43, B64URL), ['duffel_live_' + 'x'.repeat(43)]],
  ['dynatrace-token', `dt0c01.${s(24, UPALNUM)}.${s(64, UPALNUM)}`, ['dt0c01.example']],
  ['easypost-key', 'EZAK' + s(54, LOWNUM), ['EZAK' + 'x'.repeat(54)]],
  ['facebook-token', 'EAAC' + s(120), ['EAAC' + s(20)]],
  ['flutterwave-key', 'FLWSECK_TEST-' + s(32, 'abcdefgh0123456789') + '-X', ['FLWSECK_TEST-' + 'a'.repeat(32) + '-X']],
  ['frameio-token', 'fio-u-' + s(64, B64URL), ['fio-u-' + 'x'.repeat(64)]],
  ['gitlab-routable-token', 'GR1348941' + s(20, B64URL), ['GR1348941' + 'x'.repeat(20)]],
  ['gitlab-session-cookie', '_gitlab_session=' + s(32, LOWNUM), ['_gitlab_session=' + 'a'.repeat(32)]],
  ['hashicorp-terraform-token', `${s(14)}.atlasv1.${s(64, B64URL)}`, ['abc.atlasv1.example']],
  ['infracost-key', 'ico-' + s(32), ['video_box.ico-' + s(32, HEX) + '.png']],
  ['intra42-secret', 's-s4t2ud-' + s(64, HEX), ['s-s4t2ud-' + '0'.repeat(64)]],
  ['mapbox-token', `pk.eyJ${s(60)}.${s(22, B64URL)}`, ['pk.eyJexample']],
  ['maxmind-key', `${s(6)}_${s(29)}_mmk`, ['abc_mmk']],
  ['octopus-deploy-key', 'API-' + s(26, UPALNUM), ['API-' + 'X'.repeat(26)]],
  ['openshift-token', 'sha256~' + s(43, B64URL), ['sha256~' + 'x'.repeat(43)]],
  ['plaid-token', `access-production-${guid()}`, ['access-production-00000000-0000-0000-0000-000000000000']],
  ['prefect-key', 'pnu_' + s(36), ['pnu_' + 'X'.repeat(36)]],
  ['readme-key', 'rdme_' + s(70, LOWNUM), ['rdme_' + 'x'.repeat(70)]],
  ['rubygems-key', 'rubygems_' + s(48, HEX), ['rubygems_' + '0'.repeat(48)]],
  ['scalingo-token', 'tk-us-' + s(48, B64URL), ['tk-us-' + 'x'.repeat(48)]],
  ['sendinblue-key', `xkeysib-${s(64, HEX)}-${s(16)}`, ['xkeysib-example']],
  ['settlemint-token', 'sm_pat_' + s(16), ['sm_pat_' + 'x'.repeat(16)]],
  ['sourcegraph-token', 'sgp_' + s(40, HEX), ['sgp_' + '0'.repeat(40)]],
  ['typeform-token', 'tfp_' + s(59, B64URL), ['tfp_' + 'x'.repeat(59)]],
  ['yandex-key', 'AQVN' + s(36, B64URL), ['AQVN' + 'x'.repeat(36)]],
  ['onepassword-secret-key', `A3-${s(6, UPALNUM)}-${s(11, UPALNUM)}-${s(5, UPALNUM)}-${s(5, UPALNUM)}-${s(5, UPALNUM)}`, ['A3-XXXXXX-XXXXXXXXXXX-XXXXX-XXXXX-XXXXX']],
  ['nuget-key', 'oy2' + s(43, LOWNUM), ['oy2' + 'a'.repeat(43)]],
  ['sidekiq-secret', `BUNDLE_GEMS__CONTRIBSYS__COM=${s(8, HEX)}:${s(8, HEX)}`, ['BUNDLE_GEMS__CONTRIBSYS__COM=$SIDEKIQ_CREDS']],
  ['slack-config-token', 'xoxe-1-' + s(146, UPALNUM), ['xoxe-1-RANDOMSTRINGHERE']],
  ['slack-legacy-token', `xoxs-${s(10, '0123456789')}-${s(10, '0123456789')}-${s(12, '0123456789')}-${s(16, HEX)}`, ['xoxs-1-2-3-abc']],
  ['slack-webhook-path', `hooks.slack.com/workflows/${s(48)}`, ['hooks.slack.com/workflows/']],
  ['azure-identifiable-key', s(76, B64) + '+ASt' + s(5, B64) + 'A==', ['+ASt' + s(10)]],
  ['teams-webhook', `https://contoso.webhook.office.com/webhookb2/${guid()}@${guid()}/IncomingWebhook/${s(32, HEX)}/${guid()}`,
    ['https://contoso.webhook.office.com/webhookb2/<id>@<tenant>/IncomingWebhook/<hash>/<guid>']],
  ['azure-function-key', `https://app.azurewebsites.net/api/orders?code=${s(54, B64URL)}==`, ['https://app.azurewebsites.net/api/orders?code=<function-key>']],
  ['adobe-client-secret', 'p8e-' + s(32, LOWNUM), ['p8e-' + 'x'.repeat(32), 'p8e-short']],
  ['langsmith-key', `lsv2_sk_${s(32, HEX)}_${s(10, HEX)}`, ['lsv2_pt_' + s(32, HEX), 'lsv2_sk_<your-key>']],
  ['rootly-key', 'rootly_' + s(64, HEX), ['rootly_' + s(20, HEX), 'rootly_' + '0'.repeat(64)]],
  ['spectralops-key', 'spu-' + s(32, LOWNUM), ['spu-' + s(12, LOWNUM), 'spu-' + 'x'.repeat(32)]],
  ['portainer-token', 'ptr_' + s(43, B64URL) + 'Q7a', ['ptr_to_the_first_element_of_the_list', 'ptr_' + s(12)]],
  ['zapier-webhook', `https://hooks.zapier.com/hooks/catch/${s(7, '0123456789')}/${s(10, LOWNUM)}/`, ['https://hooks.zapier.com/hooks/catch/', 'hooks.zapier.com/hooks/catch/<id>/']],
  ['tableau-pat-secret', `${s(22, B64)}==:${s(32, ALNUM)}`, [`${s(22, B64)}==:${s(20, ALNUM)}`, `${'A'.repeat(22)}==:${'a'.repeat(32)}`]],
  ['newrelic-license-key', `${s(32, HEX)}FFFFNRAL`, ['eu01xx' + 'x'.repeat(26) + 'FFFFNRAL', s(20, HEX) + 'FFFFNRAL']],
  ['buildkite-token', 'bkua_' + s(40, LOWNUM), ['bkua_' + 'x'.repeat(40), 'bkua_' + s(12, LOWNUM)]],
  ['mongodb-atlas-service-account-secret', 'mdb_sa_sk_' + s(40, B64URL), ['mdb_sa_sk_' + 'x'.repeat(40), 'mdb_sa_sk_<your-secret>']],
  ['posthog-personal-key', 'phx_' + s(43, ALNUM + '_'), ['phx_' + 'x'.repeat(43), 'phc_' + s(43)]],
  ['segment-public-api-token', 'sgp_' + s(64), ['sgp_' + 'x'.repeat(64), 'sgp_' + s(30)]],
  ['teamwork-token', 'tkn.v1_' + s(68, B64URL) + '=', ['tkn.v1_' + 'x'.repeat(68), 'tkn.v1_example']],
  ['google-oauth-access-token', 'ya29.' + s(120, B64URL), ['ya29.' + 'x'.repeat(60), 'ya29.example']],
  ['launchdarkly-key', `sdk-${s(8, LOWNUM)}-${s(4, LOWNUM)}-${s(4, LOWNUM)}-${s(4, LOWNUM)}-${s(12, LOWNUM)}`,
    ['sdk-xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx', 'api-version-2024-preview', `api-${s(8, LOWNUM)}-${s(4, LOWNUM)}`]],
  ['ionic-token', 'ion_' + s(42), ['ion_' + 'x'.repeat(42), 'ion_' + s(20)], ['function_' + s(42)]],
  ['ubidots-token', 'BBFF-' + s(30), ['BBFF-' + 'x'.repeat(30), 'BBFF-' + s(12), 'BBUS-YOUR_TOKEN_HERE']],
  ['sourcegraph-gateway-token', 'slk_' + s(64, HEX), ['slk_' + '0'.repeat(64), 'slk_' + s(40, HEX), 'slk_' + s(64)]],
  // The user gateway and subscription tokens, and hex digits in upper case (the published formats allow both).
  ['sourcegraph-gateway-token', 'sgd_' + s(64, HEX), ['sgd_' + s(40, HEX), 'sgd_' + 'f'.repeat(64)]],
  ['sourcegraph-gateway-token', 'sgs_' + s(64, HEX).toUpperCase(), ['sgs_' + s(63, HEX).toUpperCase(), 'sgs_' + s(64, LOWER)]],
  // Dropbox short-lived tokens run to different lengths; 130 characters and more after `sl.`.
  ['dropbox-token', 'sl.' + s(132, B64URL), ['sl.' + s(110, B64URL)]],
  // Anthropic's key version may have three digits.
  ['anthropic-key', `sk-ant-api123-${s(93, B64URL)}AA`, ['sk-ant-api1234-' + s(93, B64URL), 'sk-ant-api123-' + 'x'.repeat(93)]],
];

const wallet = s(64, HEX);
const teamsOutlook = `https://outlook.office.com/webhook/${guid()}@${guid()}/IncomingWebhook/${s(32, HEX)}/${guid()}`;
const slackConfig = 'xoxe.xoxp-1-' + s(162, ALNUM);
const dopplerService = 'dp.st.dev.' + s(43);
const bearerHex = s(40, HEX);
// The fields after the generated 52 characters hold zeroed bits: a run of `A`s is no filler there.
const adoPat = s(52) + 'JQQJ99BAAC' + 'A'.repeat(13) + 'SAZDO' + s(4);

export const PROVIDER_CASES: readonly RuleCase[] = [
  // The secret is the token's random tail: its prefix is public (and may spell the rule id).
  ...ROWS.map(([rule, token, negatives, caughtByShape]) => ({ rule, text: `${rule} credential: ${token}`, secret: token.slice(-16), negatives, caughtByShape })),
  // The older host of Teams incoming webhooks has no tenant subdomain.
  { rule: 'teams-webhook', text: `notify: ${teamsOutlook}`, secret: teamsOutlook.slice(-16), negatives: ['https://outlook.office.com/webhook/<id>@<tenant>/IncomingWebhook/<hash>/<guid>'] },
  { rule: 'slack-config-token', text: `SLACK_CONFIG=${slackConfig}`, secret: slackConfig.slice(-16), negatives: ['xoxe.xoxp-1-' + 'x'.repeat(162)] },
  { rule: 'doppler-token', text: `doppler run --token ${dopplerService}`, secret: dopplerService.slice(-16), negatives: ['dp.st.dev.' + 'x'.repeat(43), 'dp.st.dev.example'] },
  { rule: 'azure-identifiable-key', text: `azure devops pat = ${adoPat}`, secret: adoPat.slice(-16),
    negatives: ['x'.repeat(76) + 'AZDO' + 'xxxx', 'A'.repeat(52) + 'JQQJ99BAAC' + 'A'.repeat(13) + 'SAZDO' + s(4),
      `AZDO_ORG_SERVICE_URL=https://dev.azure.com/${s(8, LOWER)}`, s(40) + 'AZDO' + s(4)] },
  // In an Authorization header a hex bearer value is a token (many APIs issue them); a placeholder is not.
  { rule: 'authorization-header', text: `curl -H "Authorization: Bearer ${bearerHex}"`, secret: bearerHex,
    negatives: [`Authorization: Bearer ${'0'.repeat(40)}`, 'Authorization: Bearer 0123456789abcdef0123456789abcdef', 'Authorization: Bearer <hex-token>'] },
  { rule: 'authorization-header', text: `curl -H "Authorization: Api-Token ${s(40, LOWNUM)}"`, secret: '', negatives: ['authorization = base64.decodebytes(authorization)', 'Authorization: required'] },
  { rule: 'concatenated-secret', text: `const t = "ghp_" + "${s(36)}";`, secret: '', negatives: ['const greeting = "Hello, " + "world" + "!";', "label = 'token' + ': ' + name"] },
  { rule: 'joined-secret', text: `const t = ["gh", "p_${s(36)}"].join("");`, secret: '', negatives: ['const path = ["src", "router", "index.ts"].join("/");'] },
  { rule: 'hex-encoded-secret', text: `data = "${Buffer.from('password=' + s(12) + '#9').toString('hex')}"`, secret: '', negatives: [`sha = "${s(64, HEX)}"`, `greeting = "${Buffer.from('hello there, how are you').toString('hex')}"`] },
  { rule: 'wallet-private-key', text: `const wallet = new Wallet(key); // deployer private key: 0x${wallet}`, secret: wallet, negatives: [`tx hash 0x${s(64, HEX)}`] },
  { rule: 'seed-phrase', text: 'mnemonic: "legal winner thank year wave sausage worth useful legal winner thank yellow"', secret: 'legal winner thank year',
    negatives: ['mnemonic: "word word word word word word word word word word word word"'] },
  ((token: string) => ({ rule: 'gocardless-token', text: `GoCardless webhook test, signed with ${token}`, secret: token.slice(-16),
    negatives: [`gocardless live_${'x'.repeat(40)}`, `gocardless mode: live_${s(12)}`], caughtByShape: [`live_${s(40)}`] }))(`live_${s(40, B64URL)}`),
  ((token: string) => ({ rule: 'provider-credential-assignment', text: `loggly '${token}'`, secret: token.slice(-16),
    negatives: ["loggly 'production'", `loggly '${s(10)}'`, `release '${s(32)}'`] }))(s(32)),
  ...((token: string) => [`-Dsonar.login=${token}`, `props.setProperty('sonar.login', '${token}')`, `$sonarLogin = "${token}"`].map(text => ({
    rule: 'sonar-login-token', text, secret: token,
    negatives: ['-Dsonar.login=admin', `-Dsonar.login=${'0'.repeat(40)}`, `-Dsonar.host=${token}`, 'sonar.login=$SONAR_TOKEN'] })))(s(40, HEX)),
  ...((key: string, password: string) => [
    { rule: 'rpc-credential-parameter', text: `{"msg": "method", "method": "auth.login_with_api_key", "params": ["${key}"]}`, secret: key,
      negatives: ['{"method": "auth.login_with_api_key", "params": ["<api-key>"]}', `{"method": "system.info", "params": ["${key}"]}`] },
    { rule: 'rpc-credential-parameter', text: `{"method": "auth.login",\n "params": [\n  "root",\n  "${password}"\n ]}`, secret: password,
      negatives: ['{"method": "auth.login", "params": ["root", "password"]}', '{"method": "auth.login", "params": ["root"]}'] },
  ])(`${s(1, '123456789')}-${s(64)}`, s(14)),
];
