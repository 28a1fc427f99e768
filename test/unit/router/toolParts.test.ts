import * as assert from 'node:assert/strict';
import { decide } from '../../../src/router/policy';
import { checkPrivacy, checkPrivacyWithSpans } from '../../../src/router/privacyGate';
import { PlaceholderVault, redactRequest } from '../../../src/router/redaction';
import { restoreToolCall } from '../../../src/router/restore';
import { argumentsText, renderArguments, toolLabel } from '../../../src/router/toolParts';
import { assessComplexity } from '../../../src/router/complexity';
import { summarizeAgentTurn } from '../../../src/router/summary';
import type { AskRequest, ChatTurn, ToolCall } from '../../../src/router/types';
import { aConfig } from '../../fakes';
import { Rng, withLuhn } from './privacy/fixtures';

const OPTIONS = { sensitiveFileGlobs: [], extraPatterns: [] };
const rng = new Rng(0x7001);
const githubToken = (): string => ['gh', 'p_', rng.str(36)].join('');
const password = (): string => rng.str(12) + 'Q7z';

const call = (name: string, args: ToolCall['arguments'], id = `call_${name}`): ToolCall => ({ id, name, arguments: args });
/** An agent history: the person's request, then the model's call and the tool's result. */
function loop(result: string, args: ToolCall['arguments'] = { path: 'src/app.ts' }, toolName?: string): ChatTurn[] {
  return [
    { role: 'user', content: 'Find why the login fails' },
    { role: 'assistant', content: '', toolCalls: [call('read_file', args)] },
    { role: 'tool', content: result, toolCallId: 'call_read_file', ...(toolName ? { toolName } : {}) },
  ];
}

describe('privacy gate over tool calls and tool results', () => {
  it('a secret in a tool result is a finding of `tool-result:<tool>`, its line inside the result; the request is restricted', () => {
    const token = githubToken();
    const result = checkPrivacy({ prompt: '', history: loop(`line one\nconst auth = "${token}";\n`) }, OPTIONS);
    assert.equal(result.privacy, 'restricted');
    assert.deepEqual(result.findings.map(f => [f.rule, f.source, f.line]), [['github-token', 'tool-result:read_file', 2]]);
    assert.ok(!JSON.stringify(result).includes(token.slice(6, 14)));
  });

  it('the tool name comes from the turn, or from the call it answers', () => {
    const token = githubToken();
    const own = checkPrivacy({ prompt: '', history: loop(`t=${token}`, {}, 'grep_search') }, OPTIONS);
    assert.equal(own.findings[0].source, 'tool-result:grep_search');
    const orphan = checkPrivacy({ prompt: '', history: [{ role: 'tool', content: `t=${token}`, toolCallId: 'nobody' }] }, OPTIONS);
    assert.equal(orphan.findings[0].source, 'tool-result:tool');
  });

  it('a secret in the arguments the model sent is a finding of `tool-call:<tool>`, with the key as context', () => {
    const pw = password();
    const token = githubToken();
    const history: ChatTurn[] = [
      { role: 'user', content: 'deploy it' },
      { role: 'assistant', content: 'Running it.', toolCalls: [call('run_in_terminal', { command: `curl -H "Authorization: token ${token}" https://api.example.com` }), call('write_config', { db: { password: pw } })] },
    ];
    const result = checkPrivacy({ prompt: 'go on', history }, OPTIONS);
    assert.equal(result.privacy, 'restricted');
    const sources = result.findings.map(f => f.source).sort();
    assert.deepEqual([...new Set(sources)], ['tool-call:run_in_terminal', 'tool-call:write_config']);
  });

  it('a tool name that is not a plain identifier never reaches a source label', () => {
    assert.equal(toolLabel('read_file'), 'read_file');
    assert.equal(toolLabel('name with spaces and "quotes"'), 'tool');
    assert.equal(toolLabel('x'.repeat(65)), 'tool');
  });

  it('the reason names the tool whose result held the secret', () => {
    const req: AskRequest = { prompt: '', history: loop(`const auth = "${githubToken()}";`) };
    const privacy = checkPrivacy(req, OPTIONS);
    const decision = decide({ correlationId: 'c', privacy, complexity: assessComplexity({ prompt: 'x' }, { localContextTokens: 8000 }), mode: 'auto', spentTodayUsd: 0, config: aConfig() });
    assert.equal(decision.target, 'local');
    assert.match(decision.reason, /^Kept on this device: a GitHub token in the result of `read_file` \(line 1\)\.$/);
  });

  it('the reason for arguments names the call', () => {
    const req: AskRequest = { prompt: 'next', history: [{ role: 'assistant', content: '', toolCalls: [call('run_in_terminal', { command: `export GITHUB_TOKEN=${githubToken()}` })] }] };
    const decision = decide({ correlationId: 'c', privacy: checkPrivacy(req, OPTIONS), complexity: assessComplexity(req, { localContextTokens: 8000 }), mode: 'auto', spentTodayUsd: 0, config: aConfig() });
    assert.match(decision.reason, /in the arguments of a `run_in_terminal` call/);
  });

  it('a secret in the caller\'s instructions (an agent\'s system message) is found and named', () => {
    const req: AskRequest = { prompt: 'hi', instructions: `You are a bot. Use token ${githubToken()} for the API.` };
    const privacy = checkPrivacy(req, OPTIONS);
    assert.deepEqual(privacy.findings.map(f => f.source), ['instructions']);
    const decision = decide({ correlationId: 'c', privacy, complexity: assessComplexity(req, { localContextTokens: 8000 }), mode: 'auto', spentTodayUsd: 0, config: aConfig() });
    assert.match(decision.reason, /in the system instructions/);
  });

  it('an agent turn after tool results is labelled by turn and tool names, never by content', () => {
    const token = githubToken();
    const findings = checkPrivacy({ prompt: '', history: loop(`t=${token}`) }, OPTIONS).findings;
    const label = summarizeAgentTurn(findings, { turn: 3, toolResults: ['read_file', 'read_file', 'grep_search'] });
    assert.equal(label, '[restricted] agent turn 3 · read_file, grep_search results');
    assert.equal(summarizeAgentTurn([], { turn: 2, toolResults: [] }), 'agent turn 2 · tool results');
  });

  it('clean tool results make the request internal (workspace content), not restricted', () => {
    const result = checkPrivacy({ prompt: '', history: loop('export function add(a, b) { return a + b; }\n') }, OPTIONS);
    assert.equal(result.privacy, 'internal');
    assert.deepEqual(result.findings, []);
  });
});

