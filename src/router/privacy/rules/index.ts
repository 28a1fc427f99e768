import type { Rule } from '../types';
import { CLOUD_RULES } from './cloud';
import { CREDENTIAL_RULES } from './credentials';
import { ENCODED_RULES } from './encoded';
import { GENERIC_RULES } from './generic';
import { MARKER_RULES } from './markers';
import { PII_RULES } from './pii';
import { STRUCTURED_RULES } from './structured';
import { TOKEN_RULES } from './tokens';

/** Every built-in content rule, specific ones first. */
export const BUILTIN_RULES: readonly Rule[] = [
  ...TOKEN_RULES, ...CLOUD_RULES, ...CREDENTIAL_RULES, ...ENCODED_RULES, ...PII_RULES, ...GENERIC_RULES, ...STRUCTURED_RULES, ...MARKER_RULES,
];
