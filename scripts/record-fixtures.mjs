// Record mode for the replay fixtures in test/fixtures (CI only replays them).
//
// With credentials for a real OpenAI-compatible endpoint (Azure OpenAI, a Foundry project's /openai/v1, a local
// Foundry Local service), this starts a recording proxy on 127.0.0.1, sends a fixed set of scenarios through it to
// the real service, and writes what came back as fixture files in the real APIs' shapes. Auth headers are never
// recorded; response ids are replaced with stable placeholders; only content-type and retry-after headers are kept.
//
//   HYBRID_RECORD_BASE_URL=https://<resource>.openai.azure.com/openai/v1 \
//   HYBRID_RECORD_API_KEY=...            (or HYBRID_RECORD_BEARER=<token>, e.g. `az account get-access-token --resource https://ai.azure.com`)
//   HYBRID_RECORD_MODEL=gpt-5.4          (deployment name or model-router)
//   [HYBRID_RECORD_OUT=test/fixtures]    (where to write; default test/fixtures)
//   node scripts/record-fixtures.mjs [scenario ...]
//
// Scenarios: models-list chat-stream responses-stream error-401 error-404 error-400-max-tokens.
// Behaviour fixtures (cut, slow, stalled streams) are derived from chat-stream by hand and are not re-recorded.
import { createServer } from 'node:http';
import { once } from 'node:events';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const base = process.env.HYBRID_RECORD_BASE_URL?.replace(/\/+$/, '');
const model = process.env.HYBRID_RECORD_MODEL;
const key = process.env.HYBRID_RECORD_API_KEY;
const bearer = process.env.HYBRID_RECORD_BEARER;
const outDir = process.env.HYBRID_RECORD_OUT ?? 'test/fixtures';
if (!base || !model || !(key || bearer)) {
  console.error('record-fixtures: set HYBRID_RECORD_BASE_URL, HYBRID_RECORD_MODEL and HYBRID_RECORD_API_KEY or HYBRID_RECORD_BEARER (see the top of this file).');
  process.exit(2);
}

const messages = [
  { role: 'system', content: 'You are a coding assistant. Answer in one short sentence.' },
  { role: 'user', content: 'Why does `for (let i = 0; i <= a.length; i++)` read past the end of the array?' },
];
const scenarios = {
  'models-list': { method: 'GET', path: '/models' },
  'chat-stream': { method: 'POST', path: '/chat/completions', body: { model, messages, stream: true, stream_options: { include_usage: true }, max_completion_tokens: 200 } },
  'responses-stream': { method: 'POST', path: '/responses', body: { model, input: messages, stream: true, store: false, max_output_tokens: 200 } },
  'error-401': { method: 'POST', path: '/chat/completions', badAuth: true, body: { model, messages, stream: true, max_completion_tokens: 50 } },
  'error-404': { method: 'POST', path: '/chat/completions', body: { model: `${model}-does-not-exist`, messages, stream: true, max_completion_tokens: 50 } },
  'error-400-max-tokens': { method: 'POST', path: '/chat/completions', body: { model, messages, stream: true, max_tokens: 50 } },
};

/** Proxy: forwards to the real base URL, returns the upstream response and what it recorded. */
let lastRecording;
const proxy = createServer(async (req, res) => {
  const chunks = [];
  for await (const chunk of req) { chunks.push(chunk); }
  const headers = { 'content-type': 'application/json' };
  const auth = req.headers['x-record-bad-auth'] ? 'Bearer invalid' : req.headers.authorization;
  if (auth) { headers.authorization = auth; }
  if (key && !req.headers['x-record-bad-auth']) { headers['api-key'] = key; }
  const upstream = await fetch(base + req.url, { method: req.method, headers, body: chunks.length ? Buffer.concat(chunks) : undefined });
  const text = await upstream.text();
  const kept = {};
  for (const name of ['content-type', 'retry-after', 'retry-after-ms']) {
    const value = upstream.headers.get(name);
    if (value && !(name === 'content-type' && value.startsWith('application/json'))) { kept[name] = value; }
  }
  const isSse = (upstream.headers.get('content-type') ?? '').includes('text/event-stream');
  lastRecording = { status: upstream.status, headers: Object.keys(kept).length ? kept : undefined, ...(isSse ? { events: parseSse(text) } : { body: safeJson(text) }) };
  res.writeHead(upstream.status, { 'content-type': upstream.headers.get('content-type') ?? 'application/json' }).end(text);
});
proxy.listen(0, '127.0.0.1');
await once(proxy, 'listening');
const proxyBase = `http://127.0.0.1:${proxy.address().port}`;

const wanted = process.argv.slice(2).length ? process.argv.slice(2) : Object.keys(scenarios);
mkdirSync(outDir, { recursive: true });
for (const name of wanted) {
  const scenario = scenarios[name];
  if (!scenario) { console.error(`unknown scenario ${name}`); continue; }
  const headers = { 'content-type': 'application/json', authorization: `Bearer ${bearer ?? key}` };
  if (scenario.badAuth) { headers['x-record-bad-auth'] = '1'; }
  const response = await fetch(proxyBase + scenario.path, { method: scenario.method, headers, body: scenario.body ? JSON.stringify(scenario.body) : undefined });
  await response.text();
  const fixture = {
    name,
    description: `Recorded from ${new URL(base).host} (${scenario.method} ${scenario.path}) on ${new Date().toISOString().slice(0, 10)}.`,
    request: { method: scenario.method, path: `/v1${scenario.path}` },
    response: scrub(lastRecording),
  };
  writeFileSync(join(outDir, `${name}.json`), JSON.stringify(fixture, null, 2) + '\n');
  console.log(`${name}: HTTP ${lastRecording.status}${lastRecording.events ? `, ${lastRecording.events.length} events` : ''}`);
}
proxy.close();

function parseSse(text) {
  return text.split(/\r?\n\r?\n/).filter(block => block.trim()).map(block => {
    let event;
    const data = [];
    for (const line of block.split(/\r?\n/)) {
      if (line.startsWith('event:')) { event = line.slice(6).trim(); }
      if (line.startsWith('data:')) { data.push(line.slice(5).trimStart()); }
    }
    const joined = data.join('\n');
    return { ...(event ? { event } : {}), data: joined === '[DONE]' ? joined : safeJson(joined) };
  });
}

function safeJson(text) {
  try { return JSON.parse(text); } catch { return text; }
}

/** Replaces ids and request-identifying values with stable placeholders. */
function scrub(recording) {
  const text = JSON.stringify(recording)
    .replace(/"(chatcmpl|resp|msg|rs|fp)_?-?[A-Za-z0-9_-]{6,}"/g, (_m, prefix) => `"${prefix}_replay"`)
    .replace(/"(system_fingerprint|obfuscation)":"[^"]*"/g, '"$1":"replay"')
    .replace(/"(created|created_at)":\d+/g, '"$1":1764190000');
  return JSON.parse(text);
}