describe('redaction of tool calls and tool results', () => {
  it('replaces values in results and in string arguments; the same value gets one placeholder everywhere', () => {
    const token = githubToken();
    const history: ChatTurn[] = [
      { role: 'user', content: 'check the token' },
      { role: 'assistant', content: '', toolCalls: [call('read_file', { path: '.github/config', hint: `token ${token}`, depth: 2 })] },
      { role: 'tool', content: `auth = "${token}"\n`, toolCallId: 'call_read_file' },
    ];
    const req: AskRequest = { prompt: '', history };
    const vault = new PlaceholderVault();
    const { spans } = checkPrivacyWithSpans(req, OPTIONS);
    const redaction = redactRequest(req, spans, vault);
    assert.equal(redaction.kind, 'redacted');
    if (redaction.kind !== 'redacted') { return; }
    const text = JSON.stringify(redaction.request);
    assert.ok(!text.includes(token.slice(4, 12)), 'no piece of the token is left');
    const redactedCall = redaction.request.history![1].toolCalls![0];
    assert.deepEqual(redactedCall.arguments, { path: '.github/config', hint: 'token \u27e6SECRET_1\u27e7', depth: 2 });
    assert.equal(redaction.request.history![2].content, 'auth = "\u27e6SECRET_1\u27e7"\n');
    assert.equal(redaction.request.history![2].toolCallId, 'call_read_file');
    // The redacted copy holds no finding any more.
    assert.equal(checkPrivacy(redaction.request, OPTIONS).privacy, 'internal');
  });

  it('a value the gate finds in a number argument cannot be replaced: the request is refused redaction', () => {
    const digits = withLuhn('4539' + rng.digits(11));
    const req: AskRequest = { prompt: 'charge it', history: [{ role: 'assistant', content: '', toolCalls: [call('charge', { card: Number(digits) })] }] };
    const { result, spans } = checkPrivacyWithSpans(req, OPTIONS);
    assert.equal(result.privacy, 'restricted');
    assert.equal(redactRequest(req, spans, new PlaceholderVault()).kind, 'refused');
  });

  it('placeholders in the arguments a cloud model returns are put back before the tool runs; keys stay as written', () => {
    const vault = new PlaceholderVault();
    const token = githubToken();
    const placeholder = vault.placeholderFor(token, 'secret');
    const restored = restoreToolCall(call('set_secret', { value: placeholder, nested: [{ note: `use ${placeholder} twice: ${placeholder}` }], n: 3, other: '\u27e6SECRET_9\u27e7' }), vault);
    assert.deepEqual(restored.arguments, { value: token, nested: [{ note: `use ${token} twice: ${token}` }], n: 3, other: '\u27e6SECRET_9\u27e7' });
  });

  it('the text-only rendering the gate scans without redaction is the text the leaves point into', () => {
    const samples = [{ path: 'a.ts', opts: { lines: [1, 2], deep: 'multi\nline' } }, {}, { a: [[], [null, true]], 'b c': { d: 'x' } }, { n: 1.5 }];
    for (const args of samples) {
      assert.equal(argumentsText(args), renderArguments(args).text, JSON.stringify(args));
    }
  });

  it('renders one `key: value` line per scalar, offsets pointing at each value', () => {
    const rendered = renderArguments({ path: 'a.ts', opts: { lines: [1, 2], deep: 'multi\nline' } });
    assert.equal(rendered.text, 'path: a.ts\nlines: 1\nlines: 2\ndeep: multi\nline\n');
    assert.deepEqual(rendered.leaves.map(l => rendered.text.slice(l.start, l.end)), ['a.ts', '1', '2', 'multi\nline']);
    assert.deepEqual(rendered.leaves.map(l => l.isString), [true, false, false, true]);
  });
});
