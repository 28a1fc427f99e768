import { strict as assert } from 'node:assert';
import type { RouteEvent } from '../../../src/router/types';
import { formatEventLine, LogChannelSink, maskTokens, type LevelLogger } from '../../../src/views/logChannel';
import { aGithubToken, randomChars } from '../../fakes';

class LevelRecorder implements LevelLogger {
  readonly lines: [string, string][] = [];
  trace(m: string) { this.lines.push(['trace', m]); }
  debug(m: string) { this.lines.push(['debug', m]); }
  info(m: string) { this.lines.push(['info', m]); }
  warn(m: string) { this.lines.push(['warn', m]); }
  error(m: string | Error) { this.lines.push(['error', String(m)]); }
}

const event = (overrides: Partial<RouteEvent> = {}): RouteEvent => ({
  type: 'decision', correlationId: 'hr-0a1b2c3d4e5f', level: 'info', component: 'router', message: 'local (privacy-gate): kept on this device', ...overrides,
});

describe('views/logChannel', () => {
  it('one line per event: [component] message {correlationId=…, k=v}', () => {
    const line = formatEventLine(event({ data: { target: 'local', findings: 2, rules: 'github-token,aws-key', routerModelUsed: false, confidence: null } }));
    assert.equal(line, '[router] local (privacy-gate): kept on this device {correlationId=hr-0a1b2c3d4e5f, target=local, findings=2, rules="github-token,aws-key", routerModelUsed=false, confidence=null}');
  });

  it('values with spaces or separators are quoted', () => {
    assert.match(formatEventLine(event({ data: { reason: 'cloud: 401 — sign in' } })), /reason="cloud: 401 — sign in"/);
  });

  it('writes at the event level, so the channel\'s level filter applies', () => {
    const rec = new LevelRecorder();
    const sink = new LogChannelSink(rec);
    for (const level of ['trace', 'debug', 'info', 'warn', 'error'] as const) { sink.emit(event({ level })); }
    assert.deepEqual(rec.lines.map(([l]) => l), ['trace', 'debug', 'info', 'warn', 'error']);
  });

  it('last guard: token-shaped runs are masked even if an event carried one; uuids stay readable', () => {
    const token = aGithubToken();
    const line = formatEventLine(event({ message: `oops ${token}`, data: { key: randomChars(40) } }));
    assert.ok(!line.includes(token));
    assert.match(line, /ghp_…\(40 chars\)/);
    const password = randomChars(40);
    const masked = maskTokens(`pw ${password}`);
    assert.equal(masked, 'pw ****(40 chars)', 'nothing of a value without a public prefix is shown');
    const uuid = '123e4567-e89b-12d3-a456-426614174000';
    assert.equal(maskTokens(`id ${uuid}`), `id ${uuid}`);
    assert.equal(maskTokens('src/router/privacyGate.ts line 3'), 'src/router/privacyGate.ts line 3');
  });

  it('keeps a bounded memory of lines and finds the lines of one request', () => {
    const rec = new LevelRecorder();
    const sink = new LogChannelSink(rec, 3);
    for (let i = 0; i < 5; i++) { sink.emit(event({ correlationId: `hr-${i}abc`, message: `m${i}` })); }
    assert.equal(sink.lines().length, 3);
    assert.deepEqual(sink.linesFor('hr-4abc').map(l => l.split(' ')[1]), ['m4']);
    assert.deepEqual(sink.linesFor('hr-0abc'), []);
  });

  it('unexpected errors are logged once with their stack; a closed channel does not throw', () => {
    const rec = new LevelRecorder();
    const sink = new LogChannelSink(rec);
    sink.unexpected('@hybrid', new TypeError('boom'));
    assert.equal(rec.lines.length, 1);
    assert.match(rec.lines[0][1], /^\[extension\] unexpected error in @hybrid: TypeError: boom\n\s+at /);
    const closed = new LogChannelSink({ trace() { throw new Error('closed'); }, debug() { throw new Error('closed'); }, info() { throw new Error('closed'); }, warn() { throw new Error('closed'); }, error() { throw new Error('closed'); } });
    assert.doesNotThrow(() => closed.emit(event()));
  });
});
