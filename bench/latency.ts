/**
 * Child: stage-1 decision latency, p50/p99, for the three request sizes of issue #5.
 *   node --expose-gc out/bench/latency.js
 * Two views of the same work: the pure functions (checkPrivacy + assessComplexity + decide) and
 * RouterService.classify with no router model (adds correlation id, events and the route log).
 */
import { assessComplexity } from '../src/router/complexity';
import { decide } from '../src/router/policy';
import { checkPrivacy } from '../src/router/privacyGate';
import { RouterService } from '../src/router/service';
import type { AskRequest } from '../src/router/types';
import { describeError, latencies, percentile, report, runMain } from './harness';
import { STAGE1_CASES, benchConfig, unusedProvider } from './stage1';

const config = benchConfig();

function stage1(req: AskRequest): void {
  const privacy = checkPrivacy(req, config);
  const complexity = assessComplexity(req, { localContextTokens: config.localContextTokens });
  decide({
    correlationId: 'bench',
    privacy,
    complexity,
    routerSkipped: 'no router model configured',
    mode: config.mode,
    spentTodayUsd: 0,
    config,
  });
}

function countsFor(bytes: number): { count: number; warmup: number } {
  if (bytes < 10_000) return { count: 5000, warmup: 500 };
  if (bytes < 100_000) return { count: 2000, warmup: 200 };
  return { count: 300, warmup: 30 };
}

function sizeOf(req: AskRequest): number {
  return req.prompt.length + (req.references ?? []).reduce((n, r) => n + (r.content?.length ?? 0), 0);
}

runMain('latency', async () => {
  const service = new RouterService({ config: () => config, local: unusedProvider('local'), cloud: unusedProvider('cloud') });
  const signal = new AbortController().signal;
  for (const c of STAGE1_CASES) {
    const req = c.request();
    const { count, warmup } = countsFor(sizeOf(req));
    const variants: ReadonlyArray<[string, () => unknown]> = [
      ['functions', () => stage1(req)],
      ['classify', async () => {
        const outcome = await service.classify(req, signal);
        if (outcome.kind !== 'classified') throw new Error(`classify ${outcome.kind}`);
      }],
    ];
    for (const [variant, op] of variants) {
      try {
        const { wall, cpu } = await latencies(op, count, warmup);
        report({
          bench: 'latency', case: c.name, variant, bytes: sizeOf(req), runs: wall.length,
          p50: percentile(wall, 50), p99: percentile(wall, 99), cpuP50: percentile(cpu, 50), cpuP99: percentile(cpu, 99),
        });
      } catch (e) {
        report({ bench: 'latency', case: c.name, variant, error: describeError(e) });
      }
    }
  }
});
