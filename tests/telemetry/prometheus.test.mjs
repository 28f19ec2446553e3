// The Prometheus exporter against real peers: Debian's prometheus server scrapes it every
// second and is queried through its HTTP API; promtool checks the exposition; a Pushgateway
// receives the push of a short-lived process.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { Driver } from './driver.mjs';

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

function tempDir() {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'sandbox-prometheus-'));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

// Starts a server binary and ends it (by its pid) when the tests are over.
function startServer(binary, args) {
  const child = spawn(binary, args, { stdio: ['ignore', 'ignore', 'pipe'] });
  let log = '';
  child.stderr.on('data', (d) => { log = (log + d).slice(-4000); });
  cleanups.push(async () => {
    if (child.exitCode === null) {
      child.kill('SIGTERM');
      await new Promise((resolve) => child.on('exit', resolve));
    }
  });
  return { child, log: () => log };
}

async function waitFor(what, probe, timeoutMs = 20000) {
  const deadline = Date.now() + timeoutMs;
  let last;
  while (Date.now() < deadline) {
    try {
      last = await probe();
      if (last) return last;
    } catch (e) {
      last = e;
    }
    await sleep(250);
  }
  throw new Error(`timed out waiting for ${what}: ${last}`);
}

async function driver(config) {
  const d = await Driver.start(config);
  cleanups.push(() => d.kill());
  return d;
}

test('Prometheus scrapes the exporter and sees every run with its status', async () => {
  const dir = tempDir();
  const exporterPort = await freePort();
  const d = await driver({ prometheus_listen: `127.0.0.1:${exporterPort}` });
  assert.equal(d.hello.prometheus_port, exporterPort);

  const prometheusPort = await freePort();
  writeFileSync(path.join(dir, 'prometheus.yml'), [
    'global:',
    '  scrape_interval: 1s',
    'scrape_configs:',
    '  - job_name: sandbox',
    '    static_configs:',
    `      - targets: ['127.0.0.1:${exporterPort}']`,
  ].join('\n') + '\n');
  const prometheus = startServer('/usr/bin/prometheus', [
    `--config.file=${path.join(dir, 'prometheus.yml')}`, `--storage.tsdb.path=${path.join(dir, 'data')}`,
    `--web.listen-address=127.0.0.1:${prometheusPort}`, '--log.level=warn']);
  const api = `http://127.0.0.1:${prometheusPort}`;
  await waitFor('prometheus to be ready', async () => (await fetch(`${api}/-/ready`)).ok);

  const runs = { ok: 3, nonzero: 2, timeout: 1, memory: 1, signaled: 1 };
  for (const [scenario, count] of Object.entries(runs)) await d.cmd(`run ${scenario} ${count}`);
  await d.cmd('flush 2000');

  const query = async (q) => {
    const res = await (await fetch(`${api}/api/v1/query?query=${encodeURIComponent(q)}`)).json();
    assert.equal(res.status, 'success', JSON.stringify(res));
    return res.data.result;
  };
  const value = async (q) => {
    const result = await query(q);
    return result.length === 1 ? Number(result[0].value[1]) : undefined;
  };
  // Scraped every second: wait until Prometheus has seen the last run.
  await waitFor('the scrape after the last run', async () => (await value('sum(sandbox_runs_total)')) === 8,
                30000).catch((e) => { throw new Error(`${e.message}\nprometheus: ${prometheus.log()}`); });

  assert.equal(await value('sandbox_runs_total{status="ok",runtime="native"}'), 3);
  assert.equal(await value('sandbox_runs_total{status="nonzero_exit",runtime="shell"}'), 2);
  assert.equal(await value('sandbox_runs_total{status="timeout"}'), 1);
  assert.equal(await value('sandbox_runs_total{status="memory_limit",runtime="python"}'), 1);
  assert.equal(await value('sandbox_runs_total{status="signaled"}'), 1);
  assert.equal(await value('sandbox_limit_violations_total{resource="wall_time"}'), 1);
  assert.equal(await value('sandbox_limit_violations_total{resource="memory"}'), 1);
  assert.equal(await value('sandbox_run_duration_seconds_count'), 8);
  assert.ok((await value('sandbox_run_duration_seconds_sum')) >= 0.3);  // the timeout alone lasts 0.3 s
  assert.ok((await value('sandbox_run_duration_seconds_bucket{le="0.5"}')) >= 7);
  assert.equal(await value('sandbox_active'), 0);
  assert.ok((await value('sandbox_cpu_seconds_total')) > 0);
  assert.equal(await value('sandbox_memory_peak_bytes_count'), 8);
  // The memory hog reached its 64 MiB limit: its peak is in a bucket above 16 MiB.
  assert.ok((await value('sum(sandbox_memory_peak_bytes_count) - sum(sandbox_memory_peak_bytes_bucket{le="16777216"})')) >= 1);
  assert.equal(await value('sandbox_telemetry_dropped_total{reason="queue_full"}'), 0);
  assert.equal(await value('up{job="sandbox"}'), 1);

  // promtool accepts the exposition as it is served.
  const exposition = await (await fetch(`http://127.0.0.1:${exporterPort}/metrics`)).text();
  const check = spawnSync('/usr/bin/promtool', ['check', 'metrics'], { input: exposition, encoding: 'utf8' });
  assert.equal(check.status, 0, `promtool: ${check.stdout}${check.stderr}`);
  await d.quit();
});

test('the exporter listens on loopback by default and only there', async () => {
  const port = await freePort();
  const d = await driver({ prometheus_listen: String(port) });
  assert.equal(d.hello.prometheus_port, port);
  assert.ok((await fetch(`http://127.0.0.1:${port}/metrics`)).ok);
  // Any non-loopback address of this host must refuse the connection.
  const external = Object.values(os.networkInterfaces()).flat().find((i) => i.family === 'IPv4' && !i.internal);
  if (external) {
    await assert.rejects(fetch(`http://${external.address}:${port}/metrics`), undefined, 'reachable from outside');
  }
  await d.quit();
});

test('a short-lived process pushes its metrics to a Pushgateway when it flushes', async () => {
  const port = await freePort();
  startServer('/usr/bin/prometheus-pushgateway', [`--web.listen-address=127.0.0.1:${port}`, '--log.level=warn']);
  const gateway = `http://127.0.0.1:${port}`;
  await waitFor('the pushgateway to be ready', async () => (await fetch(`${gateway}/-/ready`)).ok);
  const d = await driver({ pushgateway_url: gateway, pushgateway_job: 'cli_test' });
  await d.cmd('run ok 2');
  await d.cmd('run nonzero 1');
  assert.equal((await d.cmd('flush 3000')).flushed, true);
  assert.equal((await d.cmd('stats')).pushes_failed, 0);
  await d.quit();
  const text = await (await fetch(`${gateway}/metrics`)).text();
  const line = (series) => text.split('\n').find((l) => l.startsWith(series));
  assert.match(line('sandbox_runs_total{') ?? '', /job="cli_test"/);
  const ok = text.split('\n').find((l) => l.startsWith('sandbox_runs_total{') && l.includes('status="ok"'));
  assert.ok(ok && Number(ok.split(' ').at(-1)) === 2, ok);
});
