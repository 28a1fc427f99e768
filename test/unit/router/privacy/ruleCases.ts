/**
 * One real-looking positive and at least one look-alike negative for every built-in content rule. Values are
 * assembled at run time (fixtures.ts). `secret` is the sensitive part: it must never appear in the gate's output.
 */
import { PROVIDER_CASES } from './providerCases';
import { ALNUM, B64, B64URL, BASE32L, DIGITS, HEX, LOWER, Rng, UPALNUM, UPPER, b64, b64url, iban, nhsNumber, password, withLuhn } from './fixtures';

export interface RuleCase {
  readonly rule: string;
  readonly text: string;
  readonly secret: string;
  readonly negatives: readonly string[];
  /**
   * Look-alikes this rule must not report that are still a token of the generic prefixed shape (a random body after a
   * prefix no named row lists): no built-in rule reports them, `prefixed-token` (measured, not shipped) alone does.
   */
  readonly caughtByShape?: readonly string[];
}

const r = new Rng(20240611);
const tok = (prefix: string, n: number, alphabet = ALNUM): string => prefix + r.str(n, alphabet);
const pw = password(r);
const jwtHeader = b64url(JSON.stringify({ alg: 'HS256', typ: 'JWT' }));
const jwt = `${jwtHeader}.${b64url(JSON.stringify({ sub: '42', name: 'Ada', iat: 1700000000 }))}.${r.str(43, B64URL)}`;
const pemBody = r.str(64, B64) + '\n' + r.str(64, B64);
const key = (kind: string): string => `-----BEGIN ${kind}PRIVATE KEY-----\n${pemBody}\n-----END ${kind}PRIVATE KEY-----`;
const card = withLuhn('4539' + r.digits(11));
const ibanGb = iban('GB', 'WEST' + '1234' + r.digits(10));

const ghp = tok('ghp_', 36);
const awsId = 'AKIA' + r.str(16, UPALNUM);
const azureKey = r.str(86, B64) + '==';

