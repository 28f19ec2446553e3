'use strict';
// Sandbox (one validated policy, many runs), and run() calls that each keep their own policy.
const test = require('node:test');
const assert = require('node:assert');
const rs = require('..');

test('a Sandbox runs many commands under its policy', async () => {
  const box = new rs.Sandbox({ level: 'standard', hostname: 'graded' });
  const results = await Promise.all([box.run(['/bin/uname', '-n']),
                                     box.run(['/bin/sh', '-c', 'exit 4'])]);
  assert.strictEqual(results[0].status, 'ok', results[0].message);
  assert.strictEqual(results[0].stdout, 'graded\n');
  assert.strictEqual(results[1].status, 'nonzero_exit');
  assert.strictEqual(results[1].exitCode, 4);
  const report = results[1].toReport();
  assert.ok(report.startsWith('status:      nonzero_exit (exit code 4)\n'), report);
  assert.match(results[0].toReport(), /^stdout \(7 bytes\):\ngraded\n/m);
  const again = await box.run(['/bin/cat'], { stdin: 'in', env: { A: '1' } });
  assert.strictEqual(again.stdout, 'in');
});

test('a bad policy throws PolicyError from the Sandbox constructor', () => {
  assert.throws(() => new rs.Sandbox({ limits: { pids: 'many' } }),
                (error) => error instanceof rs.PolicyError && /pids/.test(error.message));
  assert.throws(() => new rs.Sandbox('medium'),
                (error) => error instanceof rs.PolicyError && /medium/.test(error.message));
  assert.throws(() => new rs.Sandbox('standard', { monitor: { interval: -1 } }),
                (error) => error instanceof rs.PolicyError && /monitor.interval/.test(error.message));
});

test("a run's timeout applies to that run only, under the sandbox's policy", async () => {
  const policy = { level: 'standard', hostname: 'kept' };
  const box = new rs.Sandbox(policy);
  policy.hostname = 'changed';
  const slow = await box.run(['/bin/sh', '-c', 'uname -n; sleep 2'], { timeout: 0.2 });
  assert.strictEqual(slow.status, 'timeout');
  assert.strictEqual(slow.stdout, 'kept\n');
  const unhurried = await box.run(['/bin/sleep', '0.4']);
  assert.strictEqual(unhurried.status, 'ok', unhurried.message);
});

test("a Sandbox's start() and its monitor", async () => {
  const box = new rs.Sandbox('standard', { monitor: { interval: 0.02, history: 8 } });
  const handle = box.start(['/bin/sleep', '0.3']);
  const samples = [];
  handle.on('event', (event) => {
    if (event.kind === 'resource_sample') samples.push(event);
  });
  const r = await handle.wait();
  handle.close();
  assert.strictEqual(r.status, 'ok', r.message);
  assert.ok(samples.length > 0, 'no resource sample reached the handle');
  assert.ok(r.events.find((e) => e.name === 'resource_history'), 'no resource_history event');
  await assert.rejects(box.run('/bin/true'), rs.PolicyError);
});

test('each run() call keeps its own policy', async () => {
  for (const name of ['one', 'two', 'one']) {
    const r = await rs.run(['/bin/uname', '-n'], { policy: { hostname: name } });
    assert.strictEqual(r.stdout, `${name}\n`, r.message);
  }
  const limited = await rs.run(['/bin/sleep', '2'], { policy: 'standard', timeout: 0.2 });
  assert.strictEqual(limited.status, 'timeout');
  const free = await rs.run(['/bin/sleep', '0.4'], { policy: 'standard' });
  assert.strictEqual(free.status, 'ok', free.message);
});
