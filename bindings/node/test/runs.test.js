'use strict';
// Runs through the C ABI: verdicts, output, handles, events, a free event loop.
const test = require('node:test');
const assert = require('node:assert');
const fs = require('node:fs');
const path = require('node:path');
const util = require('node:util');
const { spawnSync } = require('node:child_process');
const { once } = require('node:events');
const rs = require('..');

test('echo is ok with usage and events', async () => {
  const r = await rs.run(['/bin/echo', 'hello']);
  assert.strictEqual(r.status, 'ok', r.message);
  assert.strictEqual(r.exitCode, 0);
  assert.strictEqual(r.signal, 0);
  assert.strictEqual(r.stdout, 'hello\n');
  assert.deepStrictEqual(r.stdoutBuffer, Buffer.from('hello\n'));
  assert.ok(r.usage.wallTimeS > 0 && r.usage.wallTimeS < 10);
  assert.ok(r.usage.peakMemoryBytes > 0);
  assert.ok(['cgroup', 'rusage'].includes(r.usageSource));
  assert.strictEqual(r.events[0].name, 'started');
  assert.strictEqual(r.toJSON().status, 'ok');
});

test('exit code, stdin, env, files and binary output', async () => {
  assert.strictEqual((await rs.run(['/bin/sh', '-c', 'exit 3'])).exitCode, 3);
  assert.strictEqual((await rs.run(['/bin/cat'], { stdin: 'from stdin' })).stdout, 'from stdin');
  const raw = Buffer.from(Array.from({ length: 256 }, (_, i) => i));
  assert.deepStrictEqual((await rs.run(['/bin/cat'], { stdin: raw })).stdoutBuffer, raw);
  const r = await rs.run(['/bin/sh', '-c', 'echo "$A" >&2; cat data.txt'],
                         { env: { A: 'x y' }, files: { 'data.txt': 'file' } });
  assert.strictEqual(r.stderr, 'x y\n');
  assert.strictEqual(r.stdout, 'file');
});

test('timeout and signal verdicts', async () => {
  const slow = await rs.run(['/bin/sleep', '5'], { timeout: 0.3 });
  assert.strictEqual(slow.status, 'timeout');
  const segv = await rs.run(['/bin/sh', '-c', 'kill -SEGV $$']);
  assert.strictEqual(segv.status, 'signaled');
  assert.strictEqual(segv.signal, 11);
});

test('runCode runs a runtime off the event loop', async () => {
  const r = await rs.runCode('python', 'print(6 * 7)');
  assert.strictEqual(r.status, 'ok', r.message);
  assert.strictEqual(r.stdout, '42\n');
});

test('a result outlives its handle and reads its other fields from the library JSON', async () => {
  const handle = rs.start(['/bin/sh', '-c', 'echo gone; exit 4']);
  const r = await handle.wait();
  handle.close();
  assert.deepStrictEqual([r.status, r.exitCode, r.stdout, r.ok], ['nonzero_exit', 4, 'gone\n', false]);
  const json = r.toJSON();
  assert.strictEqual(r.message, json.message);
  assert.strictEqual(r.message, 'the program exited with code 4');
  assert.deepStrictEqual(r.events.map((e) => e.name), ['started', 'exited']);
  assert.strictEqual(r.events, r.events, 'the fields are decoded once');
  assert.deepStrictEqual([r.usage.wallTimeS, r.usageSource, r.degraded, r.stdoutTruncated],
                         [json.wall_time_s, json.usage_source, json.degraded, json.stdout_truncated]);
  assert.deepStrictEqual(JSON.parse(JSON.stringify(r)), json);
  const shown = util.inspect(r);
  assert.ok(shown.startsWith('Result {') && shown.includes("message: 'the program exited with code 4'"), shown);
});

