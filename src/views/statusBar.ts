/**
 * Status bar item: mode in words plus local/cloud availability as last seen by a probe or a real call
 * ("$(shield) Hybrid: Auto · local ✓ · cloud ✗"), ⚠ when a side answers but something looks off, the last route
 * taken, and "(demo)" when a side is the built-in demo. Clicking it opens the mode quick pick.
 */
import type * as vscode from 'vscode';
import { modeLabel } from '../present/modes';
import { escapeMarkdown, markdownWithCode } from '../present/text';
import type { Mode, ServedPath } from '../router/types';
import type { SideState } from '../runtime/sideMonitor';

/** What the status bar knows about one side: the side monitor's state (runtime/sideMonitor.ts). */
export type SideStatus = SideState;

export interface StatusState {
  readonly mode: Mode;
  readonly local: SideStatus;
  readonly cloud: SideStatus;
  readonly lastPath?: ServedPath;
}

function sideText(name: string, side: SideStatus): string {
  if (!side.configured) { return `${name} off`; }
  const mark = side.available === undefined ? '…' : !side.available ? '✗' : side.warning ? '⚠' : '✓';
  return `${name} ${mark}${side.isDemo ? ' (demo)' : ''}`;
}

/** "$(shield) Hybrid: Auto · local ✓ (demo) · cloud ✗ · last: local". */
export function statusText(state: StatusState): string {
  const parts = [`$(shield) Hybrid: ${modeLabel(state.mode)}`, sideText('local', state.local), sideText('cloud', state.cloud)];
  if (state.lastPath) { parts.push(`last: ${state.lastPath.replace('_', ' ')}`); }
  return parts.join(' · ');
}

/** Markdown tooltip with the detail of each side (no prompt text ever reaches here). */
export function statusTooltip(state: StatusState): string {
  const side = (name: string, s: SideStatus): string => {
    if (!s.configured) { return `**${name}:** off`; }
    const availability = s.available === undefined ? 'checking…' : s.available ? (s.warning ? 'answers, with a warning' : 'available') : 'unavailable';
    const why = !s.available ? s.detail : s.warning;
    return `**${name}:** ${escapeMarkdown(s.label)} — ${availability}${why ? `\n\n  ${markdownWithCode(why)}` : ''}`;
  };
  return [`**Hybrid Agent** — mode: ${modeLabel(state.mode)}`, side('Local', state.local), side('Cloud', state.cloud), 'Click to change the mode.'].join('\n\n');
}

/** Owns the StatusBarItem; `update()` merges a partial state and re-renders. */
export class HybridStatusBar implements vscode.Disposable {
  private state: StatusState;

  constructor(private readonly item: vscode.StatusBarItem, initial: StatusState, setModeCommand: string, private readonly markdown: (value: string) => vscode.MarkdownString) {
    this.state = initial;
    item.name = 'Hybrid Agent';
    item.command = setModeCommand;
    this.render();
    item.show();
  }

  current(): StatusState {
    return this.state;
  }

  /** What the item shows (text and tooltip markdown). */
  shown(): { readonly text: string; readonly tooltip: string } {
    return { text: this.item.text, tooltip: statusTooltip(this.state) };
  }

  update(patch: Partial<StatusState>): void {
    this.state = { ...this.state, ...patch };
    this.render();
  }

  dispose(): void {
    this.item.dispose();
  }

  private render(): void {
    this.item.text = statusText(this.state);
    this.item.tooltip = this.markdown(statusTooltip(this.state));
  }
}
