import * as assert from 'node:assert/strict';
import { assessComplexity } from '../../../src/router/complexity';
import { modelFeatures, scoreRequest } from '../../../src/router/routingModel';
import { scopeFeatures } from '../../../src/router/scope';

const OPTS = { localContextTokens: 32_000 };
const fired = (prompt: string): readonly string[] => scopeFeatures(prompt).features;

describe('scope cues: question forms, one setting, system features named in a few words', () => {
  it('tells a question about what a tool supports from a request for plans', () => {
    assert.ok(fired('Does this library support sharding?').includes('cue:support-question'));
    assert.ok(fired('Does this library support sharding?').includes('cue:yes-no'));
    assert.ok(!fired('Does this library support sharding?').includes('cue:asks-for-plans'));
    assert.ok(fired('Any plans to add offline sync with the server?').includes('cue:asks-for-plans'));
    assert.ok(!fired('Add sharding to the orders service.').includes('cue:yes-no'), 'a request is not a yes/no question');
  });

  it('recognises one setting changed, and not a number that merely follows "to"', () => {
    assert.ok(fired('Change the default port to 8080').includes('cue:one-setting'));
    assert.ok(fired('Increase the upload size limit to 10MB').includes('cue:one-setting'));
    assert.ok(fired('Make KAFKA_LOG_RETENTION_HOURS configurable').includes('cue:one-setting'));
    assert.ok(!fired('Memory grows up to 120MB after an hour').includes('cue:one-setting'));
  });

  it('names system-wide features and problems that carry no scope words', () => {
    assert.ok(fired('Add i18n support').includes('kind:system-feature'));
    assert.ok(fired('SSO support (OIDC, possibly SAML)').includes('kind:system-feature'));
    assert.ok(fired('Rewrite backend').includes('kind:migrate'));
    assert.ok(fired('The app takes 30 seconds to load').includes('kind:system-diagnosis'));
    assert.ok(!fired('Rename the backend folder').includes('kind:migrate'));
  });

  it('routes hand-written requests of these kinds (none is in the evaluation set)', () => {
    const target = (prompt: string): string | undefined => assessComplexity({ prompt }, OPTS).suggestedTarget;
    const cloudP = (prompt: string): number => assessComplexity({ prompt }, OPTS).cloudProbability ?? NaN;
    // Asked as a question about what the tool does, the same big work scores lower than asked for outright.
    assert.ok(cloudP('Does this library support sharding?') < cloudP('Add sharding to this library'));
    assert.equal(target('Does omnidb support clustering?'), 'local');
    assert.equal(target('Change the default port to 8080 in the server config'), 'local');
    assert.equal(target('Add i18n support'), 'cloud');
    assert.equal(target('App takes 30 seconds to load'), 'cloud');
    assert.equal(target('Any plans to add offline sync with the server?'), 'cloud');
  });

  it('word pairs are features the weights can use, and are named as words in a reason', () => {
    const scope = scopeFeatures('Does it support sharding?');
    assert.ok(modelFeatures(scope).includes('b:does_support'));
    const model = { bias: 0, weights: { 'b:does_support': -3 } };
    const score = scoreRequest(scope, model);
    assert.ok(score.probability < 0.1);
    assert.deepEqual(score.strongest.map(s => s.phrase), ['the words “does support”']);
    // A pair of auxiliary words weighs in the score but is not named.
    const auxiliary = scoreRequest(scopeFeatures('How can I read a file?'), { bias: 0, weights: { 'b:how_can': -3 } });
    assert.ok(auxiliary.probability < 0.1);
    assert.deepEqual(auxiliary.strongest, []);
  });
});

