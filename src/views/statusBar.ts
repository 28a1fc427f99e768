/**
 * Status bar item: mode plus local/cloud availability ("$(shield) Hybrid: auto · local ✓ · cloud ✗"), the last
 * route taken, and "(demo)" when a side is the built-in demo. Clicking it opens the mode quick pick.
 */
import type * as vscode from 'vscode';
import type { Mode, ServedPath } from '../router/types';

/** What the status bar knows about one side. `available` undefined = still probing. */
export interface SideStatus {
  readonly configured: boolean;
  readonly available?: boolean;
  readonly isDemo: boolean;
  readonly label: string;
  /** Why unavailable, with what to do (from ProbeResult.detail). */
  readonly detail?: string;
}

export interface StatusState {
  readonly mode: Mode;
  readonly local: SideStatus;
  readonly cloud: SideStatus;
  readonly lastPath?: ServedPath;
}

function sideText(name: string, side: SideStatus): string {
  if (!side.configured) { return `${name} off`; }
  const mark = side.available === undefined ? '…' : side.available ? '✓' : '✗';
  return `${name} ${mark}${side.isDemo ? ' (demo)' : ''}`;
}

/** "$(shield) Hybrid: auto · local ✓ (demo) · cloud ✗ · last: local". */
export function statusText(state: StatusState): string {
  const parts = [`$(shield) Hybrid: ${state.mode}`, sideText('local', state.local), sideText('cloud', state.cloud)];
  if (state.lastPath) { parts.push(`last: ${state.lastPath.replace('_', ' ')}`); }
  return parts.join(' · ');
}

/** Markdown tooltip with the detail of each side (no prompt text ever reaches here). */
export function statusTooltip(state: StatusState): string {
  const side = (name: string, s: SideStatus): string => {
    if (!s.configured) { return `**${name}:** off`; }
    const availability = s.available === undefined ? 'checking…' : s.available ? 'available' : 'unavailable';
    return `**${name}:** ${s.label} — ${availability}${s.detail && !s.available ? `\n\n  ${s.detail}` : ''}`;
  };
  return [`**Hybrid Agent** — mode \`${state.mode}\``, side('Local', state.local), side('Cloud', state.cloud), 'Click to change the mode.'].join('\n\n');
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