export const RULE_CASES: readonly RuleCase[] = [
  ...PROVIDER_CASES,
  { rule: 'github-token', text: `const token = "${ghp}";`, secret: ghp, negatives: ['ghp_' + 'x'.repeat(36), 'see ghp_ prefix docs'] },
  // A random body may hold `MYkEy` by chance: only a one-case `mykey` / `MY_KEY` / `MyKey` marks a placeholder.
  (s => ({ rule: 'github-token', text: `token: ${s}`, secret: s, negatives: ['ghp_' + r.str(10) + 'MyApiKey' + r.str(18)] }))(`ghp_YxKb35${r.str(10)}MYkEy${r.str(16)}`),
  (s => ({ rule: 'github-fine-grained-token', text: `GH=${s}`, secret: s, negatives: ['github_pat_' + 'short'] }))(tok('github_pat_', 82)),
  (s => ({ rule: 'gitlab-token', text: `git clone https://oauth2@gitlab.com ${s}`, secret: s, negatives: ['glpat-' + 'x'.repeat(20)] }))(tok('glpat-', 20)),
  (s => ({ rule: 'npm-token', text: `npm token ${s}`, secret: s, negatives: ['npm_run_build', 'npm_config_cache'] }))(tok('npm_', 36)),
  (s => ({ rule: 'pypi-token', text: `password = ${s}`, secret: s, negatives: ['pypi-token-here'] }))(tok('pypi-AgEIcHlwaS5vcmc', 60, B64URL)),
  (s => ({ rule: 'slack-token', text: `SLACK=${s}`, secret: s, negatives: ['xoxb-your-token-here'] }))(`xoxb-${r.digits(11)}-${r.digits(13)}-${r.str(24)}`),
  (s => ({ rule: 'slack-webhook', text: `post to ${s}`, secret: s, negatives: ['https://hooks.slack.com/services/'] }))(`https://hooks.slack.com/services/T${r.str(8, UPALNUM)}/B${r.str(8, UPALNUM)}/${r.str(24)}`),
  (s => ({ rule: 'stripe-key', text: `stripe.setKey('${s}')`, secret: s, negatives: ['pk_live_' + r.str(24), 'sk_live_' + 'x'.repeat(24)] }))(tok('sk_live_', 24)),
  (s => ({ rule: 'twilio-api-key', text: `sid ${s}`, secret: s, negatives: ['SKU' + r.digits(6)] }))(tok('SK', 32, HEX)),
  (s => ({ rule: 'twilio-credentials', text: `curl https://api.twilio.com ${s}`, secret: s.slice(35), negatives: ['AC' + r.str(32, HEX)] }))(`AC${r.str(32, HEX)}:${r.str(32, HEX)}`),
  (s => ({ rule: 'twilio-auth-token', text: `TWILIO_AUTH_TOKEN=${s}`, secret: s, negatives: ['TWILIO_AUTH_TOKEN=process.env.TWILIO_AUTH_TOKEN'] }))(r.str(32, HEX)),
  (s => ({ rule: 'sendgrid-key', text: `SENDGRID=${s}`, secret: s, negatives: ['SG.example.com is a host'] }))(`SG.${r.str(22, B64URL)}.${r.str(43, B64URL)}`),
  (s => ({ rule: 'anthropic-key', text: `client = Anthropic(api_key="${s}")`, secret: s, negatives: ['sk-ant-api03-xxxx'] }))(`sk-ant-api03-${r.str(93, B64URL)}AA`),
  (s => ({ rule: 'openai-key', text: `OPENAI=${s}`, secret: s, negatives: ['sk-learn-tutorial-notebook-example', 'task-runner-configuration-file'] }))(`sk-proj-${r.str(74, B64URL)}T3BlbkFJ${r.str(74, B64URL)}`),
  (s => ({ rule: 'huggingface-token', text: `login(${s})`, secret: s, negatives: ['hf_hub_download(repo_id)'] }))(tok('hf_', 34)),
  (s => ({ rule: 'vault-token', text: `VAULT ${s}`, secret: s, negatives: ['hvs.example'] }))(tok('hvs.', 90, B64URL)),
  (s => ({ rule: 'google-oauth-client-secret', text: `secret ${s}`, secret: s, negatives: ['GOCSPX-<client-secret>'] }))(tok('GOCSPX-', 28, B64URL)),
  (s => ({ rule: 'shopify-token', text: `X-Shopify-Access-Token: ${s}`, secret: s, negatives: ['shpat_' + 'x'.repeat(32)] }))(tok('shpat_', 32, HEX)),
  (s => ({ rule: 'mailgun-key', text: `mailgun ${s}`, secret: s, negatives: ['key-value-store-implementation'] }))(tok('key-', 32, HEX)),
  (s => ({ rule: 'mailchimp-key', text: `mc ${s}`, secret: s, negatives: ['build-us1 target'] }))(r.str(32, HEX) + '-us14'),
  (s => ({ rule: 'discord-webhook', text: `hook ${s}`, secret: s, negatives: ['https://discord.com/api/webhooks/<id>/<token>'] }))(`https://discord.com/api/webhooks/${r.digits(18)}/${r.str(68, B64URL)}`),
  (s => ({ rule: 'discord-bot-token', text: `bot.run("${s}")`, secret: s, negatives: ['bot.run(process.env.DISCORD_TOKEN)'] }))(`M${r.str(23)}.${r.str(6, B64URL)}.${r.str(27, B64URL)}`),
  (s => ({ rule: 'telegram-bot-token', text: `TELEGRAM ${s}`, secret: s, negatives: ['at 12:30:AA meeting'] }))(`${r.digits(10)}:AA${r.str(33, B64URL)}`),
  (s => ({ rule: 'digitalocean-token', text: `do ${s}`, secret: s, negatives: ['dop_v1_token_here'] }))(tok('dop_v1_', 64, HEX)),
  (s => ({ rule: 'databricks-token', text: `dbx ${s}`, secret: s, negatives: ['dapiClient.connect()'] }))(tok('dapi', 32, HEX)),
  (s => ({ rule: 'atlassian-token', text: `jira ${s}`, secret: s, negatives: ['ATATT3xFfGF0'] }))(tok('ATATT3', 186, B64URL)),
  (s => ({ rule: 'linear-key', text: `linear ${s}`, secret: s, negatives: ['lin_api_version'] }))(tok('lin_api_', 40)),
  (s => ({ rule: 'doppler-token', text: `doppler ${s}`, secret: s, negatives: ['dp.pt.example'] }))(tok('dp.pt.', 43)),
  (s => ({ rule: 'pulumi-token', text: `pulumi ${s}`, secret: s, negatives: ['pul-request'] }))(tok('pul-', 40, HEX)),
  (s => ({ rule: 'postman-key', text: `postman ${s}`, secret: s, negatives: ['PMAK-123'] }))(`PMAK-${r.str(24, HEX)}-${r.str(34, HEX)}`),
  (s => ({ rule: 'grafana-token', text: `grafana ${s}`, secret: s, negatives: ['glc_config'] }))(tok('glc_', 40, B64)),
  (s => ({ rule: 'newrelic-key', text: `newrelic ${s}`, secret: s, negatives: ['NRAK-TEST'] }))(tok('NRAK-', 27, UPALNUM)),
  (s => ({ rule: 'sentry-token', text: `sentry ${s}`, secret: s, negatives: ['sntrys_token', `sntryu_${r.str(63, HEX)}`] }))(tok('sntryu_', 64, HEX)),
  (s => ({ rule: 'square-token', text: `square ${s}`, secret: s, negatives: ['sq0atp-abc'] }))(tok('sq0atp-', 22, B64URL)),
  (s => ({ rule: 'alibaba-access-key', text: `aliyun ${s}`, secret: s, negatives: ['LTAI' + 'x'.repeat(16)] }))(tok('LTAI', 20)),
  (s => ({ rule: 'groq-key', text: `groq ${s}`, secret: s, negatives: ['gsk_theme'] }))(tok('gsk_', 52)),
  (s => ({ rule: 'notion-token', text: `notion ${s}`, secret: s, negatives: ['secret_manager_name'] }))(`ntn_${r.digits(11)}${r.str(35)}`),
  (s => ({ rule: 'onepassword-token', text: `op ${s}`, secret: s, negatives: ['ops_eyes_only'] }))(`ops_ey${r.str(200, B64)}fQ==`),
  (s => ({ rule: 'vercel-token', text: `vercel ${s}`, secret: s, negatives: ['vcp_config'] }))(tok('vcp_', 24)),
  (s => ({ rule: 'docker-token', text: `docker ${s}`, secret: s, negatives: ['dckr_pat_example'] }))(tok('dckr_pat_', 27, B64URL)),
  (s => ({ rule: 'figma-token', text: `figma ${s}`, secret: s, negatives: ['figd_x'] }))(tok('figd_', 40, B64URL)),
  (s => ({ rule: 'cloudflare-token', text: `cf ${s}`, secret: s, negatives: ['cfk_short'] }))(tok('cfk_', 40) + r.str(8, HEX)),
  (s => ({ rule: 'tailscale-key', text: `ts ${s}`, secret: s, negatives: ['tskey-auth-XXXX'] }))(`tskey-auth-${r.str(12)}-${r.str(30)}`),
  (s => ({ rule: 'age-secret-key', text: `# ${s}`, secret: s, negatives: ['AGE-SECRET-KEY-1...'] }))(tok('AGE-SECRET-KEY-1', 58, UPALNUM)),
  (s => ({ rule: 'azure-devops-pat', text: `git clone https://${s}@dev.azure.com/org/project/_git/repo`, secret: s, negatives: ['https://dev.azure.com/org/project/_git/repo'] }))(r.str(52, BASE32L)),
  { rule: 'azure-storage-key', text: `DefaultEndpointsProtocol=https;AccountName=acct;AccountKey=${azureKey};EndpointSuffix=core.windows.net`, secret: azureKey,
    negatives: ['AccountKey=<storage-key>', 'AccountKey=' + 'Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw=='] },
  (s => ({ rule: 'azure-sas-token', text: `https://acct.blob.core.windows.net/c?sv=2022-11-02&sp=r&se=2030-01-01&sig=${s}`, secret: s, negatives: ['?sv=2022-11-02&sig=<signature>'] }))(r.str(43, B64) + '%3D'),
  (s => ({ rule: 'azure-ai-key', text: `AZURE_OPENAI_API_KEY=${s}`, secret: s, negatives: ['AZURE_OPENAI_API_KEY=${AZURE_OPENAI_API_KEY}'] }))(r.str(32, HEX)),
  (s => ({ rule: 'azure-entra-client-secret', text: `clientSecret: ${s}`, secret: s, negatives: ['menu Q~ option'] }))(`${r.str(3)}8Q~${r.str(34, ALNUM + '_~.-')}`),
  { rule: 'aws-access-key-id', text: `aws_access_key_id = ${awsId}`, secret: awsId, negatives: ['aws_access_key_id = AKIAIOSFODNN7EXAMPLE'] },
  (s => ({ rule: 'aws-secret-access-key', text: `aws_secret_access_key = ${s}`, secret: s, negatives: ['aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY'] }))(r.str(40, B64)),
  (s => ({ rule: 'aws-account-id', text: `AWS_ACCOUNT_ID=${s}`, secret: s, negatives: ['AWS_ACCOUNT_ID=123456789012'] }))(r.digits(12)),
  (s => ({ rule: 'gcp-api-key', text: `const key = "${s}";`, secret: s, negatives: ['AIzaSy short'] }))(tok('AIza', 35, B64URL)),
  (s => ({ rule: 'gcp-service-account-key', text: `{\n  "type": "service_account",\n  "project_id": "p",\n  "private_key": "${s}"\n}`, secret: s,
    negatives: ['{ "type": "service_account", "client_email": "svc@p.iam.gserviceaccount.com" }'] }))(`-----BEGIN PRIVATE KEY-----\\n${r.str(64, B64)}\\n-----END PRIVATE KEY-----\\n`),
  { rule: 'private-key', text: key('OPENSSH '), secret: pemBody, negatives: [`-----BEGIN PUBLIC KEY-----\n${r.str(64, B64)}\n-----END PUBLIC KEY-----`, '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----'] },
  { rule: 'jwt', text: `Authorization: Bearer ${jwt}`, secret: jwt, negatives: [`eyJ${r.str(20)}.${r.str(20)}.${r.str(20)}`] },
  { rule: 'url-with-password', text: `DATABASE_URL=postgres://app:${pw}@db.internal:5432/app`, secret: pw,
    negatives: ['postgres://app:${DB_PASSWORD}@db:5432/app', 'https://example.com:8080/path', 'mongodb://user:<password>@host/db'] },
  { rule: 'connection-string-password', text: `Server=tcp:db.x.net,1433;Initial Catalog=app;User ID=sa;Password=${pw};`, secret: pw, negatives: ['Server=db;User ID=sa;Password={your_password};'] },
  { rule: 'cli-password', text: `mysql -h db -u root -p${pw} app`, secret: pw, negatives: ['mysql -u root -p app', 'psql --password $DB_PASSWORD'] },
  { rule: 'sql-password', text: `ALTER USER app IDENTIFIED BY '${pw}';`, secret: pw, negatives: ["ALTER USER app IDENTIFIED BY '<password>';"] },
  { rule: 'kubernetes-secret', text: `apiVersion: v1\nkind: Secret\nmetadata:\n  name: db\ndata:\n  pass: ${b64(pw)}\n`, secret: b64(pw),
    negatives: [`apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: db\ndata:\n  mode: ${b64('fast')}\n`] },
  { rule: 'basic-auth-header', text: `Authorization: Basic ${b64('deploy:' + pw)}`, secret: b64('deploy:' + pw), negatives: ['Authorization: Basic <credentials>'] },
  (s => ({ rule: 'bearer-token', text: `curl -H "Authorization: Bearer ${s}"`, secret: s, negatives: ['Authorization: Bearer ${TOKEN}'] }))(r.str(40, B64URL)),
  { rule: 'docker-config-auth', text: `{"auths": {"registry.example.com": {"auth": "${b64('ci:' + pw)}"}}}`, secret: b64('ci:' + pw), negatives: [`{"auth": "${b64('nothing')}"}`] },
  (s => ({ rule: 'base64-wrapped-secret', text: `export API_TOKEN_B64=${s}`, secret: s, negatives: [`# public key fingerprint ${b64('just an ordinary sentence here')}`] }))(b64(ghp)),
  { rule: 'us-ssn', text: 'Applicant SSN: 536-' + '22-' + '4187', secret: '536-' + '22-' + '4187', negatives: ['SSN: 078-05-1120', 'id 666-12-3456', 'ex 123-45-6789', 'v 900-12-3456'] },
  (s => ({ rule: 'uk-nhs-number', text: `NHS number ${s}`, secret: s, negatives: ['phone 943 476 5910'] }))(nhsNumber(r)),
  { rule: 'payment-card', text: `card: ${card.slice(0, 4)} ${card.slice(4, 8)} ${card.slice(8, 12)} ${card.slice(12)}`, secret: `${card.slice(0, 4)} ${card.slice(4, 8)} ${card.slice(8, 12)} ${card.slice(12)}`,
    negatives: [`card: ${card.slice(0, 15)}${(Number(card[15]) + 1) % 10}`, 'test card 4242 4242 4242 4242', 'order 1234567890123456'] },
  { rule: 'iban', text: `IBAN ${ibanGb}`, secret: ibanGb, negatives: [`IBAN ${ibanGb.slice(0, 2)}${(Number(ibanGb.slice(2, 4)) % 97) + 1}${ibanGb.slice(4)}`] },
  { rule: 'generic-credential-assignment', text: `const password = "${pw}";`, secret: pw,
    negatives: ['password = getPassword()', 'token: string', 'const secret = process.env.APP_SECRET;', "api_key = os.getenv('API_KEY')", 'password: changeme'] },
  { rule: 'url-encoded-secret', text: `GET /login?user=ada&${encodeURIComponent('password=' + pw)}`, secret: encodeURIComponent(pw),
    negatives: ['GET /search?q=hello%20world&page=2', 'width: 100%; height: 50%'] },
  { rule: 'xml-credential-element', text: `<connection>\n  <password>${pw}</password>\n</connection>`, secret: pw, negatives: ['<password>${DB_PASSWORD}</password>', '<tokenizer>bert</tokenizer>'] },
  { rule: 'dockerfile-env-secret', text: `FROM node:20\nENV DB_PASSWORD ${pw}\nRUN npm ci`, secret: pw, negatives: ['ENV DB_PASSWORD_FILE /run/secrets/db', 'ARG NPM_TOKEN'] },
  { rule: 'base64-encoded-credential', text: `export const blob = "${b64('ghp_' + r.str(36))}";`, secret: 'blob',
    negatives: [`export const logo = "${b64('<svg xmlns="http://www.w3.org/2000/svg" width="10"/>')}";`, `const png = "${b64('just some harmless bytes of text')}";`] },
  { rule: 'terraform-variable-default', text: `variable "db_password" {\n  type    = string\n  default = "${pw}"\n}`, secret: pw,
    negatives: ['variable "db_password" {\n  type      = string\n  sensitive = true\n}', `variable "region" {\n  default = "westeurope-2"\n}`] },
  { rule: 'name-value-credential', text: `env:\n  - name: DB_PASSWORD\n    value: "${pw}"`, secret: pw,
    negatives: ['<add key="ApiKeyHeader" value="X-Api-Key" />', 'env:\n  - name: DB_PASSWORD\n    valueFrom:\n      secretKeyRef:\n        name: db'] },
  { rule: 'password-argument', text: `server = smtplib.SMTP("mail.corp.test", 587)\nserver.login("alerts@corp.test", "${pw}")`, secret: pw,
    negatives: ['server.login(user, password)', 'page.login("Sign in", "Enter your name")', 'login("admin", process.env.ADMIN_PASSWORD)'] },
  { rule: 'command-password', text: `net use \\\\fs01\\share ${pw} /user:CORP\\svc`, secret: pw, negatives: ['net use \\\\fs01\\share /user:CORP\\svc', 'keytool -list -storepass $STOREPASS'] },
  { rule: 'env-style-credential', text: `SECRET_KEY=q)7v#k2!m.x9^r$w`, secret: 'q)7v#k2!m.x9^r$w', negatives: ['SECRET_KEY=get_random_secret_key()', 'DB_PASSWORD=$DB_PASSWORD_FROM_VAULT'] },
  { rule: 'credential-table', text: `| user | password |\n|------|----------|\n| ada  | ${pw} |`, secret: pw,
    negatives: ['| user | password |\n|------|----------|\n| ada  | <set me> |', 'name,token_count,tokens\nada,12,400'] },
  { rule: 'credential-pair-in-prose', text: `the creds are alice / ${pw} for staging`, secret: pw, negatives: ['the creds are read / write for staging'] },
  { rule: 'password-in-prose', text: 'my password is hunter2-' + 'Xy9q', secret: 'hunter2-' + 'Xy9q', negatives: ['the password is incorrect', 'the token is expired.'] },
  { rule: 'confidential-marker', text: '// CONFIDENTIAL - internal only', secret: '', negatives: ['const app = new ConfidentialClientApplication(config);', 'isConfidential = false'] },
];

export { DIGITS, LOWER, UPPER };
