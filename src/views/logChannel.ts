/**
 * The routing log: every RouteEvent becomes one line `[component] message {correlationId=…, k=v …}` written at the
 * event's level to the "Hybrid Agent" LogOutputChannel, which honours the log level the person sets.
 * Events are redacted by the core already; a last guard here masks anything that still looks like a token.
 */
import { maskPreview } from '../router/privacy/mask';
import { correlationIdOf, decisionOf, type RouteRecord } from '../router/routeLog';
import type { EventSink, RouteEvent } from '../router/types';

/** The part of vscode.LogOutputChannel this sink writes to (plain interface: testable without VS Code). */
export interface LevelLogger {
  trace(message: string): void;
  debug(message: string): void;
  info(message: string): void;
  warn(message: string): void;
  error(message: string | Error): void;
}

export const LOG_CHANNEL_NAME = 'Hybrid Agent';
/** Demo-scenario events have their own channel, so the routing log holds only real requests. */
export const DEMO_CHANNEL_NAME = 'Hybrid Agent Demo';

// 32+ characters of token alphabet: long enough that no ordinary word or path segment matches.
const TOKEN_LIKE = /[A-Za-z0-9+/_=-]{32,}/g;
const UUID_LIKE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Masks token-like runs the way findings are masked: a public format prefix at most (keeps UUIDs readable). */
export function maskTokens(text: string): string {
  return text.replace(TOKEN_LIKE, run => (UUID_LIKE.test(run) ? run : maskPreview(run, 'secret')));
}

/** `[router] decision: local {correlationId=…, privacy=restricted, rules=github-token}`. */
export function formatEventLine(event: RouteEvent): string {
  const pairs = [`correlationId=${event.correlationId}`];
  for (const [key, value] of Object.entries(event.data ?? {})) {
    pairs.push(`${key}=${formatValue(value)}`);
  }
  return maskTokens(`[${event.component}] ${event.message} {${pairs.join(', ')}}`);
}

function formatValue(value: string | number | boolean | null): string {
  if (typeof value === 'string') { return /[\s,{}=]/.test(value) ? JSON.stringify(value) : value; }
  return String(value);
}

/**
 * One line per finished agent turn, tying the turns of a session together: where it went, the tools it called and
 * whose results it carried, by name only (arguments and results never reach the log).
 * `[agent] session lm-1a2b turn 2: local (restricted); called read_file; results sent: read_file {correlationId=…}`.
 */
export function formatAgentLine(record: RouteRecord): string | undefined {
  const agent = record.agent;
  if (!agent) { return undefined; }
  const decision = decisionOf(record);
  const where = record.kind === 'answered' ? record.response.path : record.kind === 'failed' ? `failed (${record.error.code})` : record.kind === 'cancelled' ? 'cancelled' : `classified ${decision?.target ?? ''}`;
  const privacy = decision?.privacy === 'restricted' ? ' (restricted)' : '';
  const parts = [`[agent] session ${agent.sessionId} turn ${agent.turn}: ${where}${privacy}`];
  parts.push(agent.toolCalls.length ? `called ${agent.toolCalls.join(', ')}` : 'no tool called');
  if (agent.toolResults.length) { parts.push(`results sent: ${agent.toolResults.join(', ')}`); }
  return maskTokens(`${parts.join('; ')} {correlationId=${correlationIdOf(record)}, toolsOffered=${agent.toolsOffered}}`);
}

/** EventSink writing to a LogOutputChannel, keeping the last lines in memory for tests and "Open in log". */
export class LogChannelSink implements EventSink {
  private readonly recentLines: string[] = [];

  constructor(private readonly channel: LevelLogger, private readonly capacity = 500) {}

  emit(event: RouteEvent): void {
    this.write(event.level, formatEventLine(event));
  }

  /** For messages of the extension itself (activation, settings ignored), tagged `[extension]`. */
  note(level: RouteEvent['level'], message: string): void {
    this.write(level, maskTokens(`[extension] ${message}`));
  }

  /** The agent line of a finished turn (nothing for a request outside an agent loop). */
  agentTurn(record: RouteRecord): void {
    const line = formatAgentLine(record);
    if (line) { this.write('info', line); }
  }

  /** Logs an unexpected error once, with its stack, at the edge that caught it. */
  unexpected(where: string, error: unknown): void {
    const detail = error instanceof Error ? (error.stack ?? `${error.name}: ${error.message}`) : String(error);
    this.write('error', maskTokens(`[extension] unexpected error in ${where}: ${detail}`));
  }

  /** The last lines written (newest last), exactly as written to the channel. */
  lines(): readonly string[] {
    return [...this.recentLines];
  }

  /** Lines that mention a correlation id. */
  linesFor(correlationId: string): readonly string[] {
    return this.recentLines.filter(l => l.includes(`correlationId=${correlationId}`));
  }

  private write(level: RouteEvent['level'], line: string): void {
    this.recentLines.push(line);
    if (this.recentLines.length > this.capacity) { this.recentLines.splice(0, this.recentLines.length - this.capacity); }
    try {
      this.channel[level](line);
    } catch {
      // The channel is closed at shutdown; losing a line then is expected.
    }
  }
}
