import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { parseArgs, USAGE, type CliOptions } from './cli/args';
import { conversationOf, parseJson, toolsOf, type Parsed } from './cli/conversation';
import { runDemoScenarios } from './runtime/demoScenarios';
import { decisionJson, errorJson, renderEvent, responseJson } from './cli/render';
import { decisionText } from './present/decision';
import { demoResultText } from './present/documents';
import { errorLine } from './present/errors';
import { routeLine } from './present/route';
import { assembleService } from './runtime/hybridRuntime';
import { cliRouterConfig, resolveEndpoints } from './cli/setup';
import { askProviders, classifyProviders, type CliProviders, type Env } from './runtime/endpointProviders';
import type { RouterService } from './router/service';
import type { AskRequest, ContextReference, EventSink, HybridError } from './router/types';

/** Everything the command line touches, injectable so tests drive main() with fake stdio. */
export interface CliIo {
  /** The whole of standard input (read only when no --prompt is given). */
  readonly stdin: () => Promise<string>;
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  readonly env: Env;
  /** Fires on Ctrl-C. */
  readonly signal?: AbortSignal;
  /** Working directory for --file paths (default: the process's). */
  readonly cwd?: string;
}

export const EXIT_OK = 0;
export const EXIT_FAILED = 1;
export const EXIT_USAGE = 2;
export const EXIT_CANCELLED = 130;

/** The `hybrid-agent` command line. Returns the exit code; never throws. */
export async function main(argv: readonly string[], io: CliIo): Promise<number> {
  const parsed = parseArgs(argv);
  if (parsed.kind === 'help') {
    io.stdout(USAGE);
    return EXIT_OK;
  }
  if (parsed.kind === 'usage-error') {
    io.stderr(`hybrid-agent: ${parsed.message}\n\n${USAGE}`);
    return EXIT_USAGE;
  }
  const opts = parsed.options;
  const signal = io.signal ?? new AbortController().signal;
  try {
    switch (opts.command) {
      case 'demo': return await runDemo(opts, io, signal);
      case 'classify': return await runClassify(opts, io, signal);
      case 'ask': return await runAsk(opts, io, signal);
    }
  } catch (e) {
    // The edge of the CLI: one line, no stack trace, no message text that could echo input.
    io.stderr(`hybrid-agent: internal error (${e instanceof Error ? e.name : typeof e}); set HYBRID_DEBUG=1 for details\n`);
    if (io.env.HYBRID_DEBUG === '1' && e instanceof Error && e.stack) {
      io.stderr(e.stack + '\n');
    }
    return EXIT_FAILED;
  }
}

async function runClassify(opts: CliOptions, io: CliIo, signal: AbortSignal): Promise<number> {
  const setup = await prepare(opts, io, classifyProviders);
  if (typeof setup === 'number') {
    return setup;
  }
  const outcome = await serviceFor(opts, io, setup.providers).classify(setup.request, signal);
  if (outcome.kind === 'cancelled') {
    io.stderr(`hybrid-agent: cancelled [${outcome.correlationId}]\n`);
    return EXIT_CANCELLED;
  }
  if (outcome.kind === 'failed') {
    return reportError(outcome.error, opts, io);
  }
  if (opts.json) {
    io.stdout(JSON.stringify(decisionJson(outcome.decision), null, 2) + '\n');
  } else {
    setup.providers.notes.forEach(note => io.stderr(`note: ${note}\n`));
    io.stdout(decisionText(outcome.decision));
  }
  return EXIT_OK;
}

async function runAsk(opts: CliOptions, io: CliIo, signal: AbortSignal): Promise<number> {
  const setup = await prepare(opts, io, askProviders);
  if (typeof setup === 'number') {
    return setup;
  }
  if (!opts.json) {
    setup.providers.notes.forEach(note => io.stderr(`note: ${note}\n`));
  }
  let streamed = false;
  const onText = (text: string) => {
    if (!opts.json) {
      io.stdout(text);
      streamed = true;
    }
  };
  const outcome = await serviceFor(opts, io, setup.providers).ask(setup.request, signal, onText);
  if (outcome.kind === 'cancelled') {
    io.stderr(`${streamed ? '\n' : ''}hybrid-agent: cancelled [${outcome.correlationId}]\n`);
    return EXIT_CANCELLED;
  }
  if (outcome.kind === 'failed') {
    if (streamed) {
      io.stdout('\n');
    }
    return reportError(outcome.error, opts, io);
  }
  const r = outcome.response;
  if (opts.json) {
    io.stdout(JSON.stringify(responseJson(r), null, 2) + '\n');
  } else {
    const provider = [setup.providers.local, setup.providers.cloud].find(p => p?.id === r.provider);
    const calls = (r.toolCalls ?? []).map(c => `  ${c.name} ${JSON.stringify(c.arguments)}  [${c.id}]\n`).join('');
    io.stdout(`${calls ? `${streamed ? '\n\n' : ''}The model asks to call:\n${calls}` : ''}\n\n— ${routeLine(r, provider?.isDemo === true)}\ncorrelation id: ${r.correlationId}\n`);
  }
  return EXIT_OK;
}

