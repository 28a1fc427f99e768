// Turns the children's measurements into result rows { name, unit, ours, baseline, ratio, runs, target, met, note }.
// ratio > 1 always means "ours is better": baseline time ÷ our time (the same as our MB/s ÷ baseline MB/s),
// or ours ÷ baseline for counts where more is better (planted secrets found).

export const ORDINARY = ['1kb-prompt', '100kb-file', '1mb-mixed', '10mb-mixed'];
export const REAL_CODE = ['node_modules', 'python-stdlib'];
export const ADVERSARIAL = ['adv-long-line', 'adv-base64', 'adv-base64-fresh', 'adv-near-miss', 'adv-password-repeat', 'adv-begin-repeat', 'adv-begin-blocks',
  'adv-card-groups', 'adv-quote-repeat', 'adv-table-rows', 'adv-string-joins', 'adv-unclosed-calls', 'adv-token-run'];

const round = (v, digits = 3) => (typeof v === 'number' && Number.isFinite(v) ? Number(v.toPrecision(digits)) : null);

function row(name, unit, ours, baseline, ratio, runs, extra = {}) {
  return { name, unit, ours: round(ours), baseline: round(baseline), ratio: round(ratio), runs: runs ?? null, ...extra };
}

function pending(name, unit, why) {
  return { name, unit, ours: null, baseline: null, ratio: null, runs: null, pending: true, note: `pending: ${why}` };
}

const speedup = (ours, base) => (ours && base ? ours / base : null);

function scanRows(find) {
  const rows = [];
  for (const input of ORDINARY) {
    const o = find('scan', m => m.engine === 'ours' && m.input === input);
    const b = find('scan', m => m.engine === 'secretlint' && m.input === input);
    const name = `scan throughput, ${input}`;
    if (!o || o.error) { rows.push(pending(name, 'MB/s', o?.error ?? 'no measurement')); continue; }
    const target = input === '1mb-mixed' ? { target: '>= 200 MB/s (issue 5); >= 100 MB/s (issue 2); faster than secretlint', met: o.mbPerS >= 200 && (!b?.mbPerS || o.mbPerS > b.mbPerS) } : {};
    rows.push(row(name, 'MB/s', o.mbPerS, b?.mbPerS, speedup(o.mbPerS, b?.mbPerS), o.runs, { ...target, note: `median ${round(o.medianMs)} ms per scan${b?.mbPerS ? `; secretlint ${round(b.medianMs)} ms (${b.runs} runs)` : ''}` }));
    if (o.plantedTotal > 0) {
      const note = `planted ${o.plantedTotal} (${JSON.stringify(o.plantedByCategory)}); ours missed ${JSON.stringify(o.missedKinds)}; secretlint missed ${JSON.stringify(b?.missedKinds ?? [])}; total findings ours ${o.findings}, secretlint ${b?.findings ?? 'n/a'}`;
      rows.push(row(`planted secrets found, ${input}`, `of ${o.plantedTotal}`, o.plantedFound, b?.plantedFound, speedup(o.plantedFound, b?.plantedFound), 1,
        input === '1mb-mixed' ? { target: 'find more than secretlint', met: b ? o.plantedFound > b.plantedFound : null, note } : { note }));
    }
  }
  const scaling = engine => {
    const one = find('scan', m => m.engine === engine && m.input === '1mb-mixed');
    const ten = find('scan', m => m.engine === engine && m.input === '10mb-mixed');
    return one?.medianMs && ten?.medianMs ? ten.medianMs / one.medianMs : null;
  };
  const s = scaling('ours');
  rows.push(s ? row('linear scaling: time(10 MB) ÷ time(1 MB)', 'x', s, scaling('secretlint'), null, null, { target: '≈ 10 (8–12)', met: s >= 8 && s <= 12 }) : pending('linear scaling: time(10 MB) ÷ time(1 MB)', 'x', 'scan not measured'));
  return rows;
}

