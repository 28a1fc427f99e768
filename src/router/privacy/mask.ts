import type { FindingKind } from '../types';

/**
 * Masked preview of a sensitive value: enough to recognise the kind of thing (a known prefix), never enough to
 * recover it. Short values and PII show no characters at all.
 */
export function maskPreview(value: string, kind: FindingKind): string {
  const length = [...value].length;
  if (kind === 'pii' || length < 16) {
    return `****(${length} chars)`;
  }
  const head = [...value].slice(0, 4).join('');
  return `${head}…(${length} chars)`;
}
