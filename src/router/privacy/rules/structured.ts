import type { Rule } from '../types';
import { isReference } from '../allowlist';
import { credentialKey, KEY_WORDS } from './generic';
import { isLiteralCredential } from './helpers';

/**
 * Credentials whose name and value sit in separate syntax: XML elements, Dockerfile `ENV NAME value`, Terraform
 * variable defaults, and name/value pairs (web.config appSettings, Kubernetes env, JSON settings arrays).
 */
export const STRUCTURED_RULES: readonly Rule[] = [
  {
    id: 'xml-credential-element',
    kind: 'secret',
    anchors: ['password>', 'passwd>', 'pwd>', 'secret>', 'token>', 'key>', 'credential>', 'credentials>'],
    caseInsensitive: true,
    pattern: new RegExp(`<(?<key>[\\w:.-]{0,40}(?:${KEY_WORDS})[\\w:.-]{0,40})>(?<value>[^<\\n]{1,300})</`, 'gi'),
    valueGroups: ['value'],
    before: 100,
    generic: true,
    validate: (value, ctx) => credentialKey(ctx.match.groups?.key ?? '') && isLiteralCredential(value.trim(), true),
  },
  {
    id: 'dockerfile-env-secret',
    kind: 'secret',
    anchors: ['ENV ', 'ARG '],
    pattern: new RegExp(`^[ \\t]{0,8}(?:ENV|ARG)[ \\t]{1,8}(?<key>[A-Za-z0-9_]{0,40}(?:${KEY_WORDS})[A-Za-z0-9_]{0,40})[ \\t]{1,8}["']?(?<value>[^\\s"']{1,300})`, 'gim'),
    valueGroups: ['value'],
    before: 16,
    generic: true,
    validate: (value, ctx) => credentialKey(ctx.match.groups?.key ?? '') && !isReference(value) && isLiteralCredential(value, false),
  },
  {
    id: 'terraform-variable-default',
    kind: 'secret',
    anchors: ['variable'],
    caseInsensitive: true,
    pattern: new RegExp(String.raw`variable\s{1,5}"(?<key>[\w-]{0,60})"\s{0,5}\{[^{}]{0,600}?\bdefault\s{0,5}=\s{0,5}"(?<value>[^"\n]{1,300})"`, 'gi'),
    valueGroups: ['value'],
    multiline: true,
    before: 8,
    after: 800,
    generic: true,
    validate: (value, ctx) => {
      const key = ctx.match.groups?.key ?? '';
      return new RegExp(KEY_WORDS, 'i').test(key) && credentialKey(key) && isLiteralCredential(value, true);
    },
  },
  {
    id: 'name-value-credential',
    kind: 'secret',
    anchors: ['password', 'passwd', 'pwd', 'secret', 'token', 'apikey', 'api_key', 'api-key', 'credential', 'auth', 'connectionstring'],
    caseInsensitive: true,
    pattern: new RegExp(String.raw`\b(?:key|name)["']?\s{0,3}[=:]\s{0,3}["']?(?<key>[\w.:-]{0,80})["']?\s{0,3},?\s{0,40}["']?value["']?\s{0,3}[=:]\s{0,3}(?<q>["']?)(?<value>[^"'\s]{1,300})\k<q>`, 'gi'),
    valueGroups: ['value'],
    multiline: true,
    before: 100,
    after: 400,
    generic: true,
    validate: (value, ctx) => {
      const key = ctx.match.groups?.key ?? '';
      return new RegExp(KEY_WORDS, 'i').test(key) && credentialKey(key) && !isReference(value)
        && isLiteralCredential(value, (ctx.match.groups?.q ?? '') !== '');
    },
  },
];
