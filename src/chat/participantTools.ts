/**
 * The tools of one @hybrid request, through VS Code: the extension's own read-only tools plus the ones the person
 * attached (`request.toolReferences`), described as VS Code lists them. Attached tools run with vscode.lm.invokeTool
 * under the request's invocation token (so the chat shows each run and asks for confirmation where a tool wants it).
 * The own tools run here directly: their results then stay out of VS Code's stored chat history (a file the model
 * read may hold a secret); the chat shows each use as a line of the answer.
 */
import * as vscode from 'vscode';
import type { ToolSpec } from '../router/types';
import type { AgentToolbox } from './agentLoop';
import { OWN_TOOLS, ownTools, workspaceTools } from './agentTools';
import type { ChatRequestLike } from './convert';
import { toolResultText } from './lmMessages';

export function participantToolbox(request: ChatRequestLike, token: vscode.CancellationToken): AgentToolbox {
  const wanted = new Set([...OWN_TOOLS, ...(request.toolReferences ?? []).map(t => t.name)]);
  const specs: ToolSpec[] = vscode.lm.tools.filter(t => wanted.has(t.name)).map(t => ({
    name: t.name,
    description: t.description,
    ...(t.inputSchema ? { parameters: t.inputSchema as Record<string, unknown> } : {}),
  }));
  const offered = new Set(specs.map(s => s.name));
  const own = ownTools(workspaceTools());
  return {
    specs,
    invoke: async (call, signal) => {
      if (!offered.has(call.name)) { return `There is no tool named \`${call.name}\` in this conversation. Use one of: ${[...offered].join(', ')}.`; }
      try {
        if (own[call.name]) { return (await own[call.name].run(call.arguments, signal)).text; }
        const result = await vscode.lm.invokeTool(call.name, {
          input: call.arguments, toolInvocationToken: request.toolInvocationToken as vscode.ChatParticipantToolToken | undefined,
        }, token);
        return toolResultText(result.content) || '(the tool returned nothing)';
      } catch (e) {
        // A declined confirmation or a failing tool is an answer the model can work with.
        return `The tool \`${call.name}\` did not run: ${e instanceof Error ? e.message : String(e)}`;
      }
    },
  };
}
