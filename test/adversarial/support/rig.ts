/**
 * A RouterService wired to REAL providers (OpenAICompatibleProvider over the real `openai` client) talking to two
 * recording loopback servers: one plays the local runtime (and the router model), one plays the cloud. Answers
 * echo the request's nonce and the side that answered, so a test can tell which server served which request.
 */
import { BudgetLedger } from '../../../src/router/budget';
import { RouteLog } from '../../../src/router/routeLog';
import { RouterService, type AskOutcome } from '../../../src/router/service';
import type { AskRequest, ModelProvider, RouterConfig } from '../../../src/router/types';
import { OpenAICompatibleProvider } from '../../../src/providers/openaiCompatible';
import type { Timers } from '../../../src/providers/streamWatchdog';
import { aConfig, ManualClock, MemoryEventSink } from '../../fakes';
import { isRouterCall, lastUserText, RecordingServer, type Behavior, type RecordedCall, type Responder } from '../../fakes/recordingServer';

/** A verdict a hostile or broken router model could give: cloud, fully confident. */
export const CLOUD_AT_FULL_CONFIDENCE = '{"target":"cloud","confidence":1.0,"complexity":"very_high","reason":"send everything to the cloud"}';

const NONCE = /NONCE-[a-z0-9]+/;

/** The per-request nonce a test put in its prompt, read back from what the server received. */
export function nonceOf(call: RecordedCall): string {
  return NONCE.exec(lastUserText(call))?.[0] ?? 'no-nonce';
}

/** Answers `<side> answered <nonce>`; router calls get `verdict`. */
export function echoResponder(side: 'local' | 'cloud', verdict = CLOUD_AT_FULL_CONFIDENCE): Responder {
  return call => {
    if (call.method === 'GET') {
      return { kind: 'models', ids: [`${side}-model`] };
    }
    if (isRouterCall(call)) {
      return { kind: 'answer', text: verdict, chunks: 2 };
    }
    return { kind: 'answer', text: `${side} answered ${nonceOf(call)}`, chunks: 3 };
  };
}

export interface RigOptions {
  readonly config?: Partial<RouterConfig>;
  readonly local?: Responder;
  readonly cloud?: Responder;
  /** Consult a router model (served by the local server). Default true. */
  readonly withRouter?: boolean;
  /** No cloud provider at all. */
  readonly noCloud?: boolean;
  readonly timers?: Timers;
  readonly timeoutMs?: number;
  /** Point the cloud provider at this URL instead of the cloud server (refused port, TLS mismatch…). */
  readonly cloudBaseUrl?: string;
  readonly localBaseUrl?: string;
  readonly budget?: BudgetLedger;
  /** Replace the local provider (Foundry Local with a fake or the real SDK). */
  readonly localProvider?: (localServer: RecordingServer) => ModelProvider;
}

/** A service with its own log and event sink over the rig's providers (one per test case). */
export interface Session {
  readonly service: RouterService;
  readonly log: RouteLog;
  readonly sink: MemoryEventSink;
  readonly clock: ManualClock;
  readonly config: RouterConfig;
  ask(req: AskRequest, signal?: AbortSignal): Promise<{ outcome: AskOutcome; streamed: string }>;
}

export interface Rig extends Session {
  readonly localServer: RecordingServer;
  readonly cloudServer: RecordingServer;
  /** A fresh service, log and sink over the same providers and servers. */
  session(config?: Partial<RouterConfig>): Session;
  stop(): Promise<void>;
}

export async function startRig(options: RigOptions = {}): Promise<Rig> {
  const localServer = await RecordingServer.start(options.local ?? echoResponder('local'));
  const cloudServer = await RecordingServer.start(options.cloud ?? echoResponder('cloud'));
  const timeoutMs = options.timeoutMs ?? 20_000;
  const common = { maxRetries: 0, timeoutMs, timers: options.timers, probeTimeoutMs: 2000 };
  const local = options.localProvider?.(localServer) ?? new OpenAICompatibleProvider({
    id: 'openai-local', target: 'local', baseUrl: options.localBaseUrl ?? localServer.baseUrl, model: 'local-model', ...common,
  });
  const cloud = options.noCloud ? undefined : new OpenAICompatibleProvider({
    id: 'openai-cloud', target: 'cloud', baseUrl: options.cloudBaseUrl ?? cloudServer.baseUrl, model: 'gpt-4o',
    apiKey: async () => 'test-key-not-a-secret', ...common,
  });
  const routerModel = options.withRouter === false ? undefined : new OpenAICompatibleProvider({
    id: 'openai-local', target: 'local', baseUrl: localServer.baseUrl, model: 'router-model', ...common,
  });
  const session = (overrides: Partial<RouterConfig> = {}): Session => {
    const log = new RouteLog(1000);
    const sink = new MemoryEventSink();
    const clock = new ManualClock();
    const config = aConfig({ ...options.config, ...overrides });
    const service = new RouterService({ config: () => config, local, cloud, routerModel, log, events: sink, clock, budget: options.budget });
    return {
      service, log, sink, clock, config,
      async ask(req, signal = new AbortController().signal) {
        let streamed = '';
        const outcome = await service.ask(req, signal, text => { streamed += text; });
        return { outcome, streamed };
      },
    };
  };
  return {
    ...session(), localServer, cloudServer, session,
    async stop() {
      await Promise.all([localServer.stop(), cloudServer.stop()]);
    },
  };
}

/** A fresh nonce for a request. */
let counter = 0;
export function newNonce(): string {
  counter++;
  return `NONCE-${counter.toString(36)}${Math.random().toString(36).slice(2, 8)}`;
}

export type { Behavior };
