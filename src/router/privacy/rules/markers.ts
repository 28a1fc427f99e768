import type { Rule } from '../types';

/**
 * Explicit markers a person puts on content that must stay on the device. Only where they speak about the content
 * itself: a banner line (`// CONFIDENTIAL - internal only`), a sentence about this file or document ("this code is
 * strictly confidential", "do not share this file"), or `hybrid:local`. Not the many uses that describe something
 * else: OAuth "confidential clients", "FOR INTERNAL USE ONLY" on an API member, "do not share this instance".
 */
const MARKER = String.raw`(?:strictly\s|highly\s|company\s|business\s)?confidential|internal(?:[ -]use)?\sonly|do\snot\s(?:share|distribute)|not\sfor\s(?:external\s)?distribution|proprietary\sand\sconfidential|confidential\sand\sproprietary`;
const BANNER = String.raw`(?:^|\n)[ \t]{0,8}(?:\/\/|#|\*|\/\*|<!--|--|;|%|')?[ \t\-=*#]{0,12}(?:${MARKER})(?:[ \t]{0,4}[-–—:,.!/|]{0,3}[ \t]{0,4}(?:${MARKER}))?[ \t\-=*#.!:]{0,12}(?:\*\/|-->)?[ \t]{0,4}(?=\r?\n|$)`;
const SENTENCE = String.raw`\b(?:this|the)\s{1,3}(?:file|document|code|information|material|data|content|source|repository|repo|snippet|prompt|project|config(?:uration)?|message|email|text)\s{1,3}(?:is|are|contains|holds)\s{1,3}(?:strictly\s{1,3}|highly\s{1,3})?(?:confidential|internal(?:[ -]use)?\sonly|proprietary)`
  + String.raw`|\b(?:strictly|company|highly|business)\s{1,3}confidential\b|\bconfidential\s{1,3}and\s{1,3}proprietary\b|\bproprietary\s{1,3}and\s{1,3}confidential\b`
  + String.raw`|\bdo\s{1,3}not\s{1,3}(?:share|distribute|forward|copy|paste|upload|send)\s{1,3}(?:this|the|these)\s{1,3}(?:file|document|code|information|content|material|data|snippet|details|credentials|keys?)\b`
  + String.raw`|\bdo\s{1,3}not\s{1,3}(?:share|distribute)\s{1,3}(?:outside|externally|publicly)\b|\bnot\s{1,3}for\s{1,3}(?:external\s{1,3}|public\s{1,3})?(?:distribution|release)\b|\bhybrid:local\b`;

export const MARKER_RULES: readonly Rule[] = [
  {
    id: 'confidential-marker',
    kind: 'marker',
    anchors: ['confidential', 'do not share', 'do not distribute', 'internal only', 'internal use only', 'internal-use only', 'not for distribution',
      'not for external', 'not for public', 'hybrid:local',
      'do not forward', 'do not copy', 'do not paste', 'do not upload', 'do not send'],
    caseInsensitive: true,
    pattern: new RegExp(`${BANNER}|${SENTENCE}`, 'gi'),
    before: 120,
    after: 120,
  },
];
