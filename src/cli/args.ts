import { isHttpUrl } from '../providers/index';
import type { Mode, OnSecret, Target } from '../router/types';

export type Command = 'classify' | 'ask' | 'demo';

/** Parsed command line. Values are as typed; endpoints are resolved against the environment in setup.ts. */
export interface CliOptions {
  readonly command: Command;
  readonly json: boolean;
  readonly verbose: boolean;
  readonly files: readonly string[];
  readonly prompt?: string;
  readonly force?: Target;
  readonly mode?: Mode;
  /** `--on-secret`: what a request holding a secret may do when it would otherwise go to the cloud. */
  readonly onSecret?: OnSecret;
  readonly localBaseUrl?: string;
  readonly localModel?: string;
  readonly cloudBaseUrl?: string;
  readonly cloudModel?: string;
  readonly cloudProjectEndpoint?: string;
  /** `ask --messages FILE`: an OpenAI-shaped conversation (an agent turn) instead of a prompt. */
  readonly messagesFile?: string;
  /** `ask --tools FILE`: an OpenAI `tools` array the model may call. */
  readonly toolsFile?: string;
}

export type ParsedArgs = { readonly kind: 'run'; readonly options: CliOptions } | { readonly kind: 'help' } | { readonly kind: 'usage-error'; readonly message: string };

export const USAGE = `Usage:
  hybrid-agent classify [--json] [--file PATH]... [--on-secret stay-local|redact-for-cloud] [--prompt TEXT | --messages FILE]
      Decide where a prompt (stdin, or --prompt) or an agent conversation (--messages) would go. Prints a RoutingDecision.
  hybrid-agent ask [--json] [--file PATH]... [--force local|cloud] [--mode auto|local-only|prefer-local|prefer-cloud]
      [--on-secret stay-local|redact-for-cloud] [--local-base-url URL --local-model NAME] [--cloud-base-url URL --cloud-model NAME]
      [--cloud-project-endpoint URL [--cloud-model DEPLOYMENT]] [--prompt TEXT]
      Decide and answer. Prints the answer (or an AgentResponse with --json).
  hybrid-agent ask [--json] --messages FILE [--tools FILE] [same options as ask]
      An agent turn: FILE holds OpenAI Chat Completions messages (system, user, assistant with tool_calls, tool
      with tool_call_id); --tools FILE an OpenAI tools array. Tool results are privacy-checked like everything
      else. Prints the answer and the tool calls the model asks for (--json: an AgentResponse with toolCalls).
  hybrid-agent demo [--json]
      Run the canonical scenarios on the built-in demo models.

Options: --verbose writes redacted routing events to stderr.  --help shows this text.
         --on-secret redact-for-cloud lets a request holding a secret go to the cloud with every secret replaced
         by a placeholder (put back in the answer on this machine); stay-local (the default) keeps it here.
Environment: HYBRID_LOCAL_BASE_URL, HYBRID_LOCAL_MODEL, HYBRID_LOCAL_API_KEY,
             HYBRID_CLOUD_BASE_URL, HYBRID_CLOUD_MODEL, HYBRID_CLOUD_API_KEY, HYBRID_CLOUD_PROJECT_ENDPOINT.
With no endpoints at all, ask uses the demo models and says so.
Exit codes: 0 done, 1 failed, 2 usage error, 130 cancelled.
`;

const MODE_FLAGS: Readonly<Record<string, Mode>> = {
  'auto': 'auto', 'local-only': 'localOnly', 'prefer-local': 'preferLocal', 'prefer-cloud': 'preferCloud',
};

const ON_SECRET_FLAGS: Readonly<Record<string, OnSecret>> = { 'stay-local': 'stayLocal', 'redact-for-cloud': 'redactForCloud' };

type ValueFlag = 'prompt' | 'force' | 'mode' | 'on-secret' | 'file' | 'local-base-url' | 'local-model' | 'cloud-base-url' | 'cloud-model' | 'cloud-project-endpoint'
  | 'messages' | 'tools';

/** Which flags each command accepts (beyond --json, --verbose, --help). */
const ACCEPTS: Readonly<Record<Command, readonly ValueFlag[]>> = {
  classify: ['prompt', 'file', 'mode', 'force', 'on-secret', 'local-base-url', 'local-model', 'messages', 'tools'],
  ask: ['prompt', 'file', 'force', 'mode', 'on-secret', 'local-base-url', 'local-model', 'cloud-base-url', 'cloud-model', 'cloud-project-endpoint', 'messages', 'tools'],
  demo: [],
};