test('start gives a handle: pid, poll, kill, wait, events as an EventEmitter', async () => {
  const handle = rs.start(['/bin/sleep', '5']);
  const events = [];
  handle.on('event', (e) => events.push(e.name));
  const exited = new Promise((resolve) => handle.once('exit', resolve));
  const [pid] = await once(handle, 'spawn');
  assert.ok(pid > 0);
  assert.strictEqual(handle.pid, pid);
  assert.strictEqual(handle.poll(), null);
  const started = Date.now();
  handle.kill();
  const r = await handle.wait();
  assert.strictEqual(r.status, 'killed');
  assert.ok(Date.now() - started < 3000);
  assert.strictEqual((await exited).status, 'killed');
  assert.strictEqual(events[0], 'started');
  assert.strictEqual(events[events.length - 1], 'exited');
  handle.close();
  assert.throws(() => handle.kill(), (e) => e instanceof rs.SandboxError && /closed/.test(e.message));
});

test('closing a running handle kills the box and rejects waiters', async () => {
  const handle = rs.start(['/bin/sleep', '30']);
  const [pid] = await once(handle, 'spawn');
  const waiting = handle.wait();
  handle.close();
  await assert.rejects(waiting, rs.SandboxError);
  const deadline = Date.now() + 5000;
  for (;;) {
    let alive = false;
    try {
      alive = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1][0] !== 'Z';
    } catch {
      alive = false;
    }
    if (!alive) break;
    assert.ok(Date.now() < deadline, `box init ${pid} still alive 5 s after close()`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
});

test('onEvent sees the events of run()', async () => {
  const seen = [];
  const r = await rs.run(['/bin/echo', 'x'], { onEvent: (e) => seen.push(e.name) });
  assert.deepStrictEqual(seen, r.events.map((e) => e.name));
});

test('a timer keeps firing during a 1 s run', async () => {
  let ticks = 0;
  const timer = setInterval(() => { ticks += 1; }, 10);
  try {
    const r = await rs.run(['/bin/sleep', '1']);
    assert.strictEqual(r.status, 'ok', r.message);
  } finally {
    clearInterval(timer);
  }
  assert.ok(ticks >= 40, `the timer fired only ${ticks} times during a 1 s run`);
});

test('many runs at once', async () => {
  const results = await Promise.all(Array.from({ length: 20 },
    (_, i) => rs.run(['/bin/sh', '-c', `echo ${i}`])));
  assert.deepStrictEqual(results.map((r) => r.stdout), results.map((_, i) => `${i}\n`));
});

test('start() returns before the launch: the box is launched off the event loop', async () => {
  const began = process.hrtime.bigint();
  const pidsOnReturn = [];
  const handles = Array.from({ length: 10 }, () => {
    const handle = rs.start(['/bin/true']);
    pidsOnReturn.push(handle.pid);
    return handle;
  });
  const startMs = Number(process.hrtime.bigint() - began) / 1e6;
  // Launched on the JS thread, each start() would have its box (and pid) on return.
  assert.deepStrictEqual(pidsOnReturn, handles.map(() => 0));
  const pids = await Promise.all(handles.map((h) => once(h, 'spawn').then(([pid]) => pid)));
  assert.ok(pids.every((pid) => pid > 0));
  const results = await Promise.all(handles.map((h) => h.wait()));
  assert.ok(results.every((r) => r.status === 'ok'), results.map((r) => r.message).join('; '));
  handles.forEach((h) => h.close());
  assert.ok(startMs < 1000, `10 start() calls took ${startMs} ms on the event loop`);
});

test('a process that exits with launches in flight exits cleanly', () => {
  // The supervisor thread is still launching while the process's statics are destroyed.
  const script = `const rs = require(${JSON.stringify(path.join(__dirname, '..'))});
    for (let i = 0; i < 4; i++) rs.start(['/bin/true']);
    process.exit(0);`;
  for (let i = 0; i < 10; i++) {
    const child = spawnSync(process.execPath, ['-e', script], { env: process.env, timeout: 20000 });
    assert.strictEqual(child.signal, null, `exit ${i} ended by ${child.signal}`);
    assert.strictEqual(child.status, 0, child.stderr.toString());
  }
});

test('kill() and close() before the spawn are honoured', async () => {
  const killed = rs.start(['/bin/sleep', '30']);
  killed.kill();
  const r = await killed.wait();
  assert.strictEqual(r.status, 'killed');
  killed.close();
  const closed = rs.start(['/bin/sleep', '30']);
  const waiting = closed.wait();
  closed.close();
  await assert.rejects(waiting, rs.SandboxError);
});
