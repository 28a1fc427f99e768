/**
 * The shape of a redaction placeholder, `⟦SECRET_n⟧` / `⟦PII_n⟧`. Known to the gate so that a redacted copy, scanned
 * again, does not take its own placeholders for secrets (`Password=⟦SECRET_1⟧`).
 */
export const PLACEHOLDER = /\u27e6(SECRET|PII)_(\d{1,9})\u27e7/g;

const WHOLE_PLACEHOLDER = /^["'`]?\u27e6(?:SECRET|PII)_\d{1,9}\u27e7["'`]?$/;

/**
 * True when a finding's value is exactly one placeholder (quotes aside): nothing of a secret is left in it. Asked of
 * every value a rule would judge, so the first characters are looked at before the pattern runs.
 */
export function isRedactionPlaceholder(value: string): boolean {
  return value.length <= 24 && (value.charCodeAt(0) === 0x27e6 || value.charCodeAt(1) === 0x27e6) && WHOLE_PLACEHOLDER.test(value);
}
