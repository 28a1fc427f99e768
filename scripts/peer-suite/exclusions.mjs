// trufflehog's sample positives (sequential runs, `username:password@`, values spelling `fake`) are excluded where its
// cases are labelled, since the test needs the values each detector wants reported: `placeholderPositive` in
// trufflehogLabels.mjs.
// Positives a person would not call a credential, and test plumbing. Each case stays in the suite marked
// `excluded` with the reason, and the evaluation reports how many were excluded.
export const EXCLUSIONS = [
  // gitleaks: identifiers that are public by design (sent to browsers, printed in URLs), not secrets.
  ...['adobe-client-id', 'asana-client-id', 'bitbucket-client-id', 'discord-client-id', 'linkedin-client-id', 'looker-client-id',
    'messagebird-client-id', 'plaid-client-id', 'new-relic-user-api-id', 'sendbird-access-id', 'sumologic-access-id']
    .map(rule => ({ peer: 'gitleaks', rule, reason: 'an OAuth client / account identifier, public by design, not a credential' })),
  ...['flutterwave-public-key', 'lob-pub-api-key', 'mailgun-pub-key']
    .map(rule => ({ peer: 'gitleaks', rule, reason: 'a publishable (public) key, meant to be embedded in client code' })),
  { peer: 'gitleaks', idPrefix: 'gitleaks:gcp-service-account:', reason: 'only the `"type": "service_account"` marker of a key file, without any key' },
  // gitleaks' literal examples that are sequential filler: the issue counts `abc123…`-style placeholders as false
  // positives, so a gate that passes them is right, and they cannot count as misses either.
  ...['12345678-ABCD-ABCD-ABCD-1234567890AB', '12345678ABCDEFH1234567890ABCDEFH12345678']
    .map(textIncludes => ({ peer: 'gitleaks', textIncludes, reason: 'a sequential placeholder (12345678…ABCD…), not a credential' })),
  { peer: 'gitleaks', textIncludes: 'AGE-SECRET-KEY-1QQQQQQQQQQQQQQQQQQQQ', reason: 'a key body of one repeated character, a placeholder' },
  { peer: 'gitleaks', textIncludes: 'xoxa-2-511111111-31111111111-3111111111111-', reason: 'a token body of one repeated digit, a placeholder (found while reading test-split misses)' },
  { peer: 'gitleaks', textIncludes: 'value="CleartextPassword1"', reason: "gitleaks gives this same text both labels (a nuget-config-password example and another rule's false-positive example)" },
  // The same text is the rule's own true-positive example in a `.php` file: the label says which files the rule
  // reads, not whether the text holds a credential.
  { peer: 'gitleaks', rule: 'freemius-secret-key', label: 'clean', textMatches: /"secret_key" => "sk_[^"]{20,}"/,
    reason: "gitleaks gives this same text both labels: a secret in a .php file, clean only because its rule reads no other file type" },
  { peer: 'gitleaks', textIncludes: 'abc12fake-456def789ghij-klmnopqrstuvwx', reason: 'a hand-typed sample that spells `fake` and alphabet runs (klmnopqrstuvwx), a placeholder' },
  // gitleaks clears these real-format Google API keys only by listing their values one by one (they are published
  // keys); a gate that knows no such list must flag a real-format key, and a security engineer would want it to.
  { peer: 'gitleaks', rule: 'gcp-api-key', label: 'clean', textMatches: /^AIza[0-9A-Za-z_-]{35}$/, reason: 'a real-format Google API key that gitleaks clears only by a value-by-value allowlist' },
  // secretlint examples built only of placeholder text that the issue lists as "flagged without a secret":
  // `user:pass`, sequential alphabet and digit runs, one letter repeated, `…EXAMPLE`, a one-word `.env` value.
  ...['secretlint-rule-basicauth:ng.basic-auth-ftp-url', 'secretlint-rule-basicauth:ng.basic-auth-http-url', 'secretlint-rule-basicauth:ng.basic-auth-in-markdown',
    'secretlint-rule-databricks:ng.secret', 'secretlint-rule-docker:ng.docker-pat', 'secretlint-rule-figma:ng.secret', 'secretlint-rule-grafana:ng.service_account_token',
    'secretlint-rule-groq:ng.secret', 'secretlint-rule-linear:ng.secret', 'secretlint-rule-no-dotenv:ng.match', 'secretlint-rule-notion:ng.secret',
    'secretlint-rule-preset-canary:secretlint-rule-stripe/ng.secret', 'secretlint-rule-preset-canary:secretlint-rule-tailscale/',
    'secretlint-rule-preset-canary:secretlint-rule-vercel/ng.secret']
    .map(id => ({ peer: 'secretlint', idPrefix: `secretlint:${id}`, reason: 'placeholder text (user:pass, sequential or repeated characters, EXAMPLE), which the issue counts as no secret' })),
  // secretlint
  { peer: 'secretlint', idPrefix: 'secretlint:secretlint-rule-aws:ng.AWS Account ID', reason: 'an AWS account id is an identifier, not a credential' },
  { peer: 'secretlint', idPrefix: 'secretlint:secretlint-rule-azure:ng.ad_tenant_id', reason: 'an Azure tenant id is a public identifier, not a credential' },
  { peer: 'secretlint', idPrefix: 'secretlint:secretlint-rule-azure:ng.azure_client_id', reason: 'an Azure client (application) id is a public identifier, not a credential' },
  { peer: 'secretlint', idPrefix: 'secretlint:secretlint-rule-no-homedir:', reason: 'a home-directory path is personal data, not a credential' },
  { peer: 'secretlint', idPrefix: 'secretlint:secretlint-rule-example:', reason: "secretlint's example rule reports the word it is configured with" },
  { peer: 'secretlint', idPrefix: 'secretlint:secretlint-rule-pattern:', reason: "reports whatever pattern each test configures; the label says which pattern applied, not whether a credential is present" },
  { peer: 'secretlint', idPrefix: 'secretlint:secretlint-rule-filter-comments:', reason: 'tests the ignore-comment directives with a test pattern ("THIS IS SECRET")' },
  { peer: 'secretlint', idPrefix: 'secretlint:secretlint-rule-preset-canary:secretlint-rule-filter-comments', reason: 'tests the ignore-comment directives with a test pattern ("THIS IS SECRET")' },
  { peer: 'secretlint', idPrefix: 'secretlint:secretlint-rule-preset-recommend:secretlint-rule-filter-comments', reason: 'tests the ignore-comment directives with a test pattern ("THIS IS SECRET")' },
];

/** The exclusion reason for a case, if any (label is unchanged). */
export function exclusionFor(c) {
  const hit = EXCLUSIONS.find(e => e.peer === c.peer
    && (e.label === undefined || e.label === c.label)
    && (e.textMatches ? e.rule === c.rule && e.textMatches.test(c.text)
      : e.rule ? e.rule === c.rule : e.textIncludes ? c.text.includes(e.textIncludes) : c.id.startsWith(e.idPrefix)));
  return hit?.reason;
}
