// OTLP/HTTP JSON export against a strict receiver. First the receiver is proved with the
// official OpenTelemetry JS exporters, then our export is checked for content, and finally
// the exporter is tested against a receiver that is down, refusing or slow.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { startReceiver, decodeStrict, SIGNALS, hex } from './otlp_receiver.mjs';
import { Driver } from './driver.mjs';

const require = createRequire(import.meta.url);
const TRACE_ID = '4bf92f3577b34da6a3ce929d0e0e4736';
const PARENT_ID = '00f067aa0ba902b7';
const cleanups = [];
after(async () => { for (const c of cleanups.reverse()) await c(); });

async function receiver(options) {
  const r = await startReceiver(options);
  cleanups.push(() => r.close());
  return r;
}

async function driver(config) {
  const d = await Driver.start(config);
  cleanups.push(() => d.kill());
  return d;
}

const spansOf = (r) => r.of('/v1/traces').flatMap((a) => a.plain.resourceSpans.flatMap((rs) => rs.scopeSpans.flatMap((ss) => ss.spans)));
const logsOf = (r) => r.of('/v1/logs').flatMap((a) => a.plain.resourceLogs.flatMap((rl) => rl.scopeLogs.flatMap((sl) => sl.logRecords)));
const metricsOf = (r) => r.of('/v1/metrics').flatMap((a) => a.plain.resourceMetrics.flatMap((rm) => rm.scopeMetrics.flatMap((sm) => sm.metrics)));
const attr = (record, key) => {
  const kv = (record.attributes ?? []).find((a) => a.key === key);
  if (!kv) return undefined;
  const v = kv.value;
  return v.stringValue ?? v.intValue ?? v.doubleValue ?? v.boolValue;
};

test('the receiver accepts what the official OpenTelemetry exporters send', async () => {
  const r = await receiver();
  const { Resource } = require('@opentelemetry/resources');
  const resource = new Resource({ 'service.name': 'official-exporters' });

  const { BasicTracerProvider, SimpleSpanProcessor } = require('@opentelemetry/sdk-trace-base');
  const { OTLPTraceExporter } = require('@opentelemetry/exporter-trace-otlp-http');
  const tracerProvider = new BasicTracerProvider({ resource });
  tracerProvider.addSpanProcessor(new SimpleSpanProcessor(new OTLPTraceExporter({ url: `${r.url}/v1/traces` })));
  const tracer = tracerProvider.getTracer('proof');
  const parent = tracer.startSpan('parent', { attributes: { 'process.pid': 42, ratio: 0.5, ok: true, name: 'x' } });
  parent.addEvent('something', { detail: 'y' });
  parent.setStatus({ code: 2, message: 'failed' });
  parent.end();
  await tracerProvider.forceFlush();

  const { MeterProvider, PeriodicExportingMetricReader } = require('@opentelemetry/sdk-metrics');
  const { OTLPMetricExporter } = require('@opentelemetry/exporter-metrics-otlp-http');
  const reader = new PeriodicExportingMetricReader({ exporter: new OTLPMetricExporter({ url: `${r.url}/v1/metrics` }), exportIntervalMillis: 60000 });
  const meterProvider = new MeterProvider({ resource, readers: [reader] });
  const meter = meterProvider.getMeter('proof');
  meter.createCounter('runs').add(3, { status: 'ok' });
  meter.createHistogram('duration', { unit: 's' }).record(0.25);
  meter.createObservableGauge('active').addCallback((o) => o.observe(2));
  await meterProvider.forceFlush();

  const { LoggerProvider, SimpleLogRecordProcessor } = require('@opentelemetry/sdk-logs');
  const { OTLPLogExporter } = require('@opentelemetry/exporter-logs-otlp-http');
  const loggerProvider = new LoggerProvider({ resource });
  loggerProvider.addLogRecordProcessor(new SimpleLogRecordProcessor(new OTLPLogExporter({ url: `${r.url}/v1/logs` })));
  loggerProvider.getLogger('proof').emit({ severityNumber: 13, severityText: 'WARN', body: 'hello', attributes: { n: 1 } });
  await loggerProvider.forceFlush();

  await Promise.all([tracerProvider.shutdown(), meterProvider.shutdown(), loggerProvider.shutdown()]);
  assert.deepEqual(r.state.rejected, []);
  const [span] = spansOf(r);
  assert.equal(span.name, 'parent');
  assert.equal(hex(span.traceId).length, 32);
  assert.equal(attr(span, 'process.pid'), '42');
  assert.equal(span.status.code, 2);
  assert.deepEqual(metricsOf(r).map((m) => m.name).sort(), ['active', 'duration', 'runs']);
  assert.equal(logsOf(r)[0].body.stringValue, 'hello');
});

