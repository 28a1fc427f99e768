/**
 * Mocha reporter for the extension host: plain console.log lines (the only output the test harness forwards from
 * the host to the runner), then the `host: N passed, N failed` line scripts/vscode-tests.mjs reads.
 */
import type * as Mocha from 'mocha';

const EVENT_TEST_PASS = 'pass';
const EVENT_TEST_FAIL = 'fail';
const EVENT_TEST_PENDING = 'pending';
const EVENT_SUITE_BEGIN = 'suite';
const EVENT_RUN_END = 'end';

export const HOST_LAYER_LABEL = 'host';
/** Marks reporter lines among the workbench's own console output, which the runner hides unless verbose. */
export const REPORT_PREFIX = '[host-test] ';

function report(text: string): void {
  for (const line of text.split('\n')) {
    console.log(`${REPORT_PREFIX}${line}`);
  }
}

export class HostReporter {
  constructor(runner: Mocha.Runner) {
    let passed = 0;
    let failed = 0;
    let pending = 0;
    runner.on(EVENT_SUITE_BEGIN, (suite: Mocha.Suite) => {
      if (suite.title) {
        report(`${'  '.repeat(depth(suite))}${suite.title}`);
      }
    });
    runner.on(EVENT_TEST_PASS, (test: Mocha.Test) => {
      passed++;
      report(`${'  '.repeat(depth(test))}✓ ${test.title}`);
    });
    runner.on(EVENT_TEST_PENDING, (test: Mocha.Test) => {
      pending++;
      report(`${'  '.repeat(depth(test))}- ${test.title} (skipped)`);
    });
    runner.on(EVENT_TEST_FAIL, (test: Mocha.Test, error: Error) => {
      failed++;
      report(`${'  '.repeat(depth(test))}✗ ${test.fullTitle()}\n${indent(error?.stack ?? String(error))}`);
    });
    runner.once(EVENT_RUN_END, () => {
      const skipped = pending ? `, ${pending} skipped` : '';
      report(`${HOST_LAYER_LABEL}: ${passed} passed, ${failed} failed${skipped}`);
    });
  }
}

function depth(runnable: Mocha.Runnable | Mocha.Suite): number {
  let level = 0;
  for (let parent = runnable.parent; parent && !parent.root; parent = parent.parent) {
    level++;
  }
  return level + 1;
}

function indent(text: string): string {
  return text.split('\n').map(line => `      ${line}`).join('\n');
}
