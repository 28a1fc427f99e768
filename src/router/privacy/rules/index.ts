import type { Rule } from '../types';
import { CLOUD_RULES } from './cloud';
import { CREDENTIAL_RULES } from './credentials';
import { ENCODED_RULES } from './encoded';
import { KEY_VALUE_RULES } from './keyValue';
import { MARKER_RULES } from './markers';
import { PII_RULES } from './pii';
import { PREFIXED_TOKEN_RULES } from './prefixed';
import { PROSE_RULES } from './prose';
import { PROVIDER_RULES } from './providerFormats';
import { SINK_RULES } from './sinks';
import { TOKEN_RULES } from './tokens';
import { WALLET_RULES } from './wallets';

/** Every built-in content rule, specific ones first. */
export const BUILTIN_RULES: readonly Rule[] = [
  ...TOKEN_RULES, ...PROVIDER_RULES, ...CLOUD_RULES, ...CREDENTIAL_RULES, ...WALLET_RULES, ...ENCODED_RULES, ...PII_RULES, ...SINK_RULES, ...KEY_VALUE_RULES, ...PROSE_RULES, ...PREFIXED_TOKEN_RULES, ...MARKER_RULES,
];
