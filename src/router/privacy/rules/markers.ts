import type { Rule } from '../types';

/** Explicit markers a person puts on content that must stay on the device. */
export const MARKER_RULES: readonly Rule[] = [
  {
    id: 'confidential-marker',
    kind: 'marker',
    anchors: ['confidential', 'do not share', 'do not distribute', 'internal only', 'internal use only', 'hybrid:local'],
    caseInsensitive: true,
    pattern: /\b(?:confidential|do not (?:share|distribute)|internal(?:[ -]use)? only)\b|hybrid:local\b/gi,
    before: 8,
    after: 40,
  },
];