describe('scope cues: problems that come and go, several actors at once, distributed concerns, small objects moved', () => {
  it('recognises a problem that comes and goes, and not a steady one', () => {
    assert.ok(fired('At times the pool ignores the connection timeout').includes('cue:intermittent'));
    assert.ok(fired('The app freezes from time to time').includes('cue:intermittent'));
    assert.ok(fired('We cannot reproduce the crash locally').includes('cue:intermittent'));
    assert.ok(!fired('The build fails with error TS2304 on every run').includes('cue:intermittent'));
  });

  it('recognises several actors acting at once', () => {
    assert.ok(fired('Two people editing the same chart overwrite each other').includes('cue:concurrency'));
    assert.ok(fired('When 3 consumers read the topic simultaneously, offsets jump').includes('cue:concurrency'));
    assert.ok(!fired('One user cannot log in').includes('cue:concurrency'));
  });

  it('recognises distributed-systems vocabulary', () => {
    assert.ok(fired('Recover from a netsplit without losing counters').includes('cue:distributed'));
    assert.ok(fired('Make the webhook handler idempotent').includes('cue:distributed'));
    assert.ok(!fired('Split the string on commas').includes('cue:distributed'));
  });

  it('reads "all data" and "every user" as the whole system', () => {
    assert.ok(fired('Remove all data for a user when the account is closed').includes('scope:system'));
    assert.ok(fired('Notify every customer about the outage').includes('scope:system'));
    assert.ok(!fired('Remove the data column from this table').includes('scope:system'));
  });

  it('does not read moving one small thing, or a port number, as a migration', () => {
    assert.ok(!fired('Can you move the labels to vertical?').includes('kind:migrate'));
    assert.ok(!fired('Convert a list of tuples to a dictionary').includes('kind:migrate'));
    assert.ok(!fired('Suggest port 502 as default in the config UI').includes('kind:migrate'));
    assert.ok(fired('Port the backend to Rust').includes('kind:migrate'));
    assert.ok(fired('Move the CI jobs from Travis to GitHub Actions').includes('kind:migrate'));
    assert.ok(fired('Migrate the app to Vue 3').includes('kind:migrate'));
  });

  it('does not read converting a value between data types as a migration', () => {
    assert.ok(!fired('How to convert timestamp to datetime in pandas').includes('kind:migrate'));
    assert.ok(!fired('Convert the dtypes to float32').includes('kind:migrate'));
    assert.ok(fired('Convert the codebase to TypeScript').includes('kind:migrate'));
  });
});

describe('scope cues, seventh round: migrations named in one sentence, code moved between languages, app-wide scope, work done twice', () => {
  it('reads a migration only when its source or target is named in the same sentence', () => {
    assert.ok(!fired('Move the sprite left. The score is read from the server').includes('kind:migrate'));
    assert.ok(fired('Migrate our Node.js service to Deno').includes('kind:migrate'), 'a period inside a name does not end the sentence');
    assert.ok(fired('Move the build scripts from Make to Bazel').includes('kind:migrate'));
  });

  it('does not read replacing one call, or converting to a data type, as a migration', () => {
    assert.ok(!fired('Swap fooBar() with bazQux() in the parser').includes('kind:migrate'));
    assert.ok(!fired('Replace all printf calls with the logging macro').includes('kind:migrate'));
    assert.ok(!fired('Convert the amount from text to float before summing').includes('kind:migrate'));
    assert.ok(fired('Replace the ORM with raw SQL in every service').includes('kind:migrate'));
  });

  it('reads code moved between two programming languages as a migration, whatever the verb', () => {
    assert.ok(fired('Refactor the parser from JavaScript to TypeScript').includes('kind:migrate'));
    assert.ok(fired('JS to TS for the whole CLI').includes('kind:migrate'));
    assert.ok(!fired('Pass the results to Python').includes('kind:migrate'));
    assert.ok(!fired('Refactor the parser into two functions').includes('kind:migrate'));
  });

  it('reads "application-wide" and "across all pages" as the whole system', () => {
    assert.ok(fired('Enforce permissions application-wide').includes('scope:system'));
    assert.ok(fired('Show the maintenance banner across all pages').includes('scope:system'));
    assert.ok(!fired('Make the sidebar wider').includes('scope:system'));
  });

  it('reads questions opened with "would", "did" or "were" as yes/no questions', () => {
    assert.ok(fired('Would I be able to flash this board with it?').includes('cue:yes-no'));
    assert.ok(fired('Did the last release drop Windows support?').includes('cue:yes-no'));
    assert.ok(!fired('I would like a flag for verbose output.').includes('cue:yes-no'));
  });

  it('recognises a problem that comes back every few days, or once or twice a week, and not a fixed schedule', () => {
    assert.ok(fired('The service crashes every few days').includes('cue:intermittent'));
    assert.ok(fired('Uploads fail once or twice a week').includes('cue:intermittent'));
    assert.ok(fired('We see an occasional timeout on login').includes('cue:intermittent'));
    assert.ok(!fired('Run the backup job every day at noon').includes('cue:intermittent'));
  });

  it('recognises work done twice or racing itself, and not the word "race" alone', () => {
    assert.ok(fired('Two workers pick up the same job and it runs twice').includes('cue:duplicate-work'));
    assert.ok(fired('There is a race condition between the cache refresh and the writer').includes('cue:duplicate-work'));
    assert.ok(fired('After a rebalance some messages are processed twice').includes('cue:duplicate-work'));
    assert.ok(!fired('Add a lap counter to the race track screen').includes('cue:duplicate-work'));
  });
});
