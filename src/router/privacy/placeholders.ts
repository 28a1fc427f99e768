/**
 * The shape of a redaction placeholder, `⟦SECRET_n⟧` / `⟦PII_n⟧`. Known to the gate so that a redacted copy, scanned
 * again, does not take its own placeholders for secrets (`Password=⟦SECRET_1⟧`).
 */
export const PLACEHOLDER = /\u27e6(SECRET|PII)_(\d{1,9})\u27e7/g;

const WHOLE_PLACEHOLDER = /^["'`]?\u27e6(?:SECRET|PII)_\d{1,9}\u27e7["'`]?$/;

/** True when a finding's value is exactly one placeholder (quotes aside): nothing of a secret is left in it. */
export function isRedactionPlaceholder(value: string): boolean {
  return value.length <= 24 && WHOLE_PLACEHOLDER.test(value);
}
