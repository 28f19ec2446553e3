// sandbox-cli's telemetry flags ($SANDBOX_CLI): --metrics serves while the run lasts, --otlp
// and --events receive the run, --push reaches a Pushgateway, and a dead receiver delays
// the exit by a bounded time only.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { startReceiver, hex } from './otlp_receiver.mjs';

const cli = process.env.SANDBOX_CLI;
const cleanups = [];
after(async () => { for (const c of cleanups.reverse()) await c(); });
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

async function freePort() {
  const server = net.createServer();
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address();
  await new Promise((resolve) => server.close(resolve));
  return port;
}

function runCli(args) {
  const child = spawn(cli, ['run', '--security', 'basic', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '', stderr = '';
  child.stdout.on('data', (d) => { stdout += d; });
  child.stderr.on('data', (d) => { stderr += d; });
  const started = Date.now();
  const done = new Promise((resolve) => child.on('exit', (code) => resolve({ code, stdout, stderr, ms: Date.now() - started })));
  cleanups.push(() => { if (child.exitCode === null) child.kill('SIGKILL'); });
  return done;
}

test('the CLI sends its run to OTLP and the event log, joining the given trace', async () => {
  const r = await startReceiver();
  cleanups.push(() => r.close());
  const dir = mkdtempSync(path.join(os.tmpdir(), 'sandbox-cli-telemetry-'));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  const events = path.join(dir, 'events.jsonl');
  const trace = '0af7651916cd43dd8448eb211c80319c';
  const { code, ms } = await runCli(['--otlp', r.url, '--events', events,
                                    '--traceparent', `00-${trace}-b7ad6b7169203331-01`, '--', '/bin/sh', '-c', 'exit 4']);
  assert.equal(code, 4);
  assert.ok(ms < 5000, `took ${ms} ms`);
  assert.deepEqual(r.state.rejected, []);
  const spans = r.of('/v1/traces').flatMap((a) => a.plain.resourceSpans[0].scopeSpans[0].spans);
  const root = spans.find((s) => s.name === 'sandbox.run');
  assert.equal(hex(root.traceId), trace);
  assert.equal(hex(root.parentSpanId), 'b7ad6b7169203331');
  assert.ok(r.of('/v1/metrics').length >= 1);
  assert.ok(r.of('/v1/logs').length >= 1);
  const lines = readFileSync(events, 'utf8').trim().split('\n').map((l) => JSON.parse(l));
  assert.deepEqual(lines.map((l) => l.name), ['started', 'exited']);
  assert.equal(lines[1].labels.status, 'nonzero_exit');
});

test('--metrics serves Prometheus while the run lasts', async () => {
  const port = await freePort();
  const run = runCli(['--metrics', String(port), '--', '/bin/sleep', '1.5']);
  let text;
  for (let i = 0; i < 40 && !text?.includes('sandbox_active 1'); i++) {
    await sleep(50);
    text = await fetch(`http://127.0.0.1:${port}/metrics`).then((res) => res.text(), () => undefined);
  }
  assert.match(text ?? '', /^sandbox_active 1$/m);
  assert.equal((await run).code, 0);
  await assert.rejects(fetch(`http://127.0.0.1:${port}/metrics`));  // gone with the CLI
});

test('a dead OTLP receiver delays the exit by a bounded time and is reported', async () => {
  const port = await freePort();  // nothing listens there
  const { code, ms, stderr } = await runCli(['--otlp', `http://127.0.0.1:${port}`, '--', '/bin/true']);
  assert.equal(code, 0);
  assert.ok(ms < 5000, `took ${ms} ms`);  // a 3 s flush budget, then a bounded stop
  assert.match(stderr, /telemetry not fully delivered/);
});

test('bad telemetry flags are usage errors naming the flag', async () => {
  for (const [args, needle] of [[['--otlp', 'ftp://x'], 'otlp_endpoint'], [['--metrics', 'x:y'], 'prometheus_listen'],
                                [['--telemetry-config', '/nonexistent.json'], '--telemetry-config'],
                                [['--otlp', 'http://127.0.0.1:4318', '--traceparent', 'nope'], 'traceparent']]) {
    const { code, stderr } = await runCli([...args, '--', '/bin/true']);
    assert.equal(code, 2, args.join(' '));
    assert.ok(stderr.includes(needle), stderr);
  }
});
