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
    && (e.rule ? e.rule === c.rule : e.textIncludes ? c.text.includes(e.textIncludes) : c.id.startsWith(e.idPrefix)));
  return hit?.reason;
}
