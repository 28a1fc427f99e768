import type { Rule } from '../types';
import { isAllowlisted, isDocumentationExample } from '../allowlist';
import { isFiller } from '../values';
import { looksRandom, tokenRule } from './helpers';

/** Azure, AWS and Google Cloud credentials. */
const ASSIGN = '["\']?\\s{0,5}(?:=>|:=|[:=])\\s{0,5}["\']?';

/** The armoured key holds a base64 run of key length (not filler) between its BEGIN and END lines. */
function hasKeyBody(armoured: string): boolean {
  const body = armoured.replace(/-----(?:BEGIN|END) [A-Z ]{0,20}PRIVATE KEY-----/g, '').replace(/\\[nr]|\s/g, '');
  const run = /[A-Za-z0-9+/]{64,}/.exec(body)?.[0];
  return run !== undefined && looksRandom(run) && !isFiller(run);
}

export const CLOUD_RULES: readonly Rule[] = [
  tokenRule('azure-storage-key', ['accountkey=', 'sharedaccesskey='],
    /(?:AccountKey|SharedAccessKey)\s{0,3}=\s{0,3}(?<value>[A-Za-z0-9+/]{30,100}={0,2})/gi,
    { caseInsensitive: true, valueGroups: ['value'] }),
  tokenRule('azure-sas-token', ['sig='],
    // Logic Apps and Power Automate workflow URLs (Teams workflows) sign with base64url (`-`, `_`).
    /[?&;\s"']sig=(?<value>[A-Za-z0-9%+/_-]{30,150}(?:%3D|=){0,2})/gi,
    { caseInsensitive: true, valueGroups: ['value'], before: 4 }),
  tokenRule('azure-ai-key', ['azure', 'openai_', 'openai-', 'openaikey', 'cognitive', 'ocp-apim', 'foundry', 'speech'],
    new RegExp(`(?:azure|openai|aoai|cognitive|ocp-apim|speech|translator|vision|foundry|ai)[\\w.-]{0,40}key${ASSIGN}(?<value>[0-9a-f]{32}|[A-Za-z0-9]{84})(?![A-Za-z0-9])`, 'gi'),
    { caseInsensitive: true, valueGroups: ['value'], before: 60 }),
  tokenRule('azure-entra-client-secret', ['q~'],
    /(?<![A-Za-z0-9_~.-])[A-Za-z0-9_~.-]{3}\dQ~[A-Za-z0-9_~.-]{31,34}(?![A-Za-z0-9_~.-])/g,
    { caseInsensitive: true, before: 8 }),
  tokenRule('aws-access-key-id', ['AKIA', 'ASIA', 'AGPA', 'AIDA', 'AROA', 'AIPA', 'ANPA', 'ANVA', 'A3T', 'ABIA', 'ACCA'],
    /(?<![A-Za-z0-9])(?:A3T[A-Z0-9]|AKIA|ASIA|AGPA|AIDA|AROA|AIPA|ANPA|ANVA|ABIA|ACCA)[A-Z0-9]{16}(?![A-Za-z0-9])/g, { minEntropy: 2.5 }),
  {
    id: 'aws-secret-access-key',
    kind: 'secret',
    anchors: ['secret_access_key', 'secretaccesskey', 'secret-access-key', 'aws_secret', 'aws-secret', 'awssecret', 'secret_key'],
    caseInsensitive: true,
    pattern: new RegExp(`(?:aws)?[_-]?secret[_-]?(?:access)?[_-]?key(?:[_-]?id)?${ASSIGN}(?<value>[A-Za-z0-9/+=]{40})(?![A-Za-z0-9/+=])`, 'gi'),
    valueGroups: ['value'],
    validate: value => looksRandom(value, 3.5) && !isAllowlisted(value) && !isDocumentationExample(value),
  },
  {
    id: 'aws-account-id',
    kind: 'secret',
    anchors: ['aws'],
    caseInsensitive: true,
    pattern: new RegExp(`aws[_-]?account[_-]?id${ASSIGN}(?<value>\\d{4}-?\\d{4}-?\\d{4})(?![\\d-])`, 'gi'),
    valueGroups: ['value'],
    after: 80,
    validate: value => !/^(\d)\1+$/.test(value.replace(/-/g, '')) && value.replace(/-/g, '') !== '123456789012',
  },
  tokenRule('gcp-api-key', ['AIza'], /(?<![A-Za-z0-9_-])AIza[0-9A-Za-z_-]{35}(?![A-Za-z0-9_-])/g),
  {
    id: 'gcp-service-account-key',
    kind: 'secret',
    anchors: ['service_account'],
    pattern: /"private_key"\s{0,5}:\s{0,5}"(?<value>-----BEGIN [A-Z ]{0,20}PRIVATE KEY-----[^"]{20,8000})"/g,
    valueGroups: ['value'],
    multiline: true,
    before: 6000,
    after: 6000,
    // A key file with a sample body (`...`, `<key>`) is a template: the key is the base64 between the armour lines.
    validate: value => hasKeyBody(value),
  },
];
