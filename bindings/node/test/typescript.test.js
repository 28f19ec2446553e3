'use strict';
// index.d.ts type-checks a typical user (types/sample.ts) with `tsc --noEmit --strict`.
const test = require('node:test');
const assert = require('node:assert');
const { spawnSync } = require('node:child_process');
const path = require('node:path');

test('tsc --noEmit accepts the sample against index.d.ts', () => {
  const tsc = require.resolve('typescript/bin/tsc', { paths: [path.join(__dirname, '..')] });
  const done = spawnSync(process.execPath, [tsc, '--noEmit', '-p', path.join(__dirname, 'types')],
                         { encoding: 'utf8' });
  assert.strictEqual(done.status, 0, done.stdout + done.stderr);
});
