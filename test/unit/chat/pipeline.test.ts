/**
 * The @hybrid pipeline without VS Code: chat request → convert → the real RouterService (real privacy gate,
 * classifier, policy) on the demo providers the first run uses → progress line, streamed answer, footer, metadata,
 * follow-ups, route log, tree rows and log lines. The handler in participant.ts is this sequence plus VS Code glue.
 */
import { strict as assert } from 'node:assert';
import { toChatResult, type FixCommands, type HybridChatMetadata } from '../../../src/chat/chatResult';
import { toAskRequest, type ReferenceReader, type UriLike } from '../../../src/chat/convert';
import { followupsFor, RecentRequests } from '../../../src/chat/followups';
import { progressLine } from '../../../src/chat/render';
import { RouteAnnouncer } from '../../../src/chat/routeAnnouncer';
import { HybridRuntime } from '../../../src/chat/runtime';
import { buildConfig, type InspectedSetting } from '../../../src/config';
import { DemoProvider } from '../../../src/providers/demo';
import { BudgetLedger } from '../../../src/router/budget';
import { newCorrelationId } from '../../../src/router/ids';
import { RouteLog } from '../../../src/router/routeLog';
import { RouterService } from '../../../src/router/service';
import { LogChannelSink, type LevelLogger } from '../../../src/views/logChannel';
import { statusText } from '../../../src/views/statusBar';
import { detailsOf, recordView } from '../../../src/views/treeModel';
import { aConfig, aConnectionString, aGithubToken } from '../../fakes';

const PARTICIPANT = 'hybridAgent.chat';
const COMMANDS: FixCommands = { signIn: 'c.signIn', openSettings: 'c.settings', checkLocalRuntime: 'c.runtime', selectLocalModel: 'c.model', openInLog: 'c.log' };

class MemoryChannel implements LevelLogger {
  readonly written: string[] = [];
  trace(m: string) { this.written.push(m); }
  debug(m: string) { this.written.push(m); }
  info(m: string) { this.written.push(m); }
  warn(m: string) { this.written.push(m); }
  error(m: string | Error) { this.written.push(String(m)); }
}

/** Records what a ChatResponseStream receives, in order. */
class FakeStream {
  readonly parts: { kind: 'progress' | 'markdown' | 'button'; value: string }[] = [];
  progress(value: string) { this.parts.push({ kind: 'progress', value }); }
  markdown(value: string | { value: string }) { this.parts.push({ kind: 'markdown', value: typeof value === 'string' ? value : value.value }); }
  button(command: { command: string; title: string; arguments?: unknown[] }) { this.parts.push({ kind: 'button', value: `${command.command}|${command.title}|${JSON.stringify(command.arguments ?? [])}` }); }
  text(): string { return this.parts.map(p => p.value).join('\n'); }
}

function uri(path: string): UriLike {
  return { scheme: 'file', path, fsPath: path, toString: () => `file://${path}` };
}

