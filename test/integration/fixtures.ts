/**
 * Fixture files (test/fixtures/*.json) hold one recorded HTTP exchange each, in the real APIs' shapes:
 * a JSON body, or a list of server-sent events. `behavior` adds what recordings cannot show on their own:
 * a stream cut mid-way, a first token that never comes, a stream that stalls so a client can cancel it.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';

/** One server-sent event: optional `event:` name and the `data:` payload (an object is sent as JSON). */
export interface FixtureEvent {
  readonly event?: string;
  readonly data: unknown;
}

export interface FixtureBehavior {
  /** Send this many events, then destroy the socket (a cut stream). */
  readonly cutAfterEvents?: number;
  /** Send this many events (0 = headers only), then hold the response open until the client closes it. */
  readonly holdAfterEvents?: number;
}

export interface Fixture {
  readonly name: string;
  readonly description?: string;
  /** What the recorded request was; the server checks method and path before replaying. */
  readonly request: { readonly method: string; readonly path: string };
  readonly response: {
    readonly status: number;
    readonly headers?: Readonly<Record<string, string>>;
    readonly body?: unknown;
    readonly events?: readonly FixtureEvent[];
  };
  readonly behavior?: FixtureBehavior;
}

/** test/fixtures, found from the compiled file in out/test/integration or from the source tree. */
export const FIXTURES_DIR = resolve(__dirname, __dirname.includes(`${join('out', 'test')}`) ? '../../../test/fixtures' : '../fixtures');

const cache = new Map<string, Fixture>();

export function loadFixture(name: string): Fixture {
  let fixture = cache.get(name);
  if (!fixture) {
    fixture = JSON.parse(readFileSync(join(FIXTURES_DIR, `${name}.json`), 'utf8')) as Fixture;
    if (fixture.name !== name) {
      throw new Error(`fixture ${name}.json names itself ${fixture.name}`);
    }
    cache.set(name, fixture);
  }
  return fixture;
}

export function fixtureNames(): string[] {
  return readdirSync(FIXTURES_DIR).filter(f => f.endsWith('.json')).map(f => f.slice(0, -'.json'.length));
}

/** A copy of a fixture with another model name in its body/events (the server answers for whatever model it is asked). */
export function withModel(fixture: Fixture, model: string): Fixture {
  const swap = (value: unknown): unknown => (value === undefined ? undefined
    : JSON.parse(JSON.stringify(value).replaceAll('"model":"__MODEL__"', `"model":${JSON.stringify(model)}`)));
  return { ...fixture, response: { ...fixture.response, body: swap(fixture.response.body), events: swap(fixture.response.events) as FixtureEvent[] | undefined } };
}
