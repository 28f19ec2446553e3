'use strict';
// Telemetry: an event log of JSON lines; a traceparent's trace reaches an OTLP/HTTP receiver
// (a loopback server here); Prometheus on port 0; errors name the option.
const test = require('node:test');
const assert = require('node:assert');
const fs = require('node:fs');
const http = require('node:http');
const os = require('node:os');
const path = require('node:path');
const rs = require('..');

const TRACE_ID = '4bf92f3577b34da6a3ce929d0e0e4736';
const PARENT_SPAN = '00f067aa0ba902b7';

test('an event log gets one JSON object per line', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rsb-node-telemetry-'));
  try {
    const log = path.join(dir, 'events.jsonl');
    const telemetry = new rs.Telemetry({ eventLogPath: log, queueSize: 64 });
    const r = await rs.run(['/bin/echo', 'x'], { telemetry });
    assert.strictEqual(r.status, 'ok', r.message);
    assert.strictEqual(await telemetry.flush(5), true);
    const stats = telemetry.stats();
    await telemetry.close();
    const lines = fs.readFileSync(log, 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    const names = lines.map((l) => l.name);
    assert.ok(names.includes('started') && names.includes('exited'), names.join(','));
    assert.ok(stats.eventsReceived >= lines.length);
    assert.strictEqual(stats.eventsDropped, 0);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('a traceparent makes the run join the caller\'s trace', async () => {
  const bodies = {};
  const server = http.createServer((req, res) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      (bodies[req.url] ||= []).push(JSON.parse(Buffer.concat(chunks).toString('utf8')));
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end('{}');
    });
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  try {
    const telemetry = new rs.Telemetry({
      otlpEndpoint: `http://127.0.0.1:${server.address().port}`,
      traceparent: `00-${TRACE_ID}-${PARENT_SPAN}-01`,
      exportIntervalMs: 100,
    });
    assert.strictEqual((await rs.run(['/bin/true'], { telemetry })).status, 'ok');
    assert.strictEqual(await telemetry.flush(5), true);
    await telemetry.close();
  } finally {
    await new Promise((resolve) => server.close(resolve));
  }
  const spans = (bodies['/v1/traces'] || []).flatMap((b) => b.resourceSpans)
    .flatMap((r) => r.scopeSpans).flatMap((s) => s.spans);
  assert.ok(spans.length > 0, `no span reached the receiver: ${Object.keys(bodies)}`);
  assert.deepStrictEqual([...new Set(spans.map((s) => s.traceId))], [TRACE_ID]);
  const root = spans.filter((s) => s.name === 'sandbox.run');
  assert.deepStrictEqual(root.map((s) => s.parentSpanId), [PARENT_SPAN]);
  const records = (bodies['/v1/logs'] || []).flatMap((b) => b.resourceLogs)
    .flatMap((r) => r.scopeLogs).flatMap((s) => s.logRecords);
  assert.ok(records.length > 0 && records.every((l) => l.traceId === TRACE_ID));
});

test('prometheus on port 0, and errors naming the option', async () => {
  const telemetry = new rs.Telemetry({ prometheusListen: '127.0.0.1:0' });
  const port = telemetry.prometheusPort;
  assert.ok(port > 0);
  assert.throws(() => new rs.Telemetry({ prometheusListen: `127.0.0.1:${port}` }),
                (e) => e instanceof rs.SetupError && /cannot listen/.test(e.message));
  await telemetry.close();
  assert.throws(() => telemetry.stats(), /closed/);
  assert.throws(() => new rs.Telemetry({ otlpEndpont: 'http://127.0.0.1:1' }), /otlpEndpont/);
  assert.throws(() => new rs.Telemetry({ traceparent: '00-xyz-01' }),
                (e) => e instanceof rs.PolicyError && /traceparent/.test(e.message));
  assert.throws(() => new rs.Telemetry({ queueSize: 'big' }), /queue_size/);
  assert.throws(() => rs.start(['/bin/true'], { telemetry: {} }), rs.PolicyError);
});
