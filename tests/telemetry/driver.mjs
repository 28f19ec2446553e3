// Talks to telemetry_driver (built by meson; its path in $TELEMETRY_DRIVER): one command line
// in, one JSON line out.
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';

export class Driver {
  static async start(config) {
    const path = process.env.TELEMETRY_DRIVER;
    if (!path) throw new Error('TELEMETRY_DRIVER is not set (run through meson test)');
    const d = new Driver();
    d.child = spawn(path, [JSON.stringify(config)], { stdio: ['pipe', 'pipe', 'inherit'] });
    d.lines = createInterface({ input: d.child.stdout })[Symbol.asyncIterator]();
    d.exited = new Promise((resolve) => d.child.on('exit', (code, signal) => resolve({ code, signal })));
    d.hello = await d.next();
    return d;
  }

  async next() {
    const { value, done } = await this.lines.next();
    if (done) throw new Error('telemetry_driver ended early');
    return JSON.parse(value);
  }

  async cmd(line) {
    this.child.stdin.write(line + '\n');
    const answer = await this.next();
    if (answer.error) throw new Error(`telemetry_driver: ${line}: ${answer.error}`);
    return answer;
  }

  // Destroys the Telemetry (flushing) and waits for the process to end.
  async quit() {
    const answer = await this.cmd('quit');
    this.child.stdin.end();
    const status = await this.exited;
    return { ...answer, ...status };
  }

  kill() {
    if (this.child.exitCode === null) this.child.kill('SIGKILL');
  }
}