function adversarialRows(find) {
  const rows = [];
  const ordinary = find('scan', m => m.engine === 'ours' && m.input === '1mb-mixed');
  const ordinaryBase = find('scan', m => m.engine === 'secretlint' && m.input === '1mb-mixed');
  for (const adv of ADVERSARIAL) {
    const o1 = find('scan', m => m.engine === 'ours' && m.input === `${adv}:1`);
    const o4 = find('scan', m => m.engine === 'ours' && m.input === `${adv}:4`);
    const b1 = find('scan', m => m.engine === 'secretlint' && m.input === `${adv}:1`);
    const b4 = find('scan', m => m.engine === 'secretlint' && m.input === `${adv}:4`);
    if (!o1 || o1.error) { rows.push(pending(`adversarial ${adv}, 1 MB`, 'MB/s', o1?.error ?? 'no measurement')); continue; }
    rows.push(row(`adversarial ${adv}, 1 MB`, 'MB/s', o1.mbPerS, b1?.mbPerS, speedup(o1.mbPerS, b1?.mbPerS), o1.runs,
      { note: `findings ours ${o1.findings}, secretlint ${b1?.findings ?? (b1?.error ? 'error' : 'n/a')}` }));
    if (ordinary?.medianMs) {
      const slow = o1.medianMs / ordinary.medianMs;
      rows.push(row(`adversarial ${adv}: time per MB ÷ ordinary 1 MB`, 'x', slow, b1?.medianMs && ordinaryBase?.medianMs ? b1.medianMs / ordinaryBase.medianMs : null, null, o1.runs,
        { target: '<= 3 (stays near ordinary input)', met: slow <= 3 }));
    }
    if (o4?.medianMs) {
      const grow = o4.medianMs / o1.medianMs;
      rows.push(row(`adversarial ${adv}: time(4 MB) ÷ time(1 MB)`, 'x', grow, b4?.medianMs && b1?.medianMs ? b4.medianMs / b1.medianMs : null, null, o4.runs,
        { target: '≈ 4 (3–5.5): linear', met: grow >= 3 && grow <= 5.5 }));
    }
  }
  const nearMiss = find('scan', m => m.engine === 'ours' && m.input === 'adv-near-miss:1');
  const nearMissBase = find('scan', m => m.engine === 'secretlint' && m.input === 'adv-near-miss:1');
  if (nearMiss && !nearMiss.error) {
    rows.push(row('false positives on 1 MB of near-miss tokens', 'findings', nearMiss.findings, nearMissBase?.findings, null, 1,
      { target: '0 (placeholders, short tokens, hashes, ids, bad Luhn)', met: nearMiss.findings === 0 }));
  }
  return rows;
}

function realCodeRows(find) {
  const rows = [];
  for (const part of REAL_CODE) {
    const o = find('realcode', m => m.engine === 'ours' && m.part === part);
    const b = find('realcode', m => m.engine === 'secretlint' && m.part === part);
    const name = `real code scan, ${part}`;
    if (!o || o.error) { rows.push(pending(name, 'MB/s', o?.error ?? 'no measurement')); continue; }
    const size = `${o.files} text files, ${round(o.bytes / 1024 / 1024)} MB, scanned file by file`;
    rows.push(row(name, 'MB/s', o.mbPerS, b?.mbPerS, speedup(o.mbPerS, b?.mbPerS), 1,
      { target: 'faster than secretlint', met: b?.mbPerS ? o.mbPerS > b.mbPerS : null, note: `${size}; ours ${round(o.scanMs / 1000)} s, secretlint ${b?.scanMs ? `${round(b.scanMs / 1000)} s` : b?.error ?? 'n/a'}` }));
    rows.push(row(`real code files flagged, ${part}`, 'files', o.flagged, b?.flagged, null, 1,
      { note: 'files with any finding (content rules only); which are true positives: npm run eval:privacy and test/fixtures/realcode-reviewed.json' }));
  }
  return rows;
}

function latencyRows(find) {
  const rows = [];
  for (const variant of ['functions', 'classify']) {
    for (const c of ['100 B prompt', '4 KB prompt + 20 KB selection', '200 KB of references']) {
      const m = find('latency', x => x.variant === variant && x.case === c);
      const label = variant === 'functions' ? 'stage-1 (checkPrivacy+assessComplexity+decide)' : 'stage-1 via service.classify';
      if (!m || m.error) { rows.push(pending(`${label} p99, ${c}`, 'ms', m?.error ?? 'no measurement')); continue; }
      const middle = c.startsWith('4 KB');
      const cpu = { note: `CPU time (process user+system, not affected by being descheduled): p50 ${round(m.cpuP50)} ms, p99 ${round(m.cpuP99)} ms` };
      rows.push(row(`${label} p50, ${c}`, 'ms', m.p50, null, null, m.runs, cpu));
      rows.push(row(`${label} p99, ${c}`, 'ms', m.p99, null, null, m.runs,
        middle ? { target: '<= 2 ms (issue 5); <= 5 ms (issue 2)', met: m.p99 <= 2, ...cpu } : cpu));
    }
  }
  return rows;
}

