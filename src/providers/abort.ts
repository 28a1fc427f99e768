/**
 * The one place that decides what counts as an abort (STYLE.md §4). Providers, the service and the CLI ask this
 * instead of comparing messages, so a user's cancel is never recorded as a failure.
 */

/** Class names of abort errors thrown by the SDKs we use (openai's APIUserAbortError, the Azure core AbortError). */
const ABORT_CLASS_NAMES = new Set(['APIUserAbortError', 'AbortError']);

/** True when `e` means "the caller cancelled": a DOMException AbortError, openai's APIUserAbortError, etc. */
export function isAbortError(e: unknown): boolean {
  if (typeof e !== 'object' || e === null) {
    return false;
  }
  const candidate = e as { name?: unknown; code?: unknown };
  if (candidate.name === 'AbortError' || candidate.code === 'ABORT_ERR') {
    return true;
  }
  // openai's error classes do not set `name`; walk the prototype chain for the class instead.
  for (let proto = Object.getPrototypeOf(e); proto && proto !== Object.prototype; proto = Object.getPrototypeOf(proto)) {
    const ctorName = (proto as { constructor?: { name?: string } }).constructor?.name;
    if (ctorName && ABORT_CLASS_NAMES.has(ctorName)) {
      return true;
    }
  }
  return false;
}

/** The error a provider throws when its caller's signal fired: a standard DOMException named AbortError. */
export function abortError(message = 'The request was cancelled.'): Error {
  return new DOMException(message, 'AbortError');
}

/** Throws the standard abort error when `signal` has fired. Call after every await inside a loop. */
export function throwIfAborted(signal: AbortSignal): void {
  if (signal.aborted) {
    throw abortError();
  }
}
