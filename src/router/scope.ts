import { extractInstruction } from './instruction';
import { EXTRA_SCOPE_RULES, type Rule } from './scopeCues';

/**
 * Stage-1 scope features: what kind of work is asked, over how much of the system, judged on the instruction (the
 * pasted material only counts through its size and through the error messages it quotes). Each feature is named and
 * carries the words a person reads in the reason sentence. Pure, linear, no model.
 */
export type WorkScope = 'snippet' | 'file' | 'module' | 'system';
export type WorkKind = 'question' | 'explain' | 'fix' | 'small-change' | 'write' | 'refactor' | 'diagnose' | 'feature' | 'migrate' | 'redesign' | 'design' | 'review' | 'request';

export interface ScopeFeatures {
  /** Fired feature ids (`kind:migrate`, `scope:system`, `cue:error-quote`, …), each once. */
  readonly features: readonly string[];
  readonly scope: WorkScope;
  readonly kind: WorkKind;
  /** Words of the instruction, lower-cased, for the learned part of stage 1. */
  readonly words: readonly string[];
  readonly instructionWords: number;
  readonly pastedChars: number;
}

// Alternations of literals with bounded gaps: every pattern does bounded work per position (linear overall).
const TECH = String.raw`(?:\.?[a-z][\w.#+-]{0,24}\s?){1,3}`;
// Moving or converting one small thing (a label, a list, a value, the state object) is not a migration.
const SMALL_OBJECT = String.raw`(?:(?:the|a|an|this|that|my|these|those)\s+)?(?:labels?|lists?|tuples?|strings?|values?|state|columns?|fields?|variables?|text|buttons?|flags?|dates?|numbers?|arrays?|dict\w*|objects?|keys?|items?|files?|lines?|timestamps?|datetimes?|times?|types?|dtypes?|integers?|ints?|floats?|bytes|characters?|case|units?|series|dataframes?)\b`;
// Programming languages, for code moved from one to another.
const LANGUAGE = String.raw`(?:javascript|typescript|js|ts|coffeescript|python\s?[23]?|java|kotlin|scala|groovy|objective-c|obj-c|swift|c\+\+|c#|f#|vb(?:\.net)?|rust|golang|ruby|php|perl|elixir|erlang|haskell|dart|lua|julia|matlab|fortran|cobol|delphi|r)`;
// One call or code construct named by its code: "map { }.toMap()", "foo()", "all strcpy calls".
const CODE_OBJECT = String.raw`(?:(?:all|the|every|each|these|those)\s+)?(?:[^\s]+\s+)?(?:[^\s]*\(\)|\{\s*\}|calls?\b|invocations?\b)`;
export const SCOPE_RULES: readonly Rule[] = [
  // Kinds of work that a small model does poorly: moving code between languages, frameworks, engines or versions.
  // The source or target is named in the same sentence (a period inside a name such as ".NET" or "Vue.js" does not end
  // it); replacing one call ("map { }.toMap()", "all strcpy calls") is an edit, and a data type is no technology.
  { id: 'kind:migrate', phrase: 'a migration', pattern: new RegExp(String.raw`\b(?:migrat\w*|port(?:s|ed|ing)?(?!\s*[:=]?\s*\d)|convert\w*|mov(?:e|ing)|switch\w*|transition\w*|transfer\w*|upgrad\w*|rewrit\w*|re-?implement\w*|replac\w*|swap\w*)\b(?!\s+${SMALL_OBJECT})(?!\s+${CODE_OBJECT})(?:[^.?!\n]|\.(?=\S)){0,100}?\b(?:from|to|into|in|with|away|off|onto)\s+(?!${SMALL_OBJECT})${TECH}`) },
  { id: 'kind:migrate', phrase: 'a migration', pattern: /\b(?:migration (?:guide|plan|path|strategy)|rewrite (?:everything|it all|the (?:whole|entire)\b)|rewrite in \w+|port to \w+|\w+ (?:->|→|to) \w+ migration)\b/ },
  // Code moved between two programming languages, whatever the verb ("Refactor the server from javascript to typescript").
  { id: 'kind:migrate', phrase: 'a migration', pattern: new RegExp(String.raw`(?:^|[^\w.#+-])${LANGUAGE}\s?(?:->|→|to|in ?to)\s?${LANGUAGE}(?![\w#+-])`) },
  { id: 'kind:migration-noun', phrase: 'a migration', pattern: /\b(?:migration|porting|upgrade path|conversion)\b/ },
  { id: 'kind:version-upgrade', phrase: 'a major-version upgrade', pattern: /\b(?:upgrad\w*|updat\w*|migrat\w*|mov\w*)\b[^.?!\n]{0,40}\b(?:to|from)\s+(?:[a-z.#+-]+\s){0,3}v?\d{1,3}(?:\.\d+)?(?:\.x)?\b/ },
  { id: 'kind:redesign', phrase: 'a redesign', pattern: /\b(?:redesign\w*|re-?architect\w*|overhaul\w*|restructur\w*|rework\w*|re-?think\w*|decompos\w*|split\w* (?:up )?(?:the |a |our )?monolith|break\w* (?:up )?(?:the |a |our )?monolith)\b/ },
  { id: 'kind:refactor', phrase: 'a refactor', pattern: /\b(?:refactor\w*|clean(?:ing)? up|restructur\w*|reorgani[sz]\w*|extract\w* (?:a |the )?(?:module|service|class|interface|layer)|dependency injection|modulari[sz]\w*)\b/ },
  { id: 'kind:design', phrase: 'a design task', pattern: /\b(?:design(?:ing)?|architect(?:ure|ing)?|specif(?:y|ication)|spec|rfc|proposal|tenancy model|permission model|role model|data model|threat model\w*|protocol|delivery (?:semantics|guarantees?)|consistency|(?:define|decide|choose|evaluate)\b[^.?!\n]{0,40}\b(?:model|strategy|boundar\w+|semantics|guarantees?|approach|architecture))\b/ },
  { id: 'kind:plan', phrase: 'a plan', pattern: /\b(?:plan (?:for|the)|migration plan|roadmap|strategy for|how (?:would|should) (?:we|you) (?:approach|design|structure|architect|split|scale))\b/ },
  { id: 'kind:system-feature', phrase: 'a system-wide feature', pattern: /\b(?:multi-?tenan\w*|tenant isolation|role-?based access|rbac|permission (?:system|matrix)|end-to-end encrypt\w*|e2ee|key (?:sync\w*|management|exchange)|sync(?:hroni[sz]ation)? engine|offline[- ](?:first|sync|support|edit\w*)|conflict resolution|caching layer|cache invalidation|(?:redis|distributed|shared) cach\w*|caching for|plugin (?:system|architecture|api)|zero[- ]downtime|without downtime|horizontal(?:ly)? scal\w*|shard\w*|event sourcing|message bus|real-?time updates|push (?:updates|notifications)|(?:instead of|replac\w*|switch\w*|rather than)\b[^.?!\n]{0,40}\bpolling|websockets?\b[^.?!\n]{0,60}\b(?:instead of|rather than|for) polling|(?:build|implement|add|create)\w*\b[^.?!\n]{0,30}\b(?:system|engine|layer|framework|mechanism|pipeline|infrastructure|platform|sdk))\b/ },
  { id: 'kind:security-review', phrase: 'a security review', pattern: /\b(?:threat model\w*|security (?:review|audit|architecture)|attack (?:surface|paths?)|stride|trust boundar\w*)\b/ },
  // Problems whose cause lies between components, processes, nodes or over time.
  { id: 'kind:system-diagnosis', phrase: 'a problem across components', pattern: /\b(?:hang\w*|stuck|deadlock\w*|leak\w*|time[sd]? ?out|timing out|watchdog|unresponsive|corrupt\w*|race condition|slow\w*|lag\w*|memory (?:growth|grows|keeps)|grow\w* (?:over time|every day|steadily|indefinitely))\b[^.?!]{0,160}\b(?:production|prod\b|under (?:heavy )?load|multi-?node|nodes?|ranks?|cluster|replicas?|after (?:hours|days|a while|several)|after (?:about |only |roughly )?(?:\d+|a few|several) (?:minutes|hours|days|pages|requests)|over (?:time|days)|intermittent\w*|random\w*|qps|concurrent\w*|distributed|services?|servers?|threads|load\b|k6|traffic|all (?:of )?(?:our|my) )/ },
  { id: 'kind:system-diagnosis', phrase: 'a problem across components', pattern: /\b(?:production|under (?:heavy )?load|multi-?node|(?:several|multiple|\d+) (?:nodes|gpus|ranks|servers|instances)|after (?:hours|days|a while)|intermittent\w*)\b[^.?!]{0,160}\b(?:hang\w*|stuck|deadlock\w*|leak\w*|time[sd]? ?out|timing out|unresponsive|corrupt\w*|slow\w*|crash\w*|lag\w*|segmentation fault|segfault|core dumped)/ },
  { id: 'kind:system-diagnosis', phrase: 'a problem across components', pattern: /\b(?:(?:\d+\+? )?(?:concurrent|simultaneous) users|(?:high|heavy) traffic|(?:more than|over) \d+ (?:users|clients|connections)|(?:multiple|many) users)\b/ },
  { id: 'cue:tried-already', phrase: 'obvious fixes already tried', pattern: /\b(?:i(?:'ve| have)? (?:already )?tried|still (?:leaks|hangs|happens|there|fails|doesn't|does not)|didn'?t (?:help|work)|no luck|out of ideas|can(?:not|'t) (?:find|reproduce)|no (?:idea|clue) (?:how|why))\b/ },
  // How much of the system the work touches.
  { id: 'scope:system', phrase: 'the whole system', pattern: /\b(?:(?:application|app|system|site|project|codebase|company|org(?:anization)?|platform)-wide\b|across (?:the |all )?(?:views|screens|pages|endpoints|app(?:lication)?|site|project)\b|(?:whole|entire|all(?: of)?(?: the| our| my)?|every|each)\s+(?:app(?:lication)?s?|code ?base|project|library|program|front-?end|back-?end|system|services?|components?|modules?|views?|screens?|pages?|repos?(?:itory)?|codes?|ui|stack|api|endpoints?|routes?|packages?|functions and methods|environments?)|across (?:the |our |all |multiple |several )?(?:code ?base|services|modules|components|devices|packages|layers|nodes|repos|instances)|(?:all|every)\s+(?:(?:the|our|their|of the|user'?s?)\s+)?(?:data|users?|accounts?|records?|customers?|tenants?|clients?)|monolith\w*|micro-?services?|everything|(?:whole|entire) solution)/ },
  { id: 'cue:the-app', phrase: 'the application', pattern: /\b(?:the|our|my|this) (?:app|application|codebase|frontend|front-end|backend|back-end|ui|infra\w*|project|library|sdk|service)\b/ },
  { id: 'scope:many-parts', phrase: 'several parts', pattern: /\b(?:(?:multiple|several|many|two|three|four|\d+) (?:services|modules|projects|devices|nodes|servers|environments|stacks|components|tables|apps|clients|consumers|tenants|processes|containers|repositories|layers|platforms)|(?:services|modules|nodes|devices|tenants|clients) (?:and|or) (?:services|modules|nodes|devices|tenants|clients))\b/ },
  { id: 'cue:task-list', phrase: 'a list of deliverables', pattern: /(?:\b(?:acceptance criteria|deliverables?|tasks?:|scope:|definition of done|checklist)\b|(?:^|\n)\s*(?:[-*]|\d+[.)])\s(?:\[ \]\s)?\w[^\n]*\n\s*(?:[-*]|\d+[.)])\s(?:\[ \]\s)?\w[^\n]*\n\s*(?:[-*]|\d+[.)])\s)/ },
  // Local cues: one question about one thing, a quoted error, a small edit.
  { id: 'cue:how-to', phrase: 'a how-to question', pattern: /(?:^|[.?!]\s+)(?:how (?:do|can|to|should|would) (?:i|you|we)?|how to\b|what (?:is|are|does|do|am i)\b|what's\b|why (?:does|do|is|am|are|did)\b|is (?:it|there) (?:possible|a way)|can (?:i|you|we)\b|where (?:is|do|can)\b|which\b|any (?:ideas|hints|suggestions)|is this (?:a bug|correct|right))/ },
  { id: 'cue:error-quote', phrase: 'a quoted error', whole: true, pattern: /\b(?:error[:\[ ]|errors?\b|exception\b|traceback|undefined (?:reference|index|symbol)|cannot (?:read|find|borrow|resolve)|can't (?:find|copy|get)|not found|no module named|no such file|failed\b|syntax|segmentation fault|core dumped|out of memory|crashloopbackoff|warning:|notice:|e\d{4}\b|status code|is not a valid|not working|doesn'?t work|does not work|not updating|undefined\b|null ?reference|nullpointer)/ },
  { id: 'kind:small-edit', phrase: 'a small edit', pattern: /\b(?:renam\w*|typos?|spelling|docstrings?|type hints?|comments?|format\w*|indent\w*|sort (?:the )?imports|isset|null check|add (?:a |an )?(?:unit )?tests?|write (?:a )?(?:small )?(?:unit )?tests?|unit tests? for|change (?:the )?(?:colou?r|text|label|title|default)|colou?r of)\b/ },
  { id: 'kind:write-snippet', phrase: 'a small piece of code', pattern: /\b(?:write (?:a |an )?(?:\w+ )?(?:function|program|script|regex|regular expression|query|snippet|example|helper|one-?liner)|(?:a |the )?regex (?:to|that|for)|one-?liner|convert (?:a |an |the )?(?:string|list|int|integer|tuple|date|dict\w*|array|object)s?\b[^.?!\n]{0,30}\bto\b|sort (?:a |an |the )?(?:list|array)|snippet)\b/ },
  { id: 'kind:explain', phrase: 'an explanation', pattern: /\b(?:explain\w*|what (?:does|do) (?:this|it|the)\b[^.?!\n]{0,40}\bmean|difference between|meaning of|understand\w*)\b/ },
  { id: 'cue:one-thing', phrase: 'one piece of code', pattern: /\b(?:this|my|the following|a single|one) (?:function|method|loop|line|query|snippet|component|class|file|script|regex|error|warning|test|command|dockerfile|yaml|endpoint|field|column|variable|button|view|screen|page|struct|module)\b/ },
  { id: 'cue:config', phrase: 'a configuration question', pattern: /\b(?:docker-?compose(?:\.ya?ml)?|dockerfile|env(?:ironment)? var\w*|\.env\b|cmake\w*|find_package|tsconfig|package\.json|webpack\.config|settings\.py|config (?:file|option|setting)|batch[_ ]size|flag|command line|cli option)\b/ },
  { id: 'cue:beginner', phrase: 'a beginner question', pattern: /\b(?:i'?m (?:new|a beginner|learning)|new to|newbie|beginner|tutorial|course|assignment|exercise|homework|learning)\b/ },
  ...EXTRA_SCOPE_RULES,
];

const KIND_ORDER: readonly [string, WorkKind][] = [
  ['kind:security-review', 'review'], ['kind:migrate', 'migrate'], ['kind:version-upgrade', 'migrate'], ['kind:redesign', 'redesign'],
  ['kind:system-feature', 'feature'], ['kind:design', 'design'], ['kind:plan', 'design'], ['kind:system-diagnosis', 'diagnose'],
  ['kind:refactor', 'refactor'], ['kind:small-edit', 'small-change'], ['kind:write-snippet', 'write'], ['cue:error-quote', 'fix'],
  ['kind:explain', 'explain'], ['cue:how-to', 'question'],
];

const WORD = /[a-z][a-z0-9+#]{1,19}/g;
// Function words carry length, not meaning: they are left out of the learned features (and so out of reasons).
const STOP_WORDS = new Set(('a an the and or but if then so of to in on at by for from with into onto as is are was were be been being am '
  + 'it its that these those there here me he she they them their who whom '
  + 'did done had may might must just also very too '
  + 'about than more most some such own same few up down out again '
  + 'while because until before during through between against per via etc').split(' '));
// "don't restructure anything, just rename x" is not a redesign: a match right after a negation does not count.
const NEGATION_BEFORE = /\b(?:don'?t|do not|no need to|without|not|never|avoid|instead of)\b[^.;!?\n]{0,24}$/;
const MAX_MATCHES_PER_RULE = 8;
const GLOBAL_RULES = SCOPE_RULES.map(rule => ({ ...rule, pattern: new RegExp(rule.pattern.source, 'g') }));

function firesUnnegated(rule: Rule, text: string): boolean {
  rule.pattern.lastIndex = 0;
  for (let i = 0; i < MAX_MATCHES_PER_RULE; i++) {
    const match = rule.pattern.exec(text);
    if (!match) { return false; }
    const at = match.index;
    if (rule.id.startsWith('cue:') || !NEGATION_BEFORE.test(text.slice(Math.max(0, at - 32), at))) { return true; }
    if (match[0].length === 0) { rule.pattern.lastIndex++; }
  }
  return false;
}
const MAX_WORDS = 400;

/** Scope features of a prompt. Scans at most the instruction plus the first 64 KB of the whole prompt. */
export function scopeFeatures(prompt: string): ScopeFeatures {
  if (typeof prompt !== 'string' || prompt.length > MAX_REMEMBERED_PROMPT) {
    return judgeScope(prompt);
  }
  let known = REMEMBERED.get(prompt);
  if (!known) {
    known = judgeScope(prompt);
    if (REMEMBERED.size >= MAX_REMEMBERED) {
      REMEMBERED.delete(REMEMBERED.keys().next().value!);
    }
    REMEMBERED.set(prompt, known);
  }
  return known;
}

/**
 * The last prompts judged, oldest first: every turn of an agent loop is judged by the same request, and its
 * features (the same for the same text) are frozen, as callers share them.
 */
const REMEMBERED = new Map<string, ScopeFeatures>();
const MAX_REMEMBERED = 16;
const MAX_REMEMBERED_PROMPT = 4096;

function judgeScope(prompt: string): ScopeFeatures {
  const instruction = extractInstruction(prompt);
  const lower = instruction.text.toLowerCase();
  const whole = (typeof prompt === 'string' ? prompt.slice(0, 64 * 1024) : '').toLowerCase();
  const fired = new Set<string>();
  for (const rule of GLOBAL_RULES) {
    if (!fired.has(rule.id) && firesUnnegated(rule, rule.whole ? whole : lower)) { fired.add(rule.id); }
  }
  if (instruction.words <= 12) { fired.add('size:short-ask'); }
  if (instruction.words > 60) { fired.add('size:long-ask'); }
  if (instruction.pastedChars > 2 * Math.max(1, instruction.text.length)) { fired.add('size:mostly-pasted'); }
  const kind = KIND_ORDER.find(([id]) => fired.has(id))?.[1] ?? 'request';
  const scope: WorkScope = fired.has('scope:system') ? 'system'
    : fired.has('scope:many-parts') || fired.has('cue:task-list') ? 'module'
      : fired.has('cue:one-thing') || fired.has('kind:small-edit') || fired.has('kind:write-snippet') ? 'snippet' : 'file';
  const words = (lower.match(WORD) ?? []).filter(w => !STOP_WORDS.has(w)).slice(0, MAX_WORDS);
  return Object.freeze({ features: Object.freeze([...fired]), scope, kind, words: Object.freeze(words), instructionWords: instruction.words, pastedChars: instruction.pastedChars });
}

/** Words for a feature id in the reason sentence. */
export function featurePhrase(id: string): string | undefined {
  return SCOPE_RULES.find(rule => rule.id === id)?.phrase ?? SIZE_PHRASES[id];
}

const SIZE_PHRASES: Readonly<Record<string, string>> = {
  'size:short-ask': 'a short ask',
  'size:long-ask': 'a long, detailed ask',
  'size:mostly-pasted': 'mostly pasted material',
};