test('the receiver rejects what does not fit the OTLP JSON mapping', () => {
  const { type } = SIGNALS['/v1/traces'];
  const span = { traceId: TRACE_ID, spanId: PARENT_ID, name: 'x', kind: 1, startTimeUnixNano: '1', endTimeUnixNano: '2' };
  const request = (s) => JSON.stringify({ resourceSpans: [{ scopeSpans: [{ spans: [s] }] }] });
  assert.ok(decodeStrict(type, request(span)).message);
  const bad = [
    { ...span, extra: 1 },                                             // unknown field
    { ...span, traceId: Buffer.from(TRACE_ID, 'hex').toString('base64') }, // base64 id
    { ...span, kind: 'SPAN_KIND_INTERNAL' },                           // enum by name
    { ...span, startTimeUnixNano: '1.5' },                             // not an integer
    { ...span, start_time_unix_nano: '1' },                            // not camelCase
    { ...span, attributes: [{ key: 'a', value: { stringValue: 'x', intValue: '1' } }] }, // two oneof values
    { ...span, spanId: 'abc' },                                        // wrong length
  ];
  for (const s of bad) assert.throws(() => decodeStrict(type, request(s)), undefined, JSON.stringify(s));
});

test('our export: span tree joined to the caller, attributes, events, metric points, log records', async () => {
  const r = await receiver();
  const d = await driver({ otlp_endpoint: r.url, export_interval_ms: 200, service_name: 'judge-test',
                           traceparent: `00-${TRACE_ID}-${PARENT_ID}-01`, otlp_headers: { 'x-tenant': 'team-a' } });
  const expected = { ok: 'ok', nonzero: 'nonzero_exit', timeout: 'timeout', memory: 'memory_limit', setup_error: 'setup_error' };
  for (const [scenario, status] of Object.entries(expected)) {
    const { statuses } = await d.cmd(`run ${scenario}`);
    assert.deepEqual(statuses, [status], scenario);
  }
  assert.equal((await d.cmd('flush 5000')).flushed, true);
  const stats = await d.cmd('stats');
  assert.equal(stats.otlp_requests_failed, 0);
  assert.deepEqual(r.state.rejected, []);
  for (const a of r.state.accepted) {
    assert.deepEqual(a.notes.int64AsNumber, [], `${a.url}: 64-bit integers must be strings`);
    assert.equal(a.headers['x-tenant'], 'team-a');
    const res = a.plain[{ '/v1/traces': 'resourceSpans', '/v1/metrics': 'resourceMetrics', '/v1/logs': 'resourceLogs' }[a.url]][0].resource;
    assert.equal(attr(res, 'service.name'), 'judge-test');
    assert.ok(attr(res, 'host.name'));
    assert.ok(attr(res, 'service.version'));
  }

  const spans = spansOf(r);
  const roots = spans.filter((s) => s.name === 'sandbox.run');
  assert.equal(roots.length, 5);
  for (const root of roots) {
    assert.equal(hex(root.traceId), TRACE_ID);
    assert.equal(hex(root.parentSpanId), PARENT_ID);
    const children = spans.filter((s) => s.parentSpanId && hex(s.parentSpanId) === hex(root.spanId));
    const status = attr(root, 'sandbox.status');
    const names = children.map((c) => c.name);
    if (status === 'setup_error' && !attr(root, 'process.pid')) assert.deepEqual(names, ['sandbox.setup']);
    else assert.deepEqual(names.filter((n) => n !== 'sandbox.exec'), ['sandbox.setup', 'sandbox.wait', 'sandbox.teardown']);
    for (const c of children) {
      assert.ok(BigInt(c.startTimeUnixNano) >= BigInt(root.startTimeUnixNano), `${c.name} starts inside the run`);
      assert.ok(BigInt(c.endTimeUnixNano) <= BigInt(root.endTimeUnixNano), `${c.name} ends inside the run`);
      assert.equal(c.kind, 1);
    }
    assert.equal(root.status.code, status === 'ok' ? 1 : 2);
  }
  const byStatus = Object.fromEntries(roots.map((s) => [attr(s, 'sandbox.status'), s]));
  assert.deepEqual(Object.keys(byStatus).sort(), Object.values(expected).sort());
  assert.equal(attr(byStatus.ok, 'process.exit.code'), '0');
  assert.equal(attr(byStatus.nonzero_exit, 'process.exit.code'), '3');
  assert.equal(attr(byStatus.nonzero_exit, 'sandbox.runtime'), 'shell');
  assert.equal(attr(byStatus.ok, 'process.executable.path'), '/bin/true');
  assert.ok(Number(attr(byStatus.ok, 'process.pid')) > 0);
  assert.ok(attr(byStatus.timeout, 'sandbox.wall_time_s') >= 0.3);
  assert.deepEqual(byStatus.timeout.events.map((e) => e.name), ['limit_violation.timeout']);
  assert.ok(byStatus.memory_limit.events.some((e) => e.name === 'limit_violation.memory_limit'));

  const runs = metricsOf(r).filter((m) => m.name === 'sandbox_runs_total').at(-1);
  assert.equal(runs.sum.isMonotonic, true);
  assert.equal(runs.sum.aggregationTemporality, 2);
  const points = Object.fromEntries(runs.sum.dataPoints.map((p) => [attr(p, 'status'), p.asDouble]));
  assert.deepEqual(points, Object.fromEntries(Object.values(expected).map((s) => [s, 1])));
  // A program that cannot be executed fails after the box started ("exited" with status
  // setup_error); a box that cannot be built fails before ("setup_failed"), with no duration.
  const logs = logsOf(r);
  const names = logs.map((l) => attr(l, 'sandbox.event.name'));
  const exited = names.filter((n) => n === 'exited').length;
  assert.equal(names.filter((n) => n === 'started').length, exited);
  assert.equal(names.filter((n) => n === 'setup_failed').length + exited, 5);
  const duration = metricsOf(r).filter((m) => m.name === 'sandbox_run_duration_seconds').at(-1);
  const hp = duration.histogram.dataPoints[0];
  assert.equal(hp.count, String(exited));
  assert.equal(hp.bucketCounts.length, hp.explicitBounds.length + 1);
  assert.equal(hp.bucketCounts.reduce((a, b) => a + BigInt(b), 0n), BigInt(exited));
  const active = metricsOf(r).filter((m) => m.name === 'sandbox_active').at(-1);
  assert.equal(active.gauge.dataPoints[0].asDouble, 0);

  for (const l of logs) assert.equal(hex(l.traceId), TRACE_ID);
  const violation = logs.find((l) => attr(l, 'sandbox.event.name') === 'timeout');
  assert.equal(violation.severityNumber, 13);
  await d.quit();
});