function streamingRows(find) {
  const m = find('streaming', () => true);
  if (!m || m.error) return [pending('router overhead on time to first token', 'ms', m?.error ?? 'no measurement')];
  return [
    row('time to first token, provider called directly', 'ms', m.directP50, null, null, m.runs, { note: `p90 ${round(m.directP90)} ms; provider ${m.provider}` }),
    row('time to first token, through RouterService.ask', 'ms', m.serviceP50, m.directP50, m.directP50 / m.serviceP50, m.runs, { note: `p90 ${round(m.serviceP90)} ms` }),
    row('router overhead on time to first token (median of pairs)', 'ms', m.addedMedianOfPairs, null, null, m.runs,
      { target: '<= 5 ms added', met: m.addedMedianOfPairs <= 5, note: `difference of medians ${round(m.addedP50)} ms` }),
  ];
}

// Redaction for the cloud (issue 12): what the redacted copy adds to the gate on a 100 KB request with about 50
// findings (target <= 2 ms), and restoring a streamed 20 KB answer with 50 placeholders (target <= 1 ms per 1,000 chunks).
function agentLoopRows(find) {
  const m = find('agentloop', () => true);
  const name = 'agent loop: router overhead per turn, 30 turns, 200 KB of tool results';
  if (!m || m.error) return [pending(name, 'ms', m?.error ?? 'no measurement')];
  const speed = (c, u) => (c > 0 ? u / c : null);
  const note = `${m.loops} loops × ${m.turns} turns per variant, alternating in one process, a fresh service per loop; privacy ${m.privacy}, served ${m.paths}`;
  return [
    row(`${name}, p99 wall (with the per-part scan cache vs without)`, 'ms', m.cached.p99, m.uncached.p99, speed(m.cached.p99, m.uncached.p99), m.samples,
      { target: '<= 2 ms p99 with the cache (issue 11)', met: m.cached.p99 <= 2, note: `${note}; wall time includes preemption on a shared machine (see the load-average row)` }),
    row(`${name}, p50 wall`, 'ms', m.cached.p50, m.uncached.p50, speed(m.cached.p50, m.uncached.p50), m.samples, { note: `mean ${round(m.cached.mean)} vs ${round(m.uncached.mean)} ms` }),
    row(`${name}, p99 process CPU`, 'ms', m.cachedCpu.p99, m.uncachedCpu.p99, speed(m.cachedCpu.p99, m.uncachedCpu.p99), m.samples,
      { note: `p50 ${round(m.cachedCpu.p50)} vs ${round(m.uncachedCpu.p50)} ms; CPU time is counted in scheduler ticks, so single turns round up to a tick` }),
    row(`${name}, slowest turn's best time over all loops`, 'ms', m.cachedBestMax, m.uncachedBestMax, speed(m.cachedBestMax, m.uncachedBestMax), m.loops,
      { target: '<= 2 ms with the cache', met: m.cachedBestMax <= 2, note: `last turn (all 200 KB resent) p50 ${round(m.cachedLastTurnP50)} vs ${round(m.uncachedLastTurnP50)} ms` }),
  ];
}

