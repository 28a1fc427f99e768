/**
 * The real @hybrid handler (chatHandler.ts, the one participant.ts calls) without VS Code: chat request → convert →
 * the real RouterService (real privacy gate, classifier, policy) on the demo providers the first run uses →
 * progress line, streamed answer, route line, metadata, follow-ups, route log, tree rows and log lines.
 */
import { strict as assert } from 'node:assert';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { WorkspaceTools } from '../../../src/chat/workspaceTools';
import { handleChatRequest, PARTICIPANT_ID, type ChatHandlerDeps } from '../../../src/chat/chatHandler';
import type { FixCommands, HybridChatMetadata } from '../../../src/chat/chatResult';
import type { ReferenceReader, UriLike } from '../../../src/chat/convert';
import { ANSWER_LOCALLY_PROMPT, followupsFor, RecentRequests } from '../../../src/chat/followups';
import { RouteAnnouncer } from '../../../src/chat/routeAnnouncer';
import { HybridRuntime } from '../../../src/runtime/hybridRuntime';
import { buildConfig, type InspectedSetting } from '../../../src/config';
import { DemoProvider } from '../../../src/providers/demo';
import { BudgetLedger } from '../../../src/router/budget';
import { RouteLog } from '../../../src/router/routeLog';
import { RouterService } from '../../../src/router/service';
import { LogChannelSink, type LevelLogger } from '../../../src/views/logChannel';
import { statusText } from '../../../src/views/statusBar';
import { detailsOf, recordView } from '../../../src/views/treeModel';
import { aConfig, aConnectionString, aGithubToken } from '../../fakes';

