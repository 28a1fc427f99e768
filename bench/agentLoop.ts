/**
 * Child: the router's overhead per agent turn. A 30-turn agent loop where every turn adds a tool call and its
 * result, about 200 KB of tool results in all, resent with the whole history each turn as agents do. Each turn is
 * one RouterService.ask() on instant in-memory models (they answer with the next tool call at once), so the time is
 * the router's: validation, the privacy gate, stage 1, policy, message building. With the per-part scan cache (the
 * default) and without it, loops alternating in this one process; a fresh service per loop, so no loop starts warm.
 * With the cache, a turn still hashes every part and scans the one new tool result; that scan's own spread (some
 * 7 KB chunks take several ms on first sight) and preemption on a busy machine make the tail.
 *   node --expose-gc out/bench/agentLoop.js [--quick]
 */
import { RouterService } from '../src/router/service';
import type { ChatEvent, ChatTurn, ModelProvider, ProviderRequest, RouterConfig, ToolCall } from '../src/router/types';
import { DEFAULT_ROUTER_CONFIG } from '../src/router/defaults';
import { median, percentile, report, runMain } from './harness';
import { mixedSource } from './inputs';

const TURNS = 30;
const RESULT_BYTES = 200 * 1024;
const TASK = 'Find why the session refresh fails intermittently and propose a fix across the auth and storage modules.';
const TOOLS = [
  { name: 'read_file', description: 'Read a workspace file', parameters: { type: 'object', properties: { path: { type: 'string' } } } },
  { name: 'grep_search', description: 'Search the workspace', parameters: { type: 'object', properties: { query: { type: 'string' } } } },
];

/** A model that answers every request at once with the next tool call: its own time is nil. */
class InstantAgent implements ModelProvider {
  readonly id;
  readonly label;
  readonly model;
  readonly isDemo = false;
  constructor(readonly target: 'local' | 'cloud') {
    this.id = target === 'local' ? 'openai-local' as const : 'openai-cloud' as const;
    this.label = `instant ${target}`;
    this.model = `instant-${target}`;
  }
  async probe() { return { available: true }; }
  async *chat(req: ProviderRequest): AsyncIterable<ChatEvent> {
    const turn = req.messages.filter(m => m.role === 'tool').length + 1;
    yield { kind: 'tool_call', call: { id: `call_${turn}`, name: 'read_file', arguments: { path: `src/module${turn}.ts` } } };
    yield { kind: 'done', model: this.model, usage: { promptTokens: 1, completionTokens: 1 } };
  }
}

/** The tool results of one loop: distinct per loop, so a loop never finds another loop's parts in its cache. */
function results(loop: number): string[] {
  const text = mixedSource(RESULT_BYTES, 0xa6e7 + loop, 0).text;
  const size = Math.ceil(text.length / TURNS);
  return Array.from({ length: TURNS }, (_, i) => text.slice(i * size, (i + 1) * size));
}

/**
 * Runs one loop; returns the wall and process CPU time of each turn's ask() in ms (CPU time is immune to being
 * descheduled on a busy machine; it includes GC threads), and the privacy of the last turn.
 */
async function runLoop(cached: boolean, loop: number, outputs = results(loop)): Promise<{ perTurn: number[]; cpuPerTurn: number[]; privacy: string; paths: Set<string> }> {
  const config: RouterConfig = { ...DEFAULT_ROUTER_CONFIG, localContextTokens: 1_000_000 };
  const service = new RouterService({ config: () => config, local: new InstantAgent('local'), cloud: new InstantAgent('cloud'), scanCache: cached ? undefined : false });
  const signal = new AbortController().signal;
  const history: ChatTurn[] = [];
  const perTurn: number[] = [];
  const cpuPerTurn: number[] = [];
  const paths = new Set<string>();
  let privacy = '';
  for (let turn = 1; turn <= TURNS; turn++) {
    const req = { prompt: turn === 1 ? TASK : '', history: turn === 1 ? [] : history, tools: TOOLS, agentTurn: { sessionId: `loop-${loop}`, turn } };
    const cpuStart = process.cpuUsage();
    const start = performance.now();
    const outcome = await service.ask(req, signal, () => undefined);
    perTurn.push(performance.now() - start);
    const cpu = process.cpuUsage(cpuStart);
    cpuPerTurn.push((cpu.user + cpu.system) / 1000);
    if (outcome.kind !== 'answered' || !outcome.response.toolCalls) {
      throw new Error(`turn ${turn}: ${outcome.kind === 'failed' ? outcome.error.code : outcome.kind}`);
    }
    privacy = outcome.response.privacy;
    paths.add(outcome.response.path);
    if (turn === 1) {
      history.push({ role: 'user', content: TASK });
    }
    const call: ToolCall = outcome.response.toolCalls[0];
    history.push({ role: 'assistant', content: '', toolCalls: [call] }, { role: 'tool', content: outputs[turn - 1], toolCallId: call.id });
  }
  return { perTurn, cpuPerTurn, privacy, paths };
}

runMain('agentloop', async () => {
  const loops = process.argv.includes('--quick') ? 6 : 20;
  // Warm-up loops (JIT, rule compilation), not counted.
  for (let i = 0; i < 3; i++) {
    await runLoop(true, 1000 + i);
    await runLoop(false, 1100 + i);
  }
  const turns: Record<'cached' | 'uncached', number[]> = { cached: [], uncached: [] };
  const cpuTurns: Record<'cached' | 'uncached', number[]> = { cached: [], uncached: [] };
  const lastTurn: Record<'cached' | 'uncached', number[]> = { cached: [], uncached: [] };
  // Each turn's best time over all loops: what the router costs when the machine lets it run (preemption removed).
  const best: Record<'cached' | 'uncached', number[]> = { cached: Array(TURNS).fill(Infinity), uncached: Array(TURNS).fill(Infinity) };
  let privacy = '';
  const paths = new Set<string>();
  // The tool results of every loop are generated before any loop is timed: the generator's garbage is the bench's,
  // and collecting it in the middle of a turn would be billed to the router.
  const outputs = Array.from({ length: loops }, (_, loop) => results(loop));
  for (let loop = 0; loop < loops; loop++) {
    // Alternate which variant runs first, so drift on a busy machine falls on both alike.
    const order: ('cached' | 'uncached')[] = loop % 2 === 0 ? ['cached', 'uncached'] : ['uncached', 'cached'];
    for (const variant of order) {
      const run = await runLoop(variant === 'cached', loop, outputs[loop]);
      turns[variant].push(...run.perTurn);
      cpuTurns[variant].push(...run.cpuPerTurn);
      lastTurn[variant].push(run.perTurn[TURNS - 1]);
      run.perTurn.forEach((ms, i) => { best[variant][i] = Math.min(best[variant][i], ms); });
      privacy = run.privacy;
      run.paths.forEach(p => paths.add(p));
    }
  }
  const summary = (values: number[]) => ({ p50: median(values), p99: percentile(values, 99), mean: values.reduce((a, b) => a + b, 0) / values.length });
  report({
    bench: 'agentloop', turns: TURNS, loops, resultBytes: RESULT_BYTES, privacy, paths: [...paths].join(','),
    cached: summary(turns.cached), uncached: summary(turns.uncached),
    cachedCpu: summary(cpuTurns.cached), uncachedCpu: summary(cpuTurns.uncached),
    cachedLastTurnP50: median(lastTurn.cached), uncachedLastTurnP50: median(lastTurn.uncached),
    cachedBestMax: Math.max(...best.cached), uncachedBestMax: Math.max(...best.uncached),
    samples: turns.cached.length,
  });
});
