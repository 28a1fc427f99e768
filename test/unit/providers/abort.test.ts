import assert from 'node:assert/strict';
import { APIUserAbortError, APIConnectionError, AuthenticationError } from 'openai';
import { abortError, isAbortError, throwIfAborted } from '../../../src/providers/abort';
import { ProviderError } from '../../../src/router/errors';

describe('isAbortError', () => {
  const codeAbort = Object.assign(new Error('stream closed'), { code: 'ABORT_ERR' });
  const named = Object.assign(new Error('cancelled'), { name: 'AbortError' });
  const yes: [string, unknown][] = [
    ['DOMException AbortError', new DOMException('aborted', 'AbortError')],
    ['openai APIUserAbortError', new APIUserAbortError()],
    ['an Error named AbortError (foundry-local-sdk download)', named],
    ['code ABORT_ERR (Node streams)', codeAbort],
    ['a fired AbortSignal.reason', (() => { const c = new AbortController(); c.abort(); return c.signal.reason; })()],
    ['our own abortError()', abortError()],
  ];
  const no: [string, unknown][] = [
    ['openai APIConnectionError', new APIConnectionError({ message: 'refused' })],
    ['openai AuthenticationError', new AuthenticationError(401, undefined, 'no', new Headers())],
    ['a ProviderError timeout', new ProviderError('timeout', 'openai-local', 'slow')],
    ['a TimeoutError DOMException (not a cancel)', new DOMException('slow', 'TimeoutError')],
    ['a string', 'AbortError'],
    ['undefined', undefined],
  ];
  for (const [label, value] of yes) {
    it(`is true for ${label}`, () => assert.equal(isAbortError(value), true));
  }
  for (const [label, value] of no) {
    it(`is false for ${label}`, () => assert.equal(isAbortError(value), false));
  }

  it('throwIfAborted throws only once the signal fired', () => {
    const controller = new AbortController();
    throwIfAborted(controller.signal);
    controller.abort();
    assert.throws(() => throwIfAborted(controller.signal), e => isAbortError(e));
  });
});
