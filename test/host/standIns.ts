/**
 * Scripted local and cloud models on 127.0.0.1 as the extension's two sides: both OpenAI-compatible, the router
 * model off, the cloud key from the environment. stop() puts the settings back and stops both servers.
 */
import * as vscode from 'vscode';
import { untilConfig, type HybridAgentApi } from './support';
import { ToolServer, type ScriptedReply, type WireRequest } from './toolServer';

const SETTINGS = ['local.provider', 'local.endpoint', 'local.model', 'cloud.provider', 'cloud.endpoint', 'cloud.deployment', 'router.enabled'];

export interface StandIns {
  readonly local: ToolServer;
  readonly cloud: ToolServer;
  stop(): Promise<void>;
}

export async function useStandIns(api: HybridAgentApi, script: (req: WireRequest) => ScriptedReply): Promise<StandIns> {
  const settings = () => vscode.workspace.getConfiguration('hybridAgent');
  const set = (key: string, value: unknown) => settings().update(key, value, vscode.ConfigurationTarget.Global);
  const local = await ToolServer.start(script);
  const cloud = await ToolServer.start(script);
  process.env.HYBRID_CLOUD_API_KEY = 'host-test-key';
  await set('router.enabled', false);
  await set('local.provider', 'openaiCompatible');
  await set('local.endpoint', local.baseUrl);
  await set('local.model', 'local-scripted');
  await set('cloud.provider', 'openaiCompatible');
  await set('cloud.endpoint', cloud.baseUrl);
  await set('cloud.deployment', 'cloud-scripted');
  await untilConfig(api, c => c.local.endpoint === local.baseUrl && c.cloud.endpoint === cloud.baseUrl && c.cloud.deployment === 'cloud-scripted');
  return {
    local, cloud,
    stop: async () => {
      for (const key of SETTINGS) { await set(key, undefined); }
      delete process.env.HYBRID_CLOUD_API_KEY;
      await untilConfig(api, c => c.local.endpoint === '' && c.cloud.endpoint === '');
      await local.stop();
      await cloud.stop();
    },
  };
}
