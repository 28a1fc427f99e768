/** Stage-1 requests and config for the latency benchmarks (no router model: decisions stay deterministic). */
import type { AskRequest, ChatEvent, ModelProvider, RouterConfig, Target } from '../src/router/types';
import { DEFAULT_ROUTER_CONFIG } from '../src/router/defaults';
import { flatText, mixedSource } from './inputs';

/** The documented defaults, with the router model off (decisions stay deterministic) and a large local window. */
export function benchConfig(overrides: Partial<RouterConfig> = {}): RouterConfig {
  return { ...DEFAULT_ROUTER_CONFIG, routerModelEnabled: false, localContextTokens: 128_000, maxOutputTokens: 1024, ...overrides };
}

const PROSE =
  'Refactor the order pipeline so retries are handled in one place, explain the trade-offs of moving the cache ' +
  'behind the repository interface, and keep the public API of the service unchanged. ';

function promptOf(bytes: number): string {
  return flatText(PROSE.repeat(Math.ceil(bytes / PROSE.length)).slice(0, bytes));
}

/** The three cases of issue #5: a 100-byte prompt, 4 KB + a 20 KB selection, and 200 KB of references. */
export const STAGE1_CASES: ReadonlyArray<{ readonly name: string; readonly request: () => AskRequest }> = [
  { name: '100 B prompt', request: () => ({ prompt: promptOf(100) }) },
  {
    name: '4 KB prompt + 20 KB selection',
    request: () => ({
      prompt: promptOf(4 * 1024),
      references: [{ kind: 'selection', name: 'src/orders/pipeline.ts', path: 'src/orders/pipeline.ts', content: flatText(mixedSource(20 * 1024, 5, 0).text), startLine: 120 }],
    }),
  },
  {
    name: '200 KB of references',
    request: () => ({
      prompt: promptOf(200),
      references: Array.from({ length: 10 }, (_, i) => ({
        kind: 'file' as const,
        name: `src/module${i}/index.ts`,
        path: `src/module${i}/index.ts`,
        content: flatText(mixedSource(20 * 1024, 100 + i, 0).text),
      })),
    }),
  },
];

/** A provider that must never be called: classify() with no router model sends nothing. */
export function unusedProvider(target: Target): ModelProvider {
  return {
    id: target === 'local' ? 'openai-local' : 'openai-cloud',
    target,
    label: `unused ${target}`,
    model: `unused-${target}`,
    isDemo: false,
    probe: async () => ({ available: true, model: `unused-${target}` }),
    chat: (): AsyncIterable<ChatEvent> => {
      throw new Error('classify must not call an answering model');
    },
  };
}
