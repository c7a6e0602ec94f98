/**
 * Backward-compatibility gate for event schemas.
 *
 * Rule: once an event type version (`….vN`) is in compat/baseline.json, its schema may only change
 * additively: a new OPTIONAL property, a new enum value, a looser constraint. It must NOT
 *   - remove a property,
 *   - add a required field (or make an optional field required),
 *   - make a required field optional,
 *   - narrow an enum (remove a value),
 *   - change a property's JSON type,
 *   - disappear (old versions stay readable).
 * Such a change is a NEW type version: add `<name>.v(N+1).schema.json` next to the old file and a
 * message in the producer's AsyncAPI document; keep vN as it is. See contracts/README.md.
 *
 * New types or additive changes are recorded with `UPDATE_COMPAT_BASELINE=1 npx jest -c contracts/jest.config.js compat`,
 * which only writes when no breaking change is found.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { contractsRoot } from '../src';
import { breakingChanges, catalogueShapes, type EventShape } from './schema.shape';

const baselinePath = path.join(contractsRoot, 'compat', 'baseline.json');

function readBaseline(): Record<string, EventShape> {
  return JSON.parse(readFileSync(baselinePath, 'utf8')) as Record<string, EventShape>;
}

describe('event schema compatibility', () => {
  it('keeps every baselined event type readable: no removed property, new required field, narrowed enum or changed type', () => {
    // given
    const baseline = readBaseline();
    const current = catalogueShapes();

    // when
    const problems = Object.entries(baseline).flatMap(([type, shape]) => breakingChanges(type, shape, current[type]));

    // then
    expect(problems).toEqual([]);
    if (process.env.UPDATE_COMPAT_BASELINE === '1') {
      writeFileSync(baselinePath, `${JSON.stringify({ ...baseline, ...current }, null, 2)}\n`);
    }
  });

  it('has every event type of the catalogue in the committed baseline', () => {
    // given
    const baseline = readBaseline();

    // when
    const missing = Object.keys(catalogueShapes()).filter((type) => !(type in baseline));

    // then
    expect(missing).toEqual([]);
  });

  it('flags removing a property, adding a required field, narrowing an enum and changing a type', () => {
    // given
    const before: EventShape = {
      required: ['at', 'kind'],
      properties: {
        at: { types: ['string'] },
        kind: { types: ['string'], enum: ['a', 'b'] },
        count: { types: ['integer'] },
      },
    };
    const after: EventShape = {
      required: ['at', 'kind', 'extra'],
      properties: {
        at: { types: ['integer'] },
        kind: { types: ['string'], enum: ['a'] },
        extra: { types: ['string'] },
      },
    };

    // when
    const problems = breakingChanges('nl.ketenpad.test.thing-happened.v1', before, after);

    // then
    expect(problems).toEqual([
      'nl.ketenpad.test.thing-happened.v1: field "extra" became required',
      'nl.ketenpad.test.thing-happened.v1.at: type changed from string to integer',
      'nl.ketenpad.test.thing-happened.v1.kind: enum narrowed, removed ["b"]',
      'nl.ketenpad.test.thing-happened.v1.count: property removed',
    ]);
  });

  it('accepts a new optional property and a widened enum as compatible', () => {
    // given
    const before: EventShape = { required: ['kind'], properties: { kind: { types: ['string'], enum: ['a'] } } };
    const after: EventShape = {
      required: ['kind'],
      properties: { kind: { types: ['string'], enum: ['a', 'b'] }, note: { types: ['string'] } },
    };

    // when
    const problems = breakingChanges('nl.ketenpad.test.thing-happened.v1', before, after);

    // then
    expect(problems).toEqual([]);
  });

  it('flags a removed event type', () => {
    // given
    const before: EventShape = { required: [], properties: {} };

    // when
    const problems = breakingChanges('nl.ketenpad.test.thing-happened.v1', before, undefined);

    // then
    expect(problems).toEqual([
      'nl.ketenpad.test.thing-happened.v1: the type was removed (old versions must stay readable)',
    ]);
  });
});
