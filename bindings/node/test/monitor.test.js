'use strict';
// monitor(pid): samples of a host process as an EventEmitter, 'end' when it is gone, stop(),
// errors with codes; and a monitored run whose result carries the history.
const test = require('node:test');
const assert = require('node:assert');
const { spawn } = require('node:child_process');
const { once } = require('node:events');
const rs = require('..');

test('samples until the process is gone, then end', async () => {
  const child = spawn('/bin/sleep', ['0.5']);
  const mon = rs.monitor(child.pid, { interval: 0.02 });
  const samples = [];
  mon.on('sample', (s) => samples.push(s));
  const [ended] = await once(mon, 'end');
  assert.strictEqual(ended.name, 'monitor_ended');
  assert.ok(samples.length >= 5, `only ${samples.length} samples of a 0.5 s process at 20 ms`);
  assert.ok(samples.every((s) => s.kind === 'resource_sample' && s.name === 'sample'));
  assert.ok(samples[0].values.memory_bytes > 0);
  assert.strictEqual(mon.running, false);
  mon.close();
});

test('stop() ends the samples', async () => {
  const child = spawn('/bin/sleep', ['30']);
  try {
    const mon = rs.monitor(child.pid, { interval: 0.02 });
    let count = 0;
    mon.on('sample', () => { count += 1; });
    await new Promise((resolve) => setTimeout(resolve, 300));
    mon.stop();
    await new Promise((resolve) => setImmediate(resolve));
    const atStop = count;
    assert.ok(atStop >= 3, `only ${atStop} samples in 300 ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
    assert.strictEqual(count, atStop, 'a sample came after stop()');
    assert.ok(mon.sampleCount >= atStop);
    mon.close();
    assert.throws(() => mon.stop(), (e) => e instanceof rs.SandboxError && /closed/.test(e.message));
  } finally {
    child.kill('SIGKILL');
  }
});

test('a missing pid and bad arguments are errors with codes', () => {
  assert.throws(() => rs.monitor(4194305),
                (e) => e instanceof rs.NoProcessError && e.code === 'RSB_ERR_NO_PROCESS' &&
                       /no process with pid 4194305/.test(e.message));
  assert.throws(() => rs.monitor(0), (e) => e instanceof rs.PolicyError &&
                                            e.code === 'RSB_ERR_INVALID_ARGUMENT');
  assert.throws(() => rs.monitor(1, { interval: 0.001 }), rs.PolicyError);
  assert.throws(() => rs.monitor(1, { interval: -1 }), /interval/);
  assert.throws(() => rs.monitor('1'), /pid/);
});

test('a monitored run streams samples and keeps the history', async () => {
  const names = [];
  const r = await rs.run(['/bin/sleep', '0.3'], { monitor: { interval: 0.02, history: 8 },
                                                   onEvent: (e) => names.push(e.name) });
  assert.strictEqual(r.status, 'ok', r.message);
  assert.ok(names.filter((n) => n === 'sample').length >= 3);
  assert.ok(!r.events.some((e) => e.name === 'sample'));
  const history = r.events.find((e) => e.name === 'resource_history');
  assert.ok(history, 'no resource_history event');
  const buckets = JSON.parse(history.detail).memory_bytes;
  assert.ok(buckets.length >= 1 && buckets.length <= 8);
  assert.throws(() => rs.start(['/bin/true'], { monitor: { interval: 0.02, history: 3 } }),
                (e) => e instanceof rs.PolicyError && /3/.test(e.message));
});

test('thresholds warn and end the run with the matching status', async () => {
  const monitor = { interval: 0.02, thresholds: { processes: { warn: 2, limit: 4 } } };
  const r = await rs.run(['/bin/sh', '-c', 'for i in 1 2 3 4 5 6; do sleep 2 & done; wait'],
                         { monitor });
  assert.strictEqual(r.status, 'pids_limit', r.message);
  assert.ok(r.events.some((e) => e.name === 'threshold_warning'));
  const typo = { thresholds: { procesess: { limit: 4 } } };
  assert.throws(() => rs.start(['/bin/true'], { monitor: typo }),
                (e) => e instanceof rs.PolicyError && /procesess/.test(e.message));
  const badKey = { thresholds: { processes: { max: 4 } } };
  assert.throws(() => rs.start(['/bin/true'], { monitor: badKey }), /unknown key 'max'/);
});