function redactionRows(find) {
  const m = find('redaction', () => true);
  if (!m || m.error) {
    return [pending('redaction overhead, 100 KB request', 'ms', m?.error ?? 'no measurement'), pending('streamed restore, 20 KB answer', 'ms per 1,000 chunks', m?.error ?? 'no measurement')];
  }
  return [
    row(`redaction overhead, ${round(m.requestBytes / 1024)} KB request, ${m.redactedValues} values redacted (spans + copy + second scan)`, 'ms', m.overheadMs, null, null, m.runs,
      { target: '<= 2 ms (issue 12)', met: m.overheadMs <= 2, note: `gate alone ${round(m.gateMs)} ms, gate with redaction ${round(m.redactedMs)} ms${m.stepMs === undefined ? '' : `; measured apart: the redaction step ${round(m.stepMs)} ms, the copy's first read ${round(m.firstReadMs)} ms (V8 flattens the ${round(m.copyChars / 1000)}k-character copy, a two-byte string because of the placeholders' brackets), its second scan ${round(m.secondScanMs)} ms`}; restoring the redacted 100 KB text ${round(m.restoreRequestMs)} ms` }),
    row(`streamed restore, ${round(m.answerChars / 1024)} KB answer, ${m.placeholders} placeholders, ${m.chunks} chunks`, 'ms per 1,000 chunks', m.restorePerThousandMs, m.plainPerThousandMs, null, m.streamRuns,
      { target: '<= 1 ms per 1,000 chunks (issue 12)', met: m.restorePerThousandMs <= 1, note: 'baseline: the same chunks passed through untouched' }),
  ];
}

// Stage 2 (router model) on a simulated local model at two speeds; issue 10 targets: <= 300 ms added at p50 on the
// CPU-class speed, consulted on at most a third of requests.
function stage2Rows(find) {
  const rows = [];
  for (const [speed, label] of [['cpu', 'CPU-class 150/15 tok/s'], ['accelerator', 'accelerator-class 2000/60 tok/s']]) {
    const m = find('stage2', x => x.speed === speed);
    if (!m || m.error) { rows.push(pending(`stage 2: time added to first answer token, ${label}`, 'ms', m?.error ?? 'no measurement')); continue; }
    const cpu = speed === 'cpu';
    rows.push(row(`stage 2: time added to first answer token, ${label}, p50 over the evaluation set`, 'ms', m.addedP50, null, null, m.runs,
      cpu ? { target: '<= 300 ms (issue 10)', met: m.addedP50 <= 300, note: `consulted on ${m.consulted}/${m.runs}; ${m.paused} more skipped while stage 2 was paused after timeouts` } : { note: `consulted on ${m.consulted}/${m.runs}; ${m.paused} skipped while paused` }));
    rows.push(row(`stage 2: time added to first answer token, ${label}, p95 over the evaluation set`, 'ms', m.addedP95, null, null, m.runs,
      { note: `when consulted: p50 ${round(m.consultedAddedP50)} ms, p95 ${round(m.consultedAddedP95)} ms; ${m.timedOut} hit the ${m.timeoutMs} ms timeout, after which stage 2 pauses` }));
    rows.push(row(`stage 2: full verdict time when consulted (no timeout), ${label}, p50`, 'ms', m.verdictP50, null, null, m.verdictRuns,
      { note: `p95 ${round(m.verdictP95)} ms; the first ${m.verdictRuns ?? 'n'} of the test split's consulted requests` }));
    if (cpu) {
      rows.push(row('stage 2: share of requests that consult the router model (whole evaluation set)', '%', round(100 * m.consultedShare), null, null, m.runs,
        { target: '<= 33% (issue 10)', met: m.consultedShare <= 1 / 3, note: `test split alone (unseen by the trained weights): ${m.testConsulted}/${m.testRuns} = ${round(100 * m.testConsulted / m.testRuns)}%` }));
    }
    // Every consulted request sends its prompt only at the accelerator rate: at the CPU rate, stage 2 pauses after the
    // first timeouts and the prompts sent are those of the first few requests.
    if (!cpu) {
      rows.push(row('stage 2: router prompt size, p50 over the requests that consult it', 'tokens', m.routePromptTokensP50, null, null, m.consulted,
        { target: '~300 (issue 10)', met: m.routePromptTokensP50 <= 300, note: `p95 ${m.routePromptTokensP95}, max ${m.routePromptTokensMax} (estimated tokens, system prompt and facts included; measured in the accelerator-class run, where no request times out)` }));
    }
  }
  return rows;
}

