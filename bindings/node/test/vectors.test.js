'use strict';
// The shared vectors of tests/vectors/runs.json, as the C, C++ and Python suites run them.
const test = require('node:test');
const assert = require('node:assert');
const fs = require('node:fs');
const path = require('node:path');
const rs = require('..');

const file = process.env.RSB_VECTORS_JSON ||
  path.join(__dirname, '..', '..', '..', 'tests', 'vectors', 'runs.json');
const FIELDS = { status: 'status', exit_code: 'exitCode', signal: 'signal', stdout: 'stdout',
                 stderr: 'stderr' };

for (const vector of JSON.parse(fs.readFileSync(file, 'utf8')).vectors) {
  test(`vector ${vector.name}`, async () => {
    const { command, expect } = vector;
    const running = rs.run(command.argv, { policy: vector.policy, stdin: command.stdin,
                                           env: command.env, files: command.files,
                                           cwd: command.cwd });
    if (expect.error) {
      assert.strictEqual(expect.error, 'policy');
      await assert.rejects(running, (e) => e instanceof rs.PolicyError &&
                                           e.message.includes(expect.error_contains));
      return;
    }
    const r = await running;
    for (const [key, field] of Object.entries(FIELDS)) {
      if (key in expect) assert.strictEqual(r[field], expect[key], `${key}: ${r.message}`);
    }
  });
}