function memoryReader(files: Record<string, string>): ReferenceReader {
  return {
    readFile: async (u, max) => (files[u.path] === undefined ? undefined : new TextEncoder().encode(files[u.path]).subarray(0, max)),
    readRange: async (u, r) => files[u.path]?.split('\n').slice(r.start.line, r.end.line + 1).join('\n'),
    relativePath: u => u.path.replace(/^\/ws\//, ''),
  };
}

function setup(settings: Record<string, InspectedSetting> = {}) {
  const channel = new MemoryChannel();
  const sink = new LogChannelSink(channel);
  const announcer = new RouteAnnouncer(sink);
  const log = new RouteLog();
  const runtime = new HybridRuntime({
    log, events: announcer, budget: new BudgetLedger(),
    credentials: { cloudApiKey: async () => undefined, localApiKey: async () => undefined, azure: () => undefined },
    machine: () => ({}), note: (level, message) => sink.note(level, message),
  }, buildConfig(key => settings[key]));
  const recent = new RecentRequests();

  /** The participant handler's sequence (participant.ts), minus VS Code. */
  async function chat(request: { prompt: string; command?: string; references?: { id: string; value: unknown }[] }, history: unknown[] = [], reader = memoryReader({})) {
    const stream = new FakeStream();
    const correlationId = newCorrelationId();
    const req = await toAskRequest({ prompt: request.prompt, command: request.command, references: request.references ?? [] }, history, reader, PARTICIPANT, correlationId);
    const sticky = req.stickyRestricted === true;
    const watch = announcer.watch(correlationId, a => stream.progress(progressLine(a, sticky)));
    const outcome = await runtime.service().ask(req, new AbortController().signal, t => stream.markdown(t)).finally(() => watch.dispose());
    const decision = outcome.kind === 'answered' ? outcome.response.decision : outcome.kind === 'failed' ? outcome.decision : undefined;
    if (decision && decision.privacy !== 'restricted' && !sticky) { recent.remember(correlationId, req); }
    const result = toChatResult(outcome, stream, { command: request.command, stickyRestricted: sticky, cloudUsable: runtime.cloudUsable(), commands: COMMANDS });
    const turn = [{ prompt: request.prompt, participant: PARTICIPANT, command: request.command, references: [] }, { response: [{ value: { value: stream.parts.filter(p => p.kind === 'markdown').map(p => p.value).join('') } }], result, participant: PARTICIPANT, command: request.command }];
    return { stream, result, meta: result.metadata as HybridChatMetadata | undefined, outcome, turn };
  }
  return { channel, sink, log, runtime, recent, chat };
}

/** Everything a person or a log reader could see outside the answer text itself. */
function surfaces(env: ReturnType<typeof setup>, extra: unknown[] = []): string {
  const rows = env.log.recent().map(r => ({ view: recordView(r), details: detailsOf(r) }));
  return JSON.stringify([rows, env.sink.lines(), env.channel.written, ...extra]);
}

describe('chat pipeline on first run (demo providers, real router)', () => {
  it('first run uses demo models on both sides, labelled', () => {
    const env = setup();
    const { local, cloud } = env.runtime.providers();
    assert.equal(local.isDemo, true);
    assert.equal(cloud?.isDemo, true);
    assert.equal(env.runtime.cloudUsable(), true);
  });

  it('a secret in the implicit selection: progress line first, local, restricted, and the secret appears on no surface', async () => {
    const env = setup();
    const token = aGithubToken();
    const files = { '/ws/src/deploy.ts': `const a = 1;\nconst token = "${token}";\nexport {};` };
    const { stream, meta, result } = await env.chat({
      prompt: 'why does the push fail?',
      references: [{ id: 'vscode.implicit.selection', value: { uri: uri('/ws/src/deploy.ts'), range: { start: { line: 1, character: 0 }, end: { line: 1, character: 60 } } } }],
    }, [], memoryReader(files));
    assert.equal(stream.parts[0].kind, 'progress', 'the route is shown before any answer text');
    assert.match(stream.parts[0].value, /^→ local · demo-local \(demo\) · /);
    assert.match(stream.parts[0].value, /selection/i);
    assert.equal(meta?.privacy, 'restricted');
    assert.equal(meta?.path, 'local');
    assert.equal(meta?.canAskCloud, false);
    assert.ok(meta?.decision?.findings.some(f => f.kind === 'secret'));
    const footer = stream.parts.filter(p => p.kind === 'markdown').at(-1)?.value ?? '';
    assert.match(footer, /local · demo-local \(demo\) · .* · \$0 \(local\)/);
    assert.ok(!surfaces(env, [stream.parts.filter(p => p.kind !== 'markdown'), footer, result]).includes(token), 'secret leaked to a surface');
    assert.ok(!JSON.stringify(result).includes(token.slice(4, 20)), 'no fragment of the secret in metadata');
    const follow = followupsFor(result, env.recent);
    assert.deepEqual(follow.map(f => f.label), ['Why local?']);
  });

  it('after a restricted turn the conversation stays local, even for a cloud-sized prompt, and the progress line says so', async () => {
    const env = setup();
    const first = await env.chat({ prompt: `my connection string is ${aConnectionString()} — why does it time out?` });
    assert.equal(first.meta?.privacy, 'restricted');
    const big = 'Refactor the authentication flow across the api, web and worker modules: migrate session storage to Redis, redesign the token refresh architecture, and explain the concurrency and security trade-offs in depth.';
    const second = await env.chat({ prompt: big }, first.turn);
    assert.equal(second.meta?.stickyRestricted, true);
    assert.equal(second.meta?.path, 'local');
    assert.match(second.stream.parts[0].value, /carried a secret earlier/);
    assert.equal(second.meta?.canAskCloud, false);
  });

  it('a complex clean prompt goes to the (demo) cloud with an estimated-cost footer; no "ask the cloud instead"', async () => {
    const env = setup();
    const { stream, meta, result } = await env.chat({ prompt: 'Refactor the authentication flow across the api, web and worker modules: migrate session storage from in-memory maps to Redis, redesign the token refresh architecture so all three services share one implementation, and explain the concurrency and security trade-offs in depth.' });
    assert.equal(meta?.path, 'cloud');
    assert.match(stream.parts[0].value, /^→ cloud · demo-cloud \(demo\)/);
    assert.match(stream.parts.at(-1)?.value ?? '', /cloud · demo-cloud \(demo\)/);
    assert.ok(!followupsFor(result, env.recent).some(f => f.command === 'cloud'));
  });

  it('a local answer to a clean prompt offers "Ask the cloud instead" with the same prompt', async () => {
    const env = setup();
    const { meta, result } = await env.chat({ prompt: 'What does Array.prototype.flatMap do?' });
    assert.equal(meta?.path, 'local');
    const cloud = followupsFor(result, env.recent).find(f => f.command === 'cloud');
    assert.equal(cloud?.prompt, 'What does Array.prototype.flatMap do?');
    assert.equal(cloud?.label, 'Ask the cloud instead');
  });

  it('/cloud with a secret stays local and the reply explains the refusal', async () => {
    const env = setup();
    const token = aGithubToken();
    const { stream, meta } = await env.chat({ prompt: `is ${token} a valid token format?`, command: 'cloud' });
    assert.equal(meta?.path, 'local');
    assert.match(stream.text(), /\/cloud was not used/);
    assert.ok(!surfaces(env, [stream.parts.filter(p => p.kind !== 'markdown')]).includes(token));
  });

  it('local-only mode: no cloud side at all, and the LM/status surfaces say so', () => {
    const env = setup({ mode: { globalValue: 'localOnly' } });
    assert.equal(env.runtime.providers().cloud, undefined);
    assert.equal(env.runtime.cloudUsable(), false);
    const text = statusText({ mode: 'localOnly', local: { configured: true, isDemo: true, label: 'x', available: true }, cloud: { configured: false, isDemo: false, label: 'off' } });
    assert.equal(text, '$(shield) Hybrid: localOnly · local ✓ (demo) · cloud off');
  });

  it('reconfigure swaps providers live and keeps the route log', async () => {
    const env = setup();
    await env.chat({ prompt: 'hello' });
    env.runtime.reconfigure(buildConfig(key => (key === 'cloud.enabled' ? { globalValue: false } : undefined)));
    assert.equal(env.runtime.providers().cloud, undefined);
    assert.equal(env.log.recent().length, 1);
    await env.chat({ prompt: 'hello again' });
    assert.equal(env.log.recent().length, 2);
  });
});

describe('chat pipeline: failures', () => {
  it('restricted + local down: readable error with a correlation id and fix buttons; no cloud call; no secret anywhere', async () => {
    const channel = new MemoryChannel();
    const sink = new LogChannelSink(channel);
    const announcer = new RouteAnnouncer(sink);
    const log = new RouteLog();
    const cloud = new DemoProvider({ target: 'cloud' });
    const service = new RouterService({ config: () => aConfig(), local: new DemoProvider({ target: 'local', fail: 'unreachable' }), cloud, log, events: announcer });
    const token = aGithubToken();
    const stream = new FakeStream();
    const correlationId = newCorrelationId();
    const req = await toAskRequest({ prompt: `why is ${token} rejected?`, references: [] }, [], memoryReader({}), PARTICIPANT, correlationId);
    const outcome = await service.ask(req, new AbortController().signal, t => stream.markdown(t));
    const result = toChatResult(outcome, stream, { stickyRestricted: false, cloudUsable: true, commands: COMMANDS });
    assert.equal(cloud.callCount, 0);
    assert.equal(outcome.kind, 'failed');
    assert.match(stream.text(), new RegExp(`Correlation id: \`${correlationId}\``));
    assert.ok(stream.parts.some(p => p.kind === 'button' && p.value.startsWith('c.runtime|')));
    assert.ok(stream.parts.some(p => p.kind === 'button' && p.value === `c.log|Show in log|["${correlationId}"]`));
    assert.match(result.errorDetails?.message ?? '', new RegExp(correlationId));
    const everything = JSON.stringify([stream.parts, result, sink.lines(), channel.written, log.recent().map(r => [recordView(r), detailsOf(r)])]);
    assert.ok(!everything.includes(token));
  });

  it('cancellation returns an empty result and shows nothing', async () => {
    const service = new RouterService({ config: () => aConfig(), local: new DemoProvider({ target: 'local' }) });
    const controller = new AbortController();
    controller.abort();
    const stream = new FakeStream();
    const outcome = await service.ask({ prompt: 'hello there, how are you' }, controller.signal, t => stream.markdown(t));
    assert.equal(outcome.kind, 'cancelled');
    assert.deepEqual(toChatResult(outcome, stream, { stickyRestricted: false, cloudUsable: true, commands: COMMANDS }), {});
    assert.deepEqual(stream.parts, []);
  });
});