function activationRows(find, all, sizes) {
  const rows = [];
  const measured = all('activation');
  const plain = measured.filter(m => !m.error && !m.watchEsm && !m.prewarmFetch);
  const prewarmed = measured.filter(m => !m.error && m.prewarmFetch);
  const watched = measured.find(m => !m.error && m.watchEsm);
  const failed = measured.find(m => m.error);
  const med = (runs, key) => runs.map(r => r[key]).sort((a, b) => a - b)[Math.floor((runs.length - 1) / 2)];
  if (plain.length === 0) {
    rows.push(pending('activate() time (fake vscode, fresh process)', 'ms', failed?.error ?? 'no measurement'));
  } else {
    const ms = med(plain, 'activateMs');
    const warm = prewarmed.length ? med(prewarmed, 'activateMs') : null;
    rows.push(row('activate() time (fake vscode, fresh process)', 'ms', ms, null, null, plain.length,
      { target: '<= 50 ms', met: ms <= 50, note: `median of ${plain.length} fresh processes; ${plain[0].subscriptions} subscriptions registered` }));
    if (warm !== null) {
      rows.push(row("activate() time, Node's fetch already loaded", 'ms', warm, null, null, prewarmed.length,
        { target: '<= 50 ms', met: warm <= 50, note: `the difference (${round(ms - warm)} ms) is Node loading its HTTP client for a fetch() started inside activate()` }));
    }
    rows.push(row('require(dist/extension.js)', 'ms', med(plain, 'requireMs'), null, null, plain.length));
  }
  const checked = measured.filter(m => !m.error);
  if (checked.length) {
    const heavy = [...new Set(checked.flatMap(r => r.heavyLoaded))];
    rows.push(row('SDK modules loaded by require + activate', 'modules', heavy.length, null, null, checked.length, {
      target: '0 (openai, @azure/*, foundry-local-sdk load on first use)', met: heavy.length === 0,
      note: heavy.length ? `loaded: ${heavy.join(', ')}` : `require.cache in every run${watched ? `; ESM import() resolves watched in one run (${watched.modulesLoaded} modules loaded in all)` : ''}`,
    }));
  }
  if (sizes) {
    rows.push(row('main bundle dist/extension.js', 'KB', sizes.main / 1024, null, null, 1, { target: '<= 1024 KB', met: sizes.main <= 1024 * 1024 }));
    for (const [file, bytes] of Object.entries(sizes.chunks)) rows.push(row(`lazy chunk dist/sdk/${file}`, 'KB', bytes / 1024, null, null, 1, { note: 'loaded on first use only' }));
  }
  return rows;
}

function memoryRows(find) {
  const idle = find('memory', m => m.mode === 'idle');
  const ours = find('memory', m => m.mode === 'ours');
  const base = find('memory', m => m.mode === 'secretlint');
  if (!ours || ours.error || !idle || idle.error) return [pending('peak RSS while scanning 10 MB', 'MB', ours?.error ?? idle?.error ?? 'no measurement')];
  // RSS sampled every millisecond by a worker during the scan; idle is the same process and sampling, no scan.
  const added = ours.addedMb - idle.addedMb;
  const baseAdded = base && !base.error ? base.addedMb - idle.addedMb : null;
  return [
    row('peak RSS while scanning 10 MB (baseline = same process, no scan)', 'MB', ours.peakDuringMb, idle.peakDuringMb, null, 1,
      { note: `RSS before the scan ${round(ours.rssBeforeMb)} MB; process lifetime maxRSS ${round(ours.maxRssMb)} MB` }),
    row('RSS added by scanning 10 MB, net of the idle process (baseline = secretlint)', 'MB', added, baseAdded,
      baseAdded !== null && added > 0 ? baseAdded / added : null, 1, { note: `secretlint peak ${round(base?.peakDuringMb)} MB during its scan` }),
  ];
}

function packageRows(pkg) {
  if (!pkg || pkg.error) return [pending('.vsix size', 'KB', pkg?.error ?? 'not measured'), pending('.vsix file count', 'files', pkg?.error ?? 'not measured')];
  return [
    row('.vsix size', 'KB', pkg.sizeBytes / 1024, null, null, 1),
    row('.vsix file count', 'files', pkg.files, null, null, 1, { note: pkg.listed.filter(l => !l.endsWith('/')).join(', ') }),
  ];
}

/** All rows, in table order. */
export function composeRows(measurements, sizes, pkg) {
  const all = bench => measurements.filter(m => m.bench === bench);
  const find = (bench, pred) => all(bench).find(pred);
  return [...scanRows(find), ...adversarialRows(find), ...realCodeRows(find), ...latencyRows(find), ...streamingRows(find), ...redactionRows(find), ...agentLoopRows(find), ...stage2Rows(find), ...activationRows(find, all, sizes), ...memoryRows(find), ...packageRows(pkg)];
}
