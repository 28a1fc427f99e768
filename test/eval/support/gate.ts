/** How the evaluation puts one text through the privacy gate: as a file reference when it has a path, else as a prompt. */
import { checkPrivacy, type PrivacyResult } from '../../../src/router/privacyGate';

const OPTIONS = { sensitiveFileGlobs: [], extraPatterns: [] } as const;

export function gate(text: string, path?: string): PrivacyResult {
  if (path === undefined) {
    return checkPrivacy({ prompt: text }, OPTIONS);
  }
  return checkPrivacy({ prompt: '', references: [{ kind: 'file', name: path, path, content: text }] }, OPTIONS);
}

export interface FindingPlace {
  readonly rule: string;
  readonly line: number;
  readonly column: number;
}

/** Finding rule ids and places only: never the matched value. */
export function findingSummary(result: PrivacyResult): FindingPlace[] {
  return result.findings.map(f => ({ rule: f.rule, line: f.line, column: f.column }));
}
