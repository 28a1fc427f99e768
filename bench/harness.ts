/**
 * Measurement helpers shared by the benchmark children. Each child prints one `BENCH_JSON <json>` line per
 * measurement on stdout; scripts/bench.mjs collects them into rows. Benchmarks report; they never assert timings.
 */

export interface Samples {
  /** Milliseconds per operation, one value per sample (a sample may batch several operations). */
  readonly perOpMs: readonly number[];
  readonly opsPerSample: number;
}

export interface SampleOptions {
  /** Untimed calls first, so the JIT and caches settle: at least this long… */
  readonly warmupMs?: number;
  /** …and at least this many operations. */
  readonly warmupOps?: number;
  /** Batch operations until one sample lasts at least this long (timer resolution, loop overhead). */
  readonly minSampleMs?: number;
  readonly minSamples?: number;
  readonly maxSamples?: number;
  /** Stop taking samples after this much time (once minSamples are in). */
  readonly budgetMs?: number;
}

const gc: (() => void) | undefined = (globalThis as { gc?: () => void }).gc;

/** Runs `op` repeatedly and returns per-operation times. `op` may be sync or async. */
export async function sample(op: () => unknown, options: SampleOptions = {}): Promise<Samples> {
  const { warmupMs = 300, warmupOps = 5, minSampleMs = 20, minSamples = 5, maxSamples = 31, budgetMs = 2500 } = options;
  const runBatch = async (count: number): Promise<number> => {
    const start = performance.now();
    for (let i = 0; i < count; i++) {
      const result = op();
      if (result instanceof Promise) await result;
    }
    return performance.now() - start;
  };
  // Warm up and calibrate the batch size at the same time (bounded, in case one operation is very slow).
  let opsPerSample = 1;
  let warmed = 0;
  const warmupStart = performance.now();
  for (;;) {
    const took = await runBatch(opsPerSample);
    warmed += opsPerSample;
    const elapsed = performance.now() - warmupStart;
    if (elapsed >= Math.max(warmupMs * 4, 10_000)) break;
    if (took < minSampleMs && opsPerSample < 1 << 20) {
      opsPerSample *= 2;
    } else if (elapsed >= warmupMs && warmed >= warmupOps) {
      break;
    }
  }
  const perOpMs: number[] = [];
  const start = performance.now();
  // No forced gc() between samples: a full GC also clears V8's regexp compilation cache and flushes code, which
  // made every sample pay for recompiling (measured: 2–4× slower and noisier than natural GC).
  while (perOpMs.length < maxSamples && (perOpMs.length < minSamples || performance.now() - start < budgetMs)) {
    perOpMs.push((await runBatch(opsPerSample)) / opsPerSample);
  }
  return { perOpMs, opsPerSample };
}

/**
 * `sample` for several operations at once, their samples interleaved (the order turning each round), so that a
 * machine that changes speed while the run goes on (a shared VM can halve its speed for seconds) slows them alike
 * and their ratio stays true. Each operation is warmed up and batched on its own.
 */
export async function sampleInterleaved<K extends string>(ops: Record<K, () => unknown>, options: SampleOptions = {}): Promise<Record<K, Samples>> {
  const { minSamples = 5, maxSamples = 31, budgetMs = 2500 } = options;
  const names = Object.keys(ops) as K[];
  const batches = {} as Record<K, number>;
  for (const name of names) {
    // A short sample() calibrates the batch size and warms the operation up.
    batches[name] = (await sample(ops[name], { ...options, minSamples: 1, maxSamples: 1, budgetMs: 0 })).opsPerSample;
  }
  const perOp = Object.fromEntries(names.map(n => [n, [] as number[]])) as Record<K, number[]>;
  const start = performance.now();
  for (let round = 0; round < maxSamples && (round < minSamples || performance.now() - start < budgetMs * names.length); round++) {
    const order = round % 2 === 0 ? names : [...names].reverse();
    for (const name of order) {
      const began = performance.now();
      for (let i = 0; i < batches[name]; i++) {
        const result = ops[name]();
        if (result instanceof Promise) await result;
      }
      perOp[name].push((performance.now() - began) / batches[name]);
    }
  }
  return Object.fromEntries(names.map(n => [n, { perOpMs: perOp[n], opsPerSample: batches[n] }])) as unknown as Record<K, Samples>;
}

/** Wall-clock and process CPU time of each call, in ms. */
export interface Latencies {
  readonly wall: number[];
  /** User + system CPU of the whole process (GC threads included), immune to being descheduled on a busy machine. */
  readonly cpu: number[];
}

/** Times each call separately (for latency percentiles). */
export async function latencies(op: () => unknown, count: number, warmup: number): Promise<Latencies> {
  gc?.(); // before the warm-up, so the timed calls start from warm code on a clean heap
  for (let i = 0; i < warmup; i++) {
    const result = op();
    if (result instanceof Promise) await result;
  }
  const wall: number[] = [];
  const cpu: number[] = [];
  for (let i = 0; i < count; i++) {
    const cpuStart = process.cpuUsage();
    const start = performance.now();
    const result = op();
    if (result instanceof Promise) await result;
    wall.push(performance.now() - start);
    const used = process.cpuUsage(cpuStart);
    cpu.push((used.user + used.system) / 1000);
  }
  return { wall, cpu };
}

/** Nearest-rank percentile of unsorted values (p in 0..100). */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))];
}

export function median(values: readonly number[]): number {
  return percentile(values, 50);
}

/** Prints one measurement for scripts/bench.mjs. */
export function report(measurement: Record<string, unknown>): void {
  process.stdout.write(`BENCH_JSON ${JSON.stringify(measurement)}\n`);
}

/** The message of an error without its stack, for a `pending` row. */
export function describeError(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/** Runs a child's main and reports a failure as a measurement instead of a crash. */
export function runMain(name: string, main: () => Promise<void>): void {
  main().catch(e => {
    report({ bench: name, error: describeError(e) });
    process.exitCode = 1;
  });
}
