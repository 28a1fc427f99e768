import { DemoProvider } from '../providers/demo';
import type { ProviderErrorCode } from '../router/errors';
import { RouterService } from '../router/service';
import type { AgentResponse, AskRequest, EventSink, HybridError, HybridErrorCode, Privacy, ServedPath } from '../router/types';
import { DEFAULT_ROUTER_CONFIG } from '../router/defaults';

/** What a scenario must show. */
export interface DemoExpectation {
  readonly path?: ServedPath;
  readonly error?: HybridErrorCode;
  readonly privacy?: Privacy;
  /** Calls the cloud model must have received (answers and anything else). */
  readonly cloudCalls?: number;
  /** Calls the router model must have received. */
  readonly routerCalls?: number;
}

export interface DemoScenario {
  readonly scenario: string;
  readonly expected: DemoExpectation;
  readonly request: AskRequest;
  readonly localFails?: ProviderErrorCode;
  readonly cloudFails?: ProviderErrorCode;
}

export interface DemoResult {
  readonly scenario: string;
  readonly expected: DemoExpectation;
  readonly result: AgentResponse | { readonly error: HybridError } | { readonly cancelled: true };
  readonly cloudCalls: number;
  readonly routerCalls: number;
  /** Which expectations were not met; empty when the scenario behaved as expected. */
  readonly mismatches: readonly string[];
}

/**
 * Deterministic stand-ins for secrets. They are assembled at run time from a fixed seed so the demo output is
 * stable while the repository holds no credential-shaped literal (secret scanners stay quiet).
 */
function demoChars(seed: number, length: number): string {
  const alphabet = 'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789';
  let state = seed;
  let out = '';
  for (let i = 0; i < length; i++) {
    state = (state * 1103515245 + 12345) % 2147483648;
    out += alphabet[state % alphabet.length];
  }
  return out;
}

const CONNECTION_STRING = 'Server=tcp:orders-db.internal.example,1433;Database=orders;User ID=orders_app;' + 'Pass' + 'word=' + demoChars(7, 18) + ';Encrypt=true;';
const GITHUB_TOKEN = 'gh' + 'p_' + demoChars(11, 36);

const REFACTOR_PROMPT =
  'Refactor the authentication flow across the api, web and worker modules: migrate session storage from in-memory ' +
  'maps to Redis, redesign the token refresh architecture so all three services share one implementation, and ' +
  'explain the concurrency and security trade-offs in depth.';
const REFACTOR_FILES = ['api/src/auth/session.ts', 'web/src/auth/refresh.ts', 'worker/src/jobs/tokenSweep.ts', 'shared/src/auth/types.ts'];

function refactorRequest(): AskRequest {
  return {
    prompt: REFACTOR_PROMPT,
    references: REFACTOR_FILES.map(path => ({ kind: 'file' as const, name: path, path, content: `// ${path}\nexport function placeholder(): void {}\n`, id: 'demo.file' })),
  };
}

/** The six canonical scenarios of the routing core. */
export function demoScenarios(): DemoScenario[] {
  return [
    { scenario: 'A greeting stays local without calling the router model', expected: { path: 'local', routerCalls: 0 }, request: { prompt: 'Hi there!' } },
    { scenario: 'A cross-module refactor goes to the cloud', expected: { path: 'cloud' }, request: refactorRequest() },
    {
      scenario: 'A selection holding a connection string with a password stays local (restricted)',
      expected: { path: 'local', privacy: 'restricted', cloudCalls: 0 },
      request: { prompt: 'What does this configuration line do?', references: [{ kind: 'selection', name: 'selection', content: `const db = "${CONNECTION_STRING}";`, startLine: 12, id: 'demo.selection' }] },
    },
    { scenario: 'The refactor with the cloud down falls back to the local model', expected: { path: 'local_fallback' }, request: refactorRequest(), cloudFails: 'unreachable' },
    {
      scenario: 'A prompt without secrets, sent local, falls back to the cloud when the local model fails',
      expected: { path: 'cloud_fallback' },
      request: { prompt: 'Explain in detail how this function works and analyse what happens when the list is empty.', references: [{ kind: 'selection', name: 'selection', content: 'function first(items) {\n  return items[0].name;\n}', startLine: 3, id: 'demo.selection' }] },
      localFails: 'unreachable',
    },
    {
      scenario: 'A secret-bearing prompt with the local model failing is refused, with no cloud call',
      expected: { error: 'restricted_local_unavailable', cloudCalls: 0 },
      request: { prompt: `Why does the API reject my token ${GITHUB_TOKEN} when I push?` },
      localFails: 'unreachable',
    },
  ];
}

/** Runs every scenario on fresh demo providers and checks it against its expectation. */
export async function runDemoScenarios(signal: AbortSignal, events?: EventSink): Promise<DemoResult[]> {
  const results: DemoResult[] = [];
  for (const s of demoScenarios()) {
    const local = new DemoProvider({ target: 'local', fail: s.localFails });
    const cloud = new DemoProvider({ target: 'cloud', fail: s.cloudFails });
    // The router model is the local runtime: when the local model is down, so is the router.
    const routerModel = new DemoProvider({ target: 'local', fail: s.localFails });
    const config = DEFAULT_ROUTER_CONFIG;
    const service = new RouterService({ config: () => config, local, cloud, routerModel, events });
    const outcome = await service.ask(s.request, signal, () => undefined);
    const result = outcome.kind === 'answered' ? outcome.response : outcome.kind === 'failed' ? { error: outcome.error } : { cancelled: true as const };
    const observed = { cloudCalls: cloud.callCount, routerCalls: routerModel.callCount };
    results.push({ scenario: s.scenario, expected: s.expected, result, ...observed, mismatches: mismatches(s.expected, result, observed) });
    if (signal.aborted) {
      break;
    }
  }
  return results;
}

function mismatches(expected: DemoExpectation, result: DemoResult['result'], observed: { cloudCalls: number; routerCalls: number }): string[] {
  const out: string[] = [];
  const got = 'path' in result ? `path ${result.path}` : 'error' in result ? `error ${result.error.code}` : 'cancelled';
  if (expected.path && !('path' in result && result.path === expected.path)) {
    out.push(`expected path ${expected.path}, got ${got}`);
  }
  if (expected.error && !('error' in result && result.error.code === expected.error)) {
    out.push(`expected error ${expected.error}, got ${got}`);
  }
  const privacy = 'privacy' in result ? result.privacy : 'error' in result ? result.error.privacy : undefined;
  if (expected.privacy && privacy !== expected.privacy) {
    out.push(`expected privacy ${expected.privacy}, got ${privacy ?? 'none'}`);
  }
  for (const key of ['cloudCalls', 'routerCalls'] as const) {
    if (expected[key] !== undefined && observed[key] !== expected[key]) {
      out.push(`expected ${expected[key]} ${key}, got ${observed[key]}`);
    }
  }
  return out;
}
