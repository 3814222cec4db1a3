import { deepEqual, AssertionError } from '../support/assert.ts';
import { test } from 'node:test';
import assert from 'node:assert/strict';
test('deepEqual tells apart what deepStrictEqual does', () => {
  const differ: [unknown, unknown][] = [
    [new Date(0), new Date(1)],
    [new Map([[1, 2]]), new Map([[1, 3]])],
    [new Set([1]), new Set([2])],
    [{ a: undefined }, {}],
    [[1], { 0: 1 }],
    [new Date(0), {}],
    [/a/, /b/],
  ];
  for (const [a, b] of differ) assert.throws(() => deepEqual(a, b), AssertionError);
  deepEqual(new Map([[1, new Date(5)]]), new Map([[1, new Date(5)]]));
  deepEqual({ a: [1, new Set(['x'])] }, { a: [1, new Set(['x'])] });
});
