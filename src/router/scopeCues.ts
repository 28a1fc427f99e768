/**
 * More stage-1 cues, added after the fourth collection round: the question forms (a yes/no question about what a tool
 * already does versus a request for plans), one-setting changes whose subject is big, and system-wide features and
 * problems named without scope words ("Rewrite backend", "Add i18n support", "App takes 30 seconds to load"). After the
 * fifth round, three kinds of problem rather than words: one that comes and goes, several actors at once, and
 * distributed-systems concerns (partitions, failover, delivery guarantees).
 * Same contract as SCOPE_RULES in scope.ts: literals with bounded gaps, so each pattern costs linear time.
 */
export interface Rule {
  readonly id: string;
  /** Words for the reason sentence. */
  readonly phrase: string;
  readonly pattern: RegExp;
  /** Searched in the whole prompt (quoted errors) instead of the instruction alone. */
  readonly whole?: boolean;
}

const SETTING_NOUN = String.raw`(?:port|timeout|time-?out|limit|level|size|count|retention|interval|path|location|dir(?:ectory)?|value|threshold|ttl|replicas?|replicacount)`;

export const EXTRA_SCOPE_RULES: readonly Rule[] = [
  // A yes/no question ("Does it support sharding?", "Is a new deployment made with zero downtime?"): asks what is, not for work.
  { id: 'cue:yes-no', phrase: 'a yes/no question', pattern: /(?:^|[.?!:]\s+|\n)\s*(?:does|do|is|are|was|were|will|would|can|could|should|has|have|did)\s+(?:it|this|that|the|there|your|you|[a-z][\w.-]{0,24})\b[^.?!\n]{0,120}\?/ },
  // "Does it support sharding?", "your db supports sharding ?": a question about what a tool already does.
  { id: 'cue:support-question', phrase: 'a question about what a tool supports', pattern: /\b(?:does|do|is|are|can|will)\b[^.?!\n]{0,40}\b(?:support(?:s|ed)?|provide[sd]?|runs? on|works? (?:with|on)|compatible|based)\b[^.?!\n]{0,80}\?|\bsupports? [\w -]{1,40}\?/ },
  // Asking the maintainers for plans or for a new capability is asking for the work itself.
  { id: 'cue:asks-for-plans', phrase: 'a request for new work', pattern: /\b(?:any (?:plans?|chance|possibility)|(?:is|are) there (?:any )?plans?|plan(?:s|ned)? (?:to|for) (?:support|add|implement|integrat)\w*|(?:would|will) it be possible to (?:add|include|implement|support|make|integrate|have)|have you considered|possibility that|is (?:this|it) (?:possible|planned) ?\/ ?planned)\b/ },
  // One setting or default changed, however big the system around it ("Change kafka log retention to 21 days").
  { id: 'cue:one-setting', phrase: 'one setting', pattern: new RegExp(String.raw`\b(?:(?:change|set|increase|decrease|raise|lower|bump|reduce|adjust|update|make)\w*\s+(?:the\s+)?(?:default\s+)?(?:[\w.\x60'-]+\s+){0,3}${SETTING_NOUN}s?\b|(?:enable|disable|turn (?:on|off))\w*\s+(?:the\s+)?[\x60'"]?[\w.-]+[\x60'"]?\s+(?:on|in|for|by default|option|flag|setting)\b|configurable\b|env(?:ironment)? var(?:iable)?s?\b|\b(?:config(?:uration)? (?:option|setting|flag|parameter|value)|default (?:value|port|level|location|path|config\w*))\b|(?:increas|decreas|rais|lower|bump|reduc|chang|set)\w*\b[^.?!\n]{0,40}\bto \d+)`) },
  // A file named by its name: the work is about that file.
  { id: 'cue:named-file', phrase: 'one named file', pattern: /\b[\w-]+\.(?:java|kt|py|js|ts|go|rs|rb|php|cs|cpp|h|ya?ml|json|toml|xml|ini|conf|properties|env)\b/ },
  // System-wide features named by their noun alone.
  { id: 'kind:system-feature', phrase: 'a system-wide feature', pattern: /\b(?:i18n|internationali[sz]\w*|locali[sz]ation|translat\w* (?:the |this |it |all )?(?:app|ui|interface|site|pages)|(?:sso|single sign-?on|saml|oidc|openid[_ ]connect)\b|authenticat\w* (?:and|&|\/) authori[sz]\w*|audit (?:log\w*|trail|purposes)|auditing|websockets?|server-sent events|real-?time (?:data|updates|sync\w*)|live (?:data|updates)|(?:log|record)\w* (?:all|every|each) (?:user )?actions?|end[- ]to[- ]end encrypt\w*|push notification\w*|(?:multiple|multi-?) ?accounts?|graphql|(?:rest|graphql) api (?:to access|for)|support (?:for )?(?:another|other|additional|multiple) (?:db|database)s?|(?:postgres\w*|mysql|mariadb|mongodb|sqlite) (?:backend|support)|support for (?:postgres\w*|mysql|mariadb|mongo\w*|sqlite|oracle|mssql)|async (?:version|support|api)|support (?:for )?async\/await|async\/await support|high availability|\bha\b|cluster(?:ing)? support)/ },
  // A whole rewrite named in two words ("Rewrite backend", "De-async the entire codebase").
  { id: 'kind:migrate', phrase: 'a migration', pattern: /\b(?:rewrit\w*|re-?implement\w*) (?:the |our |a |of the )?(?:backend|frontend|server|client|app|engine|core|codebase|library)\b|\bde-?async\w*/ },
  // Problems over time or load, named without a component: slow loading, growing memory, leaks, events out of order.
  { id: 'kind:system-diagnosis', phrase: 'a problem across components', pattern: /\b(?:load(?:ing)? times?|startup time|takes? (?:up to |about |over |more than )?\d+\s?(?:-\s?\d+\s?)?(?:s|secs?|seconds|minutes) to (?:load|start|open)|(?:slow|long|too long) to (?:load|start)|sluggish\w*|memory (?:keeps|continues to|will continue to|has been) (?:grow|rise|rising|increas)\w*|(?:goroutines?|go routines?|threads?|connections?|file descriptors?) leak\w*|leak\w* (?:goroutines|memory|connections|threads)|out[- ]of[- ]order|oom[- ]?kill\w*)/ },
  // A problem that comes and goes: its cause is rarely in what the person shows (RUBRIC.md, ties).
  { id: 'cue:intermittent', phrase: 'a problem that comes and goes', pattern: /\b(?:intermittent\w*|sporadic\w*|from time to time|at (?:certain|random|some) times|at times|sometimes|occasionally|(?:very )?rarely|randomly|every (?:now and then|so often)|occasional\w*|(?:once|twice|once or twice|a few times) (?:a|an|per|every) (?:day|week|month|hour)|every (?:few|couple of|\d+) (?:minutes|hours|days|weeks)|seemingly at random|after (?:a while|some time)|over time|(?:can(?:not|'t)|unable to|hard to|not able to) reproduce|not reproducible)\b/ },
  // Several actors at once: users, clients, nodes or instances acting concurrently.
  { id: 'cue:concurrency', phrase: 'several actors at once', pattern: /\b(?:(?:two|2|multiple|several|many|\d+) (?:users|people|persons|editors|clients|instances|nodes|workers|replicas|consumers|producers|processes|tabs|windows|executors|shards)|at the same time|simultaneous\w*|concurren\w*|in parallel)\b/ },
  // Work done twice or racing itself: a race, a message or job handled more than once.
  { id: 'cue:duplicate-work', phrase: 'work done twice or racing', pattern: /\b(?:rac(?:e|es|ing) (?:condition|between)|races\b|processed (?:twice|more than once|multiple times)|(?:runs?|run|executed?|fired?|triggered|called|sent|delivered|consumed?|consumes \w+ (?:\w+ )?messages) (?:twice|more than once|more then once|multiple times|several times)|double[- ](?:processing|execution)|duplicate (?:messages?|processing|execution|jobs?|events?|webhooks?|deliver\w*))/ },
  // Distributed-systems work named by its vocabulary: partitions, failover, delivery guarantees.
  { id: 'cue:distributed', phrase: 'a distributed-systems concern', pattern: /\b(?:net-?splits?|split[- ]brain|network partition\w*|fail-?over|replicat\w*|consensus|leader election|quorum|rebalanc\w*|eventual(?:ly)? consisten\w*|exactly[- ]once|at[- ]least[- ]once|idempoten\w*|distributed|clusters?|downtime|tracing)\b/ },
];