export function parseArgs(argv: readonly string[]): ParsedArgs {
  if (argv.length === 0) {
    return usageError('a command is required');
  }
  if (argv.includes('--help') || argv.includes('-h') || argv[0] === 'help') {
    return { kind: 'help' };
  }
  const command = argv[0];
  if (command !== 'classify' && command !== 'ask' && command !== 'demo') {
    return usageError(`unknown command '${command}'`);
  }
  const values = new Map<ValueFlag, string>();
  const files: string[] = [];
  let json = false;
  let verbose = false;
  for (let i = 1; i < argv.length; i++) {
    const arg = argv[i];
    const eq = arg.startsWith('--') ? arg.indexOf('=') : -1;
    const name = eq > 0 ? arg.slice(2, eq) : arg.startsWith('--') ? arg.slice(2) : undefined;
    if (name === 'json' || name === 'verbose') {
      if (eq > 0) {
        return usageError(`--${name} takes no value`);
      }
      json ||= name === 'json';
      verbose ||= name === 'verbose';
      continue;
    }
    if (name === undefined) {
      return usageError(`unexpected argument '${arg}'`);
    }
    if (!(ACCEPTS[command] as readonly string[]).includes(name)) {
      return usageError(`${command} does not accept --${name}`);
    }
    const value = eq > 0 ? arg.slice(eq + 1) : argv[++i];
    if (value === undefined || (eq < 0 && value.startsWith('--'))) {
      return usageError(`--${name} needs a value`);
    }
    if (name === 'file') {
      files.push(value);
    } else if (values.has(name as ValueFlag)) {
      return usageError(`--${name} was given twice`);
    } else {
      values.set(name as ValueFlag, value);
    }
  }
  return checkValues(command, values, files, json, verbose);
}

function checkValues(command: Command, values: Map<ValueFlag, string>, files: string[], json: boolean, verbose: boolean): ParsedArgs {
  const force = values.get('force');
  if (force !== undefined && force !== 'local' && force !== 'cloud') {
    return usageError(`--force must be local or cloud, not '${force}'`);
  }
  const modeText = values.get('mode');
  const mode = modeText === undefined ? undefined : MODE_FLAGS[modeText];
  if (modeText !== undefined && mode === undefined) {
    return usageError(`--mode must be one of ${Object.keys(MODE_FLAGS).join(', ')}`);
  }
  const onSecretText = values.get('on-secret');
  const onSecret = onSecretText !== undefined && Object.hasOwn(ON_SECRET_FLAGS, onSecretText) ? ON_SECRET_FLAGS[onSecretText] : undefined;
  if (onSecretText !== undefined && onSecret === undefined) {
    return usageError(`--on-secret must be one of ${Object.keys(ON_SECRET_FLAGS).join(', ')}`);
  }
  if (values.has('messages') && values.has('prompt')) {
    return usageError('use either --messages FILE or --prompt TEXT, not both');
  }
  if (values.has('tools') && !values.has('messages')) {
    return usageError('--tools FILE needs --messages FILE (tools belong to an agent conversation)');
  }
  if (values.has('cloud-base-url') && values.has('cloud-project-endpoint')) {
    return usageError('use either --cloud-base-url or --cloud-project-endpoint, not both');
  }
  for (const flag of ['local-base-url', 'cloud-base-url', 'cloud-project-endpoint'] as const) {
    const url = values.get(flag);
    if (url !== undefined && !isHttpUrl(url)) {
      return usageError(`--${flag} must be an http(s) URL`);
    }
  }
  return {
    kind: 'run',
    options: {
      command, json, verbose, files, force, mode, onSecret,
      prompt: values.get('prompt'),
      localBaseUrl: values.get('local-base-url'),
      localModel: values.get('local-model'),
      cloudBaseUrl: values.get('cloud-base-url'),
      cloudModel: values.get('cloud-model'),
      cloudProjectEndpoint: values.get('cloud-project-endpoint'),
      messagesFile: values.get('messages'),
      toolsFile: values.get('tools'),
    },
  };
}

function usageError(message: string): ParsedArgs {
  return { kind: 'usage-error', message };
}
