// A typical user of rusty-sandbox; `tsc --noEmit` must accept it (test/typescript.test.js).
import * as rs from '../../index';

async function grade(source: string): Promise<[rs.Status, number]> {
  const policy: rs.Policy = { level: 'standard', limits: { memory_bytes: '256M', pids: 16 } };
  const result: rs.Result = await rs.runCode('python', source, { policy, timeout: 2 });
  const names: string[] = result.events.map((e: rs.Event) => e.name);
  return [result.status, result.usage.wallTimeS + names.length];
}

async function stream(): Promise<number> {
  const handle: rs.RunHandle = rs.start(['/bin/echo', 'hi'], { env: { A: '1' }, stdin: 'x' });
  handle.on('event', (event: rs.Event) => console.log(event.kind));
  handle.once('exit', (result: rs.Result) => console.log(result.exitCode));
  const pid: number = handle.pid;
  const result = await handle.wait();
  handle.close();
  return pid + result.stdoutBuffer.length;
}

function classify(error: unknown): string {
  if (error instanceof rs.PolicyError) return `policy ${error.code}`;
  if (error instanceof rs.SandboxError) return error.code;
  return 'other';
}

void grade('print(1)');
void stream();
void classify(new rs.SetupError('x'));
void rs.run(['/bin/true'], { onEvent: (e) => e.timeS, policy: 'maximum' });

async function observe(pid: number): Promise<number[]> {
  const memory: number[] = [];
  const mon: rs.Monitor = rs.monitor(pid, { interval: 0.05 });
  mon.on('sample', (sample: rs.Event) => memory.push(sample.values.memory_bytes ?? 0));
  await new Promise<void>((resolve) => mon.once('end', () => resolve()));
  mon.close();
  return memory;
}

async function exported(path: string): Promise<rs.TelemetryStats> {
  const telemetry = new rs.Telemetry({
    eventLogPath: path,
    traceparent: '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01',
  });
  const policy: rs.Policy = {
    level: 'enhanced', seccomp: 'allowlist', on_breach: 'terminate_on_critical',
    files: { read: ['/srv/data'] }, allowed_hosts: ['pypi.org:443'], keep_capabilities: [],
  };
  const monitor = { interval: 0.1, history: 8, thresholds: { memory_bytes: { warn: 1e8 } } };
  const handle = rs.start(['/bin/true'], { policy, telemetry, monitor });
  handle.once('spawn', (pid: number) => console.log(pid));
  await handle.wait();
  const flushed: boolean = await telemetry.flush(1);
  const stats = telemetry.stats();
  await telemetry.close();
  return { ...stats, eventsReceived: stats.eventsReceived + Number(flushed) };
}

void observe(1);

async function reuse(sources: string[]): Promise<rs.Status[]> {
  const box = new rs.Sandbox({ level: 'standard', limits: { pids: 8 } },
                             { monitor: { interval: 0.05 } });
  const handle: rs.RunHandle = box.start(['/bin/sleep', '1'], { timeout: '2s' });
  handle.kill();
  const results: rs.Result[] = await Promise.all(
    sources.map((source) => box.run(['/bin/sh', '-c', source], { stdin: 'x', timeout: 1 })));
  console.log(results.map((result) => result.toReport()).join('\n'));
  return results.map((result) => result.status);
}

void reuse(['true']);
void exported('/tmp/events.jsonl');
void classify(new rs.NoProcessError('x'));
