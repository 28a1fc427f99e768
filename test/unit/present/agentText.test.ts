import { strict as assert } from 'node:assert';
import { toolUseLine, turnCapNote } from '../../../src/present/agentText';

describe('chat/agentText: tool uses in the chat', () => {
  const call = (name: string, args: Record<string, unknown>) => ({ id: 'c', name, arguments: args });

  it('says what ran and for which side: reads name the file, finds their pattern, searches their query, others the tool', () => {
    assert.equal(toolUseLine(call('hybridAgent_readFile', { path: 'src/app.ts' }), 'local'), 'Read `src/app.ts` (local)');
    assert.equal(toolUseLine(call('read_file', { filePath: '/w/a.ts' }), 'cloud'), 'Read `/w/a.ts` (cloud)');
    assert.equal(toolUseLine(call('hybridAgent_findFiles', { pattern: '**/*.ts' }), 'local_fallback'), 'Listed files matching `**/*.ts` (local, after the cloud failed)');
    assert.equal(toolUseLine(call('hybridAgent_searchText', { query: 'TODO' }), 'cloud_fallback'), 'Searched for `TODO` (cloud, after the local model failed)');
    assert.equal(toolUseLine(call('run_in_terminal', { command: 'ls' }), 'local'), 'Ran `run_in_terminal` (local)');
  });

  it('keeps shown arguments inside their code span and short', () => {
    assert.equal(toolUseLine(call('readFile', { path: 'a`b.ts' }), 'local'), "Read `a'b.ts` (local)");
    const long = toolUseLine(call('readFile', { path: 'x'.repeat(200) }), 'local');
    assert.ok(long.length < 100 && long.includes('…'), long);
  });

  it('the turn-cap note names the setting', () => {
    assert.match(turnCapNote(8), /Stopped after 8 turns.*hybridAgent\.agent\.maxTurns/);
  });
});