async function runDemo(opts: CliOptions, io: CliIo, signal: AbortSignal): Promise<number> {
  const results = await runDemoScenarios(signal, opts.verbose ? stderrSink(io) : undefined);
  if (signal.aborted) {
    io.stderr('hybrid-agent: cancelled\n');
    return EXIT_CANCELLED;
  }
  if (opts.json) {
    io.stdout(JSON.stringify(results.map(({ scenario, expected, result }) => ({ scenario, expected, result: 'path' in result ? responseJson(result) : result })), null, 2) + '\n');
  } else {
    io.stdout('Hybrid Agent demo: the canonical routing scenarios on the built-in demo models (answers are labelled demo).\n\n');
    results.forEach((r, i) => io.stdout(demoResultText(r, i + 1)));
  }
  const failedCount = results.filter(r => r.mismatches.length > 0).length;
  if (!opts.json) {
    io.stdout(failedCount === 0 ? `All ${results.length} scenarios behaved as expected.\n` : `${failedCount} of ${results.length} scenarios did not behave as expected.\n`);
  }
  results.filter(r => r.mismatches.length > 0).forEach(r => io.stderr(`hybrid-agent: demo scenario failed: ${r.scenario}: ${r.mismatches.join('; ')}\n`));
  return failedCount === 0 ? EXIT_OK : EXIT_FAILED;
}

// ---------------------------------------------------------------------------------------------------------------

/** Resolves endpoints, builds providers, reads the prompt and files. Returns an exit code when it cannot. */
async function prepare(
  opts: CliOptions, io: CliIo, providersFor: typeof askProviders,
): Promise<{ request: AskRequest; providers: CliProviders } | number> {
  const endpoints = resolveEndpoints(opts, io.env);
  if ('usageError' in endpoints) {
    io.stderr(`hybrid-agent: ${endpoints.usageError}\n`);
    return EXIT_USAGE;
  }
  const references: ContextReference[] = [];
  for (const file of opts.files) {
    const path = resolve(io.cwd ?? process.cwd(), file);
    try {
      // Read bytes and decode: NUL bytes survive decoding, so the service can report binary files by name.
      const bytes = await readFile(path);
      references.push({ kind: 'file', name: file, path, content: new TextDecoder('utf-8').decode(bytes), id: 'cli.file' });
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code ?? 'unreadable';
      io.stderr(`hybrid-agent: cannot read --file ${file} (${code})\n`);
      return EXIT_FAILED;
    }
  }
  const base = { references, force: opts.force, mode: opts.mode };
  if (opts.messagesFile === undefined) {
    const prompt = opts.prompt ?? (await io.stdin());
    return { request: { prompt, ...base }, providers: providersFor(endpoints, io.env) };
  }
  const conversation = await readJsonFile('--messages', opts.messagesFile, io, conversationOf);
  const tools = opts.toolsFile === undefined ? undefined : await readJsonFile('--tools', opts.toolsFile, io, toolsOf);
  if (!conversation || tools === null) {
    return EXIT_FAILED;
  }
  return { request: { ...conversation, ...base, ...(tools && tools.length > 0 ? { tools } : {}) }, providers: providersFor(endpoints, io.env) };
}

const READ_ERRORS: Readonly<Record<string, string>> = { ENOENT: 'no such file', EACCES: 'permission denied', EISDIR: 'it is a directory' };

/**
 * Reads and checks a JSON file given by `flag`. On a problem, one stderr line naming the flag, the file and what is
 * wrong (never the file's content), and null.
 */
async function readJsonFile<T>(flag: string, file: string, io: CliIo, convert: (json: unknown) => Parsed<T>): Promise<T | null> {
  let text: string;
  try {
    text = await readFile(resolve(io.cwd ?? process.cwd(), file), 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code ?? 'unreadable';
    io.stderr(`hybrid-agent: cannot read ${flag} ${file} (${READ_ERRORS[code] ?? code})\n`);
    return null;
  }
  const json = parseJson(text);
  const value = json.ok ? convert(json.value) : json;
  if (!value.ok) {
    io.stderr(`hybrid-agent: ${flag} ${file} ${json.ok ? `is not usable: ${value.problem}` : value.problem}\n`);
    return null;
  }
  return value.value;
}

function serviceFor(opts: CliOptions, io: CliIo, providers: CliProviders): RouterService {
  const config = cliRouterConfig(opts.mode, opts.onSecret);
  return assembleService(providers, { config: () => config, events: opts.verbose ? stderrSink(io) : undefined });
}

function reportError(error: HybridError, opts: CliOptions, io: CliIo): number {
  if (opts.json) {
    io.stdout(errorJson(error));
  }
  io.stderr(errorLine(error));
  return EXIT_FAILED;
}

function stderrSink(io: CliIo): EventSink {
  return { emit: event => io.stderr(renderEvent(event)) };
}

async function readStdin(): Promise<string> {
  if (process.stdin.isTTY) {
    process.stderr.write('hybrid-agent: type the prompt, then Ctrl-D (or pass --prompt TEXT)\n');
  }
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) {
    chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

if (require.main === module) {
  const controller = new AbortController();
  process.once('SIGINT', () => controller.abort());
  void main(process.argv.slice(2), {
    stdin: readStdin,
    stdout: text => { process.stdout.write(text); },
    stderr: text => { process.stderr.write(text); },
    env: process.env,
    signal: controller.signal,
  }).then(code => { process.exitCode = code; });
}
