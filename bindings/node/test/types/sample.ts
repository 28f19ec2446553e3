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
