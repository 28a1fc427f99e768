/**
 * Finds a Foundry Local service already running on this machine (started by `foundry service start` or the
 * Foundry Local app), cheaply and safely: loopback only, a few known ports, a short timeout, and only a service
 * that answers Foundry Local's own status route counts. Nothing is required: no CLI, no `foundry service status`.
 */

/** Ports the Foundry Local service has used by default across releases. */
export const FOUNDRY_LOCAL_DEFAULT_PORTS: readonly number[] = [5272, 5273];

export interface DetectedFoundryLocal {
  /** OpenAI-compatible base URL, e.g. `http://127.0.0.1:5273/v1`. */
  readonly baseUrl: string;
  /** Model ids the service lists (may be empty when none is loaded). */
  readonly models: readonly string[];
}

export interface DetectOptions {
  readonly ports?: readonly number[];
  /** Per-port time limit in ms (default 400). */
  readonly timeoutMs?: number;
}

/** The first Foundry Local service answering on 127.0.0.1 at a known port, or undefined. Never throws. */
export async function detectFoundryLocalService(fetchFn: typeof globalThis.fetch, signal: AbortSignal, options: DetectOptions = {}): Promise<DetectedFoundryLocal | undefined> {
  const ports = options.ports ?? FOUNDRY_LOCAL_DEFAULT_PORTS;
  const found = await Promise.all(ports.map(port => probePort(fetchFn, port, signal, options.timeoutMs ?? 400)));
  return found.find((d): d is DetectedFoundryLocal => d !== undefined);
}

async function probePort(fetchFn: typeof globalThis.fetch, port: number, signal: AbortSignal, timeoutMs: number): Promise<DetectedFoundryLocal | undefined> {
  if (!Number.isInteger(port) || port <= 0 || port > 65535) {
    return undefined;
  }
  const origin = `http://127.0.0.1:${port}`;
  const limited = AbortSignal.any([signal, AbortSignal.timeout(timeoutMs)]);
  try {
    const status = await fetchFn(`${origin}/openai/status`, { signal: limited });
    if (!status.ok || !isFoundryStatus(await status.json())) {
      return undefined;
    }
    const models = await fetchFn(`${origin}/v1/models`, { signal: limited })
      .then(async r => (r.ok ? ((await r.json()) as { data?: { id?: unknown }[] }).data ?? [] : []))
      .then(list => list.map(m => m.id).filter((id): id is string => typeof id === 'string'), () => []);
    return { baseUrl: `${origin}/v1`, models };
  } catch {
    return undefined;
  }
}

/** Foundry Local's `/openai/status` answers `{ Endpoints: [...], ModelDirPath, PipeName }`. */
function isFoundryStatus(body: unknown): boolean {
  if (typeof body !== 'object' || body === null) {
    return false;
  }
  const record = body as Record<string, unknown>;
  return Array.isArray(record.Endpoints ?? record.endpoints) || typeof (record.ModelDirPath ?? record.modelDirPath) === 'string';
}
