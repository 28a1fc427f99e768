import * as assert from 'node:assert/strict';
import { RestrictedSessions } from '../../../src/chat/restrictedSessions';
import { DemoProvider } from '../../../src/providers/demo';
import { RouterService, type AskOutcome } from '../../../src/router/service';
import type { AskRequest } from '../../../src/router/types';
import { aConfig } from '../../fakes';
import { Rng } from '../router/privacy/fixtures';

const rng = new Rng(0x5e55);
/** Built at run time, so the repository holds no token. */
const token = (): string => ['gh', 'p_', rng.str(36)].join('');

describe('restricted agent sessions of the Hybrid models', () => {
  const service = new RouterService({ config: () => aConfig({ mode: 'preferCloud' }), local: new DemoProvider({ target: 'local' }), cloud: new DemoProvider({ target: 'cloud' }) });
  const ask = (req: AskRequest): Promise<AskOutcome> => service.ask(req, new AbortController().signal, () => undefined);
  const turn = (sessionId: string, n: number, history: AskRequest['history'] = []): AskRequest =>
    ({ prompt: n === 1 ? 'Refactor the session module across the services.' : '', history, agentTurn: { sessionId, turn: n } });

  it('a session whose turn was restricted keeps later turns local, even when the agent dropped the secret from its history', async () => {
    const sessions = new RestrictedSessions();
    const secretTurn = sessions.apply({ ...turn('lm-a', 2), history: [{ role: 'user', content: 'check it' }, { role: 'tool', content: `TOKEN=${token()}`, toolCallId: 'c1', toolName: 'read_file' }] });
    const first = await ask(secretTurn);
    sessions.record(secretTurn, first);
    assert.ok(first.kind === 'answered' && first.response.privacy === 'restricted');

    // A summarised history: no secret left for the gate to see.
    const later = sessions.apply({ ...turn('lm-a', 3, [{ role: 'user', content: 'Refactor the session module across the services.' }, { role: 'assistant', content: 'Summary of the work so far.' }]), prompt: 'Now migrate the storage layer to the new schema across every service.' });
    assert.equal(later.stickyRestricted, true);
    const unmarked = await ask({ ...later, stickyRestricted: undefined });
    assert.ok(unmarked.kind === 'answered' && unmarked.response.path === 'cloud', 'without the mark, this turn would go to the cloud');
    const outcome = await ask(later);
    assert.ok(outcome.kind === 'answered');
    if (outcome.kind === 'answered') {
      assert.equal(outcome.response.path, 'local');
      assert.match(outcome.response.reason, /earlier turn of this conversation contained a secret/);
    }
  });

  it('other sessions, requests without a session and clean sessions are left alone', async () => {
    const sessions = new RestrictedSessions();
    const secret: AskRequest = { ...turn('lm-b', 2), history: [{ role: 'tool', content: `TOKEN=${token()}`, toolCallId: 'c1' }] };
    sessions.record(secret, await ask(secret));
    assert.equal(sessions.apply(turn('lm-other', 2)).stickyRestricted, undefined);
    assert.equal(sessions.apply({ prompt: 'hello' }).stickyRestricted, undefined);
    const clean = turn('lm-clean', 1);
    sessions.record(clean, await ask(clean));
    assert.equal(sessions.apply(turn('lm-clean', 2)).stickyRestricted, undefined);
  });

  it('keeps at most its capacity of sessions, dropping the least recently used', async () => {
    const sessions = new RestrictedSessions(2);
    const restricted = (): AskOutcome => ({ kind: 'failed', error: { code: 'restricted_local_unavailable', message: 'x', correlationId: 'c', privacy: 'restricted' } });
    for (const id of ['s1', 's2']) { sessions.record(turn(id, 1), restricted()); }
    assert.equal(sessions.apply(turn('s1', 2)).stickyRestricted, true, 's1 is used again, so s2 is now the oldest');
    sessions.record(turn('s3', 1), restricted());
    assert.equal(sessions.apply(turn('s2', 2)).stickyRestricted, undefined);
    assert.equal(sessions.apply(turn('s1', 2)).stickyRestricted, true);
    assert.equal(sessions.apply(turn('s3', 2)).stickyRestricted, true);
  });
});