const PARTICIPANT = PARTICIPANT_ID;
const COMMANDS: FixCommands = { signIn: 'c.signIn', setCloudApiKey: 'c.key', openSettings: 'c.settings', checkLocalRuntime: 'c.runtime', selectLocalModel: 'c.model', openInLog: 'c.log' };

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
  const log = new RouteLog();
  // eslint-disable-next-line prefer-const -- the announcer asks the runtime, which is built after it
  let runtime: HybridRuntime;
  const announcer = new RouteAnnouncer(sink, id => runtime.isDemo(id));
  runtime = new HybridRuntime({
    log, events: announcer, budget: new BudgetLedger(),
    credentials: { cloudApiKey: async () => undefined, localApiKey: async () => undefined, azure: () => undefined },
    machine: () => ({}), note: (level, message) => sink.note(level, message),
  }, buildConfig(key => settings[key]));
  const recent = new RecentRequests();

  const unexpected: unknown[] = [];
  const deps = (reader: ReferenceReader, service = () => runtime.service(), agent?: ChatHandlerDeps['agent']): ChatHandlerDeps => ({
    service, announcer, reader, recent, commands: COMMANDS, isDemo: id => runtime.isDemo(id), cloudUsable: () => runtime.cloudUsable(),
    unexpected: (_where, e) => unexpected.push(e), agent,
  });

  /** One @hybrid request through the real handler. */
  async function chat(request: { prompt: string; command?: string; references?: { id: string; value: unknown }[]; model?: { vendor: string; id: string } }, history: unknown[] = [], reader = memoryReader({}), service?: () => RouterService, agent?: ChatHandlerDeps['agent']) {
    const stream = new FakeStream();
    const result = await handleChatRequest(deps(reader, service, agent), { ...request, references: request.references ?? [] }, history, stream, new AbortController().signal);
    const turn = [{ prompt: request.prompt, participant: PARTICIPANT, command: request.command, references: [] }, { response: [{ value: { value: stream.parts.filter(p => p.kind === 'markdown').map(p => p.value).join('') } }], result, participant: PARTICIPANT, command: request.command }];
    return { stream, result, meta: result.metadata as HybridChatMetadata | undefined, turn };
  }
  return { channel, sink, log, runtime, recent, chat, unexpected, announcer };
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
    assert.match(footer, /local · demo-local \(demo\)\*\* · .* · \$0 \(local\)_$/);
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

  it('with redactForCloud, /cloud with a secret goes as a redacted copy: the progress line counts it, "Answer locally instead" re-asks on the device', async () => {
    const env = setup({ 'privacy.onSecret': { globalValue: 'redactForCloud' } });
    const token = aGithubToken();
    const { stream, meta, result, turn } = await env.chat({ prompt: `is ${token} a valid token format?`, command: 'cloud' });
    assert.equal(meta?.path, 'cloud');
    assert.equal(meta?.privacy, 'restricted');
    assert.deepEqual(meta?.decision?.redaction, { count: 1, rules: ['github-token'] });
    assert.equal(stream.parts[0].value, '→ cloud · demo-cloud (demo) · 1 secret redacted (github-token)');
    assert.ok(!surfaces(env, [stream.parts.filter(p => p.kind !== 'markdown'), result]).includes(token.slice(4, 20)), 'secret leaked to a surface');
    const local = followupsFor(result, env.recent).find(f => f.label === 'Answer locally instead');
    assert.deepEqual(local && { prompt: local.prompt, command: local.command }, { prompt: ANSWER_LOCALLY_PROMPT, command: 'local' });
    const again = await env.chat({ prompt: ANSWER_LOCALLY_PROMPT, command: 'local' }, turn);
    assert.equal(again.meta?.path, 'local');
  });

  it('a workspace cannot turn redaction on: /cloud with a secret stays local', async () => {
    const env = setup({ 'privacy.onSecret': { workspaceValue: 'redactForCloud' } });
    const { meta, result } = await env.chat({ prompt: `is ${aGithubToken()} a valid token format?`, command: 'cloud' });
    assert.equal(meta?.path, 'local');
    assert.equal(meta?.decision?.redaction, undefined);
    assert.ok(!followupsFor(result, env.recent).some(f => f.label === 'Answer locally instead'));
  });

  it('/cloud with a secret stays local and the reply explains the refusal', async () => {
    const env = setup();
    const token = aGithubToken();
    const { stream, meta } = await env.chat({ prompt: `is ${token} a valid token format?`, command: 'cloud' });
    assert.equal(meta?.path, 'local');
    assert.match(stream.text(), /\/cloud was not used: /);
    assert.ok(!surfaces(env, [stream.parts.filter(p => p.kind !== 'markdown')]).includes(token));
  });

  it('local-only mode: no cloud side at all, and the LM/status surfaces say so', () => {
    const env = setup({ mode: { globalValue: 'localOnly' } });
    assert.equal(env.runtime.providers().cloud, undefined);
    assert.equal(env.runtime.cloudUsable(), false);
    const text = statusText({ mode: 'localOnly', local: { configured: true, isDemo: true, label: 'x', available: true }, cloud: { configured: false, isDemo: false, label: 'off' } });
    assert.equal(text, '$(shield) Hybrid: Local only · local ✓ (demo) · cloud off');
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

describe('chat handler: the route line says why', () => {
  it('the last line names side, model and the one-sentence reason, and survives the progress fold (it is markdown)', async () => {
    const env = setup();
    const token = aGithubToken();
    const { stream } = await env.chat({ prompt: `why is ${token} rejected?` });
    const last = stream.parts.filter(p => p.kind === 'markdown').at(-1)?.value ?? '';
    assert.match(last, /^\n\n---\n\*\*local · demo-local \(demo\)\*\* · Kept on this device/);
    assert.match(last, /secret|token/i);
    assert.match(last, /_\d+ ms · \d+→\d+ tokens · \$0 \(local\)_$/);
    assert.ok(!last.includes(token));
  });

  it('a sticky restriction is said in the route line of the later answer', async () => {
    const env = setup();
    const first = await env.chat({ prompt: `my connection string is ${aConnectionString()} — why does it time out?` });
    const second = await env.chat({ prompt: 'and how do I add a retry?' }, first.turn);
    const last = second.stream.parts.filter(p => p.kind === 'markdown').at(-1)?.value ?? '';
    assert.match(last, /earlier turn/i);
  });

  it('picking "Hybrid (cloud)" with a secret says the cloud was not used, as /cloud does', async () => {
    const env = setup();
    const { stream, meta } = await env.chat({ prompt: `is ${aGithubToken()} a valid token format?`, model: { vendor: 'hybrid-agent', id: 'hybrid-cloud' } });
    assert.equal(meta?.path, 'local');
    assert.match(stream.text(), /Hybrid \(cloud\) was not used: /);
  });

  it('/explain says precisely what is sent: nothing to an answering model, maybe the local router model', async () => {
    const env = setup();
    const { stream, meta } = await env.chat({ prompt: 'Would a refactor of the billing module go to the cloud?', command: 'explain' });
    assert.equal(meta?.command, 'explain');
    assert.match(stream.text(), /Nothing was sent to an answering model\. Only the local router model on this device may have been consulted/);
  });
});

describe('chat handler: failures', () => {
  it('restricted + local down: the error once (title, message, correlation id) and fix buttons; no cloud call; no secret anywhere', async () => {
    const env = setup();
    const cloud = new DemoProvider({ target: 'cloud' });
    const service = new RouterService({ config: () => aConfig(), local: new DemoProvider({ target: 'local', fail: 'unreachable' }), cloud, log: env.log, events: env.announcer });
    const token = aGithubToken();
    const { stream, result, meta } = await env.chat({ prompt: `why is ${token} rejected?` }, [], memoryReader({}), () => service);
    assert.equal(cloud.callCount, 0);
    assert.equal(meta?.errorCode, 'restricted_local_unavailable');
    const id = meta?.correlationId ?? '';
    const message = result.errorDetails?.message ?? '';
    assert.match(message, /^Kept on this device, but the local model is unavailable\. /);
    assert.equal(message.split(id).length, 2, 'the correlation id once');
    assert.ok(!/[`*]/.test(message), 'plain text: no markdown marks where markdown is not rendered');
    assert.equal(stream.parts.filter(p => p.kind === 'markdown').length, 0, 'the error is not repeated in the answer');
    assert.ok(stream.parts.some(p => p.kind === 'button' && p.value.startsWith('c.runtime|')));
    assert.ok(stream.parts.some(p => p.kind === 'button' && p.value === `c.log|Show in log|["${id}"]`));
    const everything = JSON.stringify([stream.parts, result, env.sink.lines(), env.channel.written, env.log.recent().map(r => [recordView(r), detailsOf(r)])]);
    assert.ok(!everything.includes(token));
  });

  it('a cloud failure offers the fix the configured cloud needs: the API key for an OpenAI-compatible cloud', async () => {
    const env = setup();
    const service = new RouterService({ config: () => aConfig(), local: new DemoProvider({ target: 'local', fail: 'unreachable' }), cloud: new DemoProvider({ target: 'cloud', fail: 'auth' }) });
    const stream = new FakeStream();
    const deps: ChatHandlerDeps = {
      service: () => service, announcer: env.announcer, reader: memoryReader({}), recent: env.recent, commands: COMMANDS, isDemo: () => true,
      cloudUsable: () => true, cloudFix: () => 'apiKey', unexpected: () => undefined,
    };
    const result = await handleChatRequest(deps, { prompt: 'Explain in detail how this function works and analyse what happens when the list is empty.', references: [] }, [], stream, new AbortController().signal);
    assert.equal(result.metadata?.errorCode, 'all_providers_failed');
    assert.ok(stream.parts.some(p => p.value.startsWith('c.key|Set cloud API key')));
    assert.ok(!stream.parts.some(p => p.value.startsWith('c.signIn|')));
  });

  it('cancellation returns an empty result and shows nothing', async () => {
    const env = setup();
    const stream = new FakeStream();
    const controller = new AbortController();
    controller.abort();
    const result = await handleChatRequest({
      service: () => env.runtime.service(), announcer: env.announcer, reader: memoryReader({}), recent: env.recent, commands: COMMANDS,
      isDemo: () => true, cloudUsable: () => true, unexpected: () => undefined,
    }, { prompt: 'hello there, how are you', references: [] }, [], stream, controller.signal);
    assert.deepEqual(result, {});
    assert.deepEqual(stream.parts.filter(p => p.kind !== 'progress'), []);
  });

  it('an unexpected error is logged once and answered with a short message', async () => {
    const env = setup();
    const { result } = await env.chat({ prompt: 'hi' }, [], memoryReader({}), () => { throw new Error('boom'); });
    assert.equal(env.unexpected.length, 1);
    assert.match(result.errorDetails?.message ?? '', /unexpected error/);
  });
});

describe('chat handler: @hybrid as an agent (demo models, real router, the real read-only tools)', () => {
  let folder: string;
  before(() => {
    folder = mkdtempSync(join(tmpdir(), 'hybrid-agent-ws-'));
    mkdirSync(join(folder, 'src'));
    writeFileSync(join(folder, 'src', 'orders.ts'), 'export function unpaidTotal() { return 0; }\n');
    writeFileSync(join(folder, 'src', 'db.ts'), `// Database settings\nconst DATABASE_URL = "${aConnectionString()}";\n`);
  });
  after(() => rmSync(folder, { recursive: true, force: true }));

  /** The tools as VS Code lists them (package.json languageModelTools), run by WorkspaceTools on the folder. */
  function agent(maxTurns = 8): NonNullable<ChatHandlerDeps['agent']> {
    const pkg = JSON.parse(readFileSync(join(__dirname, '../../../../package.json'), 'utf8')) as { contributes: { languageModelTools: { name: string; modelDescription: string; inputSchema: Record<string, unknown> }[] } };
    const tools = new WorkspaceTools(() => [{ name: 'ws', path: folder }]);
    const run: Record<string, (input: Record<string, unknown>) => Promise<{ text: string }>> = {
      hybridAgent_readFile: input => tools.readFile(input), hybridAgent_findFiles: input => tools.findFiles(input), hybridAgent_searchText: input => tools.searchText(input),
    };
    return {
      maxTurns: () => maxTurns,
      toolbox: () => ({
        specs: pkg.contributes.languageModelTools.map(t => ({ name: t.name, description: t.modelDescription, parameters: t.inputSchema })),
        invoke: async call => (await run[call.name](call.arguments)).text,
      }),
    };
  }

  it('reads the file the prompt names with its own tool, shows the tool use with its side, answers with the route line', async () => {
    const env = setup();
    const { stream, meta } = await env.chat({ prompt: 'What does src/orders.ts export?' }, [], memoryReader({}), undefined, agent());
    const markdown = stream.parts.filter(p => p.kind === 'markdown').map(p => p.value).join('');
    assert.match(markdown, /Read `src\/orders\.ts` \(local\)/);
    assert.match(markdown, /\[demo\] The tool `hybridAgent_readFile` returned \d+ characters; its first line: "export function unpaidTotal/);
    assert.match(markdown, /---\n\*\*local · demo-local \(demo\)\*\*/);
    assert.notEqual(meta?.privacy, 'restricted');
    const turns = [...env.log.recent()].reverse().map(r => r.agent);
    assert.deepEqual(turns.map(a => [a?.turn, a?.toolCalls.join(','), a?.toolResults.join(',')]), [[1, 'hybridAgent_readFile', ''], [2, '', 'hybridAgent_readFile']]);
    assert.equal(turns[0]?.sessionId, turns[1]?.sessionId);
    assert.equal(turns[0]?.toolsOffered, 3);
  });

  it('a file holding a secret: the turn carrying it is restricted and local, the conversation stays local, the secret is on no surface', async () => {
    const env = setup();
    const { stream, meta, result } = await env.chat({ prompt: 'Explain src/db.ts', command: 'cloud' }, [], memoryReader({}), undefined, agent());
    const records = [...env.log.recent()].reverse();
    assert.deepEqual(records.map(r => (r.kind === 'answered' ? `${r.response.path}/${r.response.privacy}` : r.kind)), ['cloud/public', 'local/restricted']);
    assert.equal(meta?.privacy, 'restricted');
    assert.equal(meta?.stickyRestricted, true);
    const markdown = stream.parts.filter(p => p.kind === 'markdown').map(p => p.value).join('');
    assert.match(markdown, /Read `src\/db\.ts` \(cloud\)/);
    const secret = /Password=([^;]+)/.exec(readFileSync(join(folder, 'src', 'db.ts'), 'utf8'))?.[1] ?? '';
    assert.ok(secret.length > 10);
    assert.ok(!surfaces(env, [stream.parts.filter(p => p.kind !== 'markdown'), result]).includes(secret), 'secret leaked to a surface');
  });

  it('stops at the turn cap and says how to raise it', async () => {
    const env = setup();
    const { stream } = await env.chat({ prompt: 'What does src/orders.ts export?' }, [], memoryReader({}), undefined, agent(1));
    const markdown = stream.parts.filter(p => p.kind === 'markdown').map(p => p.value).join('');
    assert.match(markdown, /Stopped after 1 turns: .*hybridAgent\.agent\.maxTurns/);
    assert.equal(env.log.recent().length, 1);
  });
});
