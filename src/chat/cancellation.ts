/**
 * The single bridge from a VS Code CancellationToken to the AbortSignal the core uses. The signal fires when the
 * token does (or already has); dispose() removes the listener once the request is over.
 */

/** The part of vscode.CancellationToken we use (structural, so this file has no runtime 'vscode' import). */
export interface CancellationTokenLike {
  readonly isCancellationRequested: boolean;
  onCancellationRequested(listener: () => unknown): { dispose(): unknown };
}

export interface LinkedSignal {
  readonly signal: AbortSignal;
  dispose(): void;
}

export function toAbortSignal(token: CancellationTokenLike): LinkedSignal {
  const controller = new AbortController();
  if (token.isCancellationRequested) {
    controller.abort();
    return { signal: controller.signal, dispose: () => undefined };
  }
  const subscription = token.onCancellationRequested(() => controller.abort());
  return { signal: controller.signal, dispose: () => { subscription.dispose(); } };
}