test('a receiver that fails, throttles or stalls neither slows runs nor blocks exit; it recovers', async () => {
  const healthy = await receiver();
  const base = await driver({ otlp_endpoint: healthy.url, export_interval_ms: 100, otlp_timeout_ms: 500 });
  const baseline = (await base.cmd('run ok 10')).ms;
  await base.quit();
  const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

  for (const mode of ['fail500', 'fail429', 'slow']) {
    const r = await receiver({ mode, slowMs: 3000 });
    const d = await driver({ otlp_endpoint: r.url, export_interval_ms: 100, otlp_timeout_ms: 500, queue_size: 64 });
    const { ms, statuses } = await d.cmd('run ok 10');
    assert.ok(statuses.every((s) => s === 'ok'));
    // A run is not slowed by the exporter: within 100 ms (or 5%) of the healthy median.
    assert.ok(median(ms) < median(baseline) + Math.max(100, median(baseline) * 0.05),
              `${mode}: median ${median(ms)} ms vs ${median(baseline)} ms`);
    const flushed = await d.cmd('flush 300');
    assert.ok(flushed.ms < 500, `${mode}: flush took ${flushed.ms} ms`);
    // Back to health: the next runs and everything still pending are delivered.
    r.setMode('ok');
    await d.cmd('run ok 2');
    assert.equal((await d.cmd('flush 8000')).flushed, true, `${mode}: no recovery`);
    const stats = await d.cmd('stats');
    assert.ok(spansOf(r).filter((s) => s.name === 'sandbox.run').length >= 2, `${mode}: nothing delivered after recovery`);
    assert.deepEqual(r.state.rejected, []);
    if (mode !== 'slow') assert.ok(r.state.statuses.some((s) => s >= 429), `${mode}: the receiver was never asked`);
    r.setMode(mode);
    const quit = await d.quit();
    assert.equal(quit.code, 0, `${mode}: ${JSON.stringify(stats)}`);
    assert.ok(quit.quit_ms < 2500, `${mode}: exit took ${quit.quit_ms} ms`);
  }
});

test('a receiver that is down: runs go on, losses are counted, nothing crashes', async () => {
  const r = await receiver();
  const url = r.url;
  await r.close();  // nothing listens there any more
  const d = await driver({ otlp_endpoint: url, export_interval_ms: 50, otlp_timeout_ms: 200, queue_size: 8 });
  const { statuses } = await d.cmd('run ok 20');
  assert.ok(statuses.every((s) => s === 'ok'));
  await d.cmd('flush 3000');
  await new Promise((resolve) => setTimeout(resolve, 3000));
  const stats = await d.cmd('stats');
  assert.ok(stats.otlp_requests_failed > 0, JSON.stringify(stats));
  assert.ok(stats.otlp_items_dropped > 0, JSON.stringify(stats));
  const quit = await d.quit();
  assert.equal(quit.code, 0);
});

test('partial success is counted, not retried', async () => {
  const r = await receiver({ mode: 'partial' });
  const d = await driver({ otlp_endpoint: r.url, export_interval_ms: 100 });
  await d.cmd('run ok 1');
  assert.equal((await d.cmd('flush 3000')).flushed, true);
  const stats = await d.cmd('stats');
  assert.ok(stats.otlp_items_rejected >= 2, JSON.stringify(stats));  // spans and logs, one each
  assert.equal(stats.otlp_requests_failed, 0);
  await d.quit();
});
