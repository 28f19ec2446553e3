'use strict';
// rusty-sandbox: run untrusted programs in a Linux box and get a verdict you can trust.
//
//   const rs = require('rusty-sandbox');
//   const r = await rs.run(['/bin/echo', 'hi']);   // r.status === 'ok', r.stdout === 'hi\n'
//
// Everything goes through libsandbox's C ABI; boxes run on the library's supervisor thread
// and report back through a thread-safe function, so the event loop never waits for a box.

const { EventEmitter } = require('node:events');
const path = require('node:path');
const { inspect } = require('node:util');

const native = require(process.env.RUSTY_SANDBOX_ADDON ||
                       path.join(__dirname, 'build', 'Release', 'rusty_sandbox.node'));

if (native.abiVersion() !== native.headerAbiVersion) {
  throw new Error(`libsandbox C ABI ${native.abiVersion()} does not match the ` +
                  `${native.headerAbiVersion} this addon was built for`);
}

/** Base of every error rusty-sandbox raises; `code` names the C ABI code (RSB_ERR_*). */
class SandboxError extends Error {
  constructor(message, code = 'RSB_ERR_INTERNAL') {
    super(message);
    this.name = this.constructor.name;
    this.code = code;
  }
}
/** A policy or command that cannot be honoured as written. */
class PolicyError extends SandboxError {}
/** The host could not provide what was asked. */
class SetupError extends SandboxError {}
/** There is no host process with the pid given to monitor(). */
class NoProcessError extends SandboxError {}

const POLICY_CODES = new Set(['RSB_ERR_POLICY', 'RSB_ERR_INVALID_ARGUMENT',
                              'RSB_ERR_NULL_ARGUMENT']);

function translate(error) {
  if (!(error instanceof Error) || typeof error.code !== 'string' ||
      !error.code.startsWith('RSB_') || error instanceof SandboxError) {
    return error;
  }
  if (POLICY_CODES.has(error.code)) return new PolicyError(error.message, error.code);
  if (error.code === 'RSB_ERR_SETUP') return new SetupError(error.message, error.code);
  if (error.code === 'RSB_ERR_NO_PROCESS') return new NoProcessError(error.message, error.code);
  return new SandboxError(error.message, error.code);
}

function call(fn) {
  try {
    return fn();
  } catch (error) {
    throw translate(error);
  }
}

const LEVELS = Object.freeze(['basic', 'standard', 'enhanced', 'maximum']);

// policy: a level name, or an object in the policy JSON shape ({level, limits: {...}, ...}).
function policyJson(policy, timeout) {
  let spec;
  if (policy === undefined || policy === null) spec = {};
  else if (typeof policy === 'string') spec = { level: policy };
  else if (typeof policy === 'object') spec = { ...policy };
  else throw new PolicyError('policy: expected a level name or a policy object');
  if (timeout !== undefined && timeout !== null) {
    const ms = typeof timeout === 'number' ? Math.max(1, Math.round(timeout * 1000)) : timeout;
    spec.limits = { ...(spec.limits || {}), wall_timeout_ms: ms };
  }
  return JSON.stringify(spec);
}

function toBuffer(data, what) {
  if (data === undefined || data === null) return Buffer.alloc(0);
  if (typeof data === 'string') return Buffer.from(data, 'utf8');
  if (Buffer.isBuffer(data)) return data;
  if (data instanceof Uint8Array) return Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  throw new PolicyError(`${what}: expected a string or a Buffer`);
}

function commandSpec(argv, options) {
  if (!Array.isArray(argv) || !argv.every((a) => typeof a === 'string')) {
    throw new PolicyError('command: argv must be an array of strings');
  }
  const env = options.env || {};
  for (const [name, value] of Object.entries(env)) {
    if (typeof value !== 'string') throw new PolicyError(`command: env.${name} must be a string`);
  }
  const files = {};
  for (const [file, data] of Object.entries(options.files || {})) {
    files[file] = toBuffer(data, `command: files[${JSON.stringify(file)}]`);
  }
  if (options.cwd !== undefined && typeof options.cwd !== 'string') {
    throw new PolicyError('command: cwd must be a string');
  }
  return { argv, env, stdin: toBuffer(options.stdin, 'command: stdin'), files, cwd: options.cwd || '' };
}

// An event of the library's JSON shape, camelCased.
function eventFrom(e) {
  return {
    kind: e.kind,
    name: e.name,
    timeS: e.time ?? 0,
    runId: e.run_id ?? 0,
    detail: e.detail ?? '',
    pid: e.pid ?? 0,
    type: e.type ?? null,
    severity: e.severity ?? null,
    action: e.action ?? null,
    syscall: e.syscall ?? null,
    values: e.values ?? {},
    labels: e.labels ?? {},
  };
}

function toEvent(json) {
  return eventFrom(JSON.parse(json));
}

/**
 * The verdict of one run. status, codes and output are read at once; the other fields
 * (message, usage, events, ...) come from the library's result JSON when first read: most
 * callers read only the verdict, and the JSON costs more than the verdict right after a run.
 */
class Result {
  #handle;
  #data = null;

  // verdict: [status, exitCode, signal, cliExitCode, stdout, stderr, handle] from the addon.
  constructor(verdict) {
    const [status, exitCode, signal, cliExitCode, stdoutBuffer, stderrBuffer, handle] = verdict;
    this.status = status;
    this.exitCode = exitCode;
    this.signal = signal;
    this.cliExitCode = cliExitCode;
    this.ok = status === 'ok';
    this.stdout = stdoutBuffer.toString('utf8');
    this.stderr = stderrBuffer.toString('utf8');
    this.stdoutBuffer = stdoutBuffer;
    this.stderrBuffer = stderrBuffer;
    this.#handle = handle;
  }

  // {text: the result JSON, fields: the lazy fields}, made on first use.
  get #decoded() {
    if (this.#data === null) {
      const text = call(() => native.resultJson(this.#handle));
      const r = JSON.parse(text);
      const fields = {
        stdoutTruncated: r.stdout_truncated,
        stderrTruncated: r.stderr_truncated,
        message: r.message,
        usage: {
          wallTimeS: r.wall_time_s,
          cpuUserS: r.cpu_user_s,
          cpuSysS: r.cpu_sys_s,
          peakMemoryBytes: r.peak_memory_bytes,
        },
        usageSource: r.usage_source,
        degraded: r.degraded,
        events: r.events.map(eventFrom),
      };
      this.#data = { text, fields };
    }
    return this.#data;
  }

  get stdoutTruncated() { return this.#decoded.fields.stdoutTruncated; }
  get stderrTruncated() { return this.#decoded.fields.stderrTruncated; }
  get message() { return this.#decoded.fields.message; }
  get usage() { return this.#decoded.fields.usage; }
  get usageSource() { return this.#decoded.fields.usageSource; }
  get degraded() { return this.#decoded.fields.degraded; }
  get events() { return this.#decoded.fields.events; }

  /** The library's result JSON (as C++ Result::to_json()), parsed (a fresh copy). */
  toJSON() {
    return JSON.parse(this.#decoded.text);
  }

  /** The readable report sandbox-cli prints (C++ Result::to_report()). */
  toReport() {
    return call(() => native.resultReport(this.#decoded.text));
  }

  // console.log and util.inspect show the decoded fields too, not only the verdict.
  [inspect.custom](depth, options, inspectValue) {
    return `Result ${inspectValue({ ...this, ...this.#decoded.fields }, options)}`;
  }
}

// The run options that reach the native sandbox beside policy and command.
function sandboxOptions(options) {
  const out = { telemetry: [] };
  if (options.telemetry !== undefined && options.telemetry !== null) {
    const list = Array.isArray(options.telemetry) ? options.telemetry : [options.telemetry];
    for (const t of list) {
      if (!(t instanceof Telemetry)) throw new PolicyError('telemetry: expected a Telemetry');
      out.telemetry.push(t._native);
    }
  }
  if (options.monitor !== undefined && options.monitor !== null) {
    const { interval = 0.1, history = 0 } = options.monitor;
    if (typeof interval !== 'number' || !(interval > 0) || interval > 86400) {
      throw new PolicyError('monitor.interval: expected seconds between 0.01 and 86400, ' +
                            `got ${interval}`);
    }
    if (!Number.isInteger(history) || history < 0) {
      throw new PolicyError(`monitor.history: expected a bucket count >= 0, got ${history}`);
    }
    out.monitorIntervalMs = Math.round(interval * 1000);
    out.monitorHistory = history;
    const thresholds = Object.entries(options.monitor.thresholds || {});
    out.monitorThresholds = thresholds.map(([metric, levels]) => {
      for (const key of Object.keys(levels)) {
        if (key !== 'warn' && key !== 'limit') {
          throw new PolicyError(`monitor.thresholds.${metric}: unknown key '${key}' ` +
                                '(known: warn, limit)');
        }
      }
      for (const level of [levels.warn, levels.limit]) {
        if (level !== undefined && (typeof level !== 'number' || !(level >= 0))) {
          throw new PolicyError(`monitor.thresholds.${metric}: levels must be numbers >= 0`);
        }
      }
      return [metric, levels.warn ?? -1, levels.limit ?? -1];
    });
  }
  return out;
}

/**
 * A run in progress. The box is launched off the event loop: 'spawn' (with the pid) is
 * emitted once it exists (not for a run whose launch failed: its 'exit' has status
 * setup_error); then 'event' (each event, as it happens) and 'exit' (the result).
 * kill() before the spawn kills the box as soon as it exists. `close()` frees the handle,
 * killing the box if it still runs.
 */
class RunHandle extends EventEmitter {
  // box: a native Sandbox. streamEvents: false for run() without onEvent, whose caller
  // never sees the handle.
  constructor(box, argv, options, streamEvents = true) {
    super();
    this._result = null;
    this._error = null;
    this._waiters = [];
    const spec = commandSpec(argv, options);
    this._run = call(() => new native.Run(box, spec, (kind, text) => this._onMessage(kind, text),
                                          streamEvents));
  }

  /** Host pid of the box's first process; 0 before 'spawn' and once it has been reaped. */
  get pid() {
    return call(() => this._run.pid);
  }

  /** Ends the whole box; its status is 'killed' unless another cause came first. */
  kill() {
    call(() => this._run.kill());
  }

  /** The result once the run has ended, else null. */
  poll() {
    if (this._result) return this._result;
    const verdict = call(() => this._run.poll());
    return verdict ? new Result(verdict) : null;
  }

  /** A promise of the result; never blocks the event loop. */
  wait() {
    if (this._result) return Promise.resolve(this._result);
    if (this._error) return Promise.reject(this._error);
    return new Promise((resolve, reject) => this._waiters.push({ resolve, reject }));
  }

  close() {
    this._run.close();
    if (!this._result) {
      const error = new SandboxError('the run handle was closed before the run ended',
                                     'RSB_ERR_INVALID_HANDLE');
      for (const waiter of this._waiters.splice(0)) waiter.reject(error);
    }
  }

  _fail(error) {
    this._error = error;
    for (const waiter of this._waiters.splice(0)) waiter.reject(error);
  }

  _onMessage(kind, text) {
    if (kind === 'done') {
      this._finish();
      return;
    }
    const event = toEvent(text);
    if (event.kind === 'lifecycle' && event.name === 'started') this.emit('spawn', event.pid);
    this.emit('event', event);
  }

  _finish() {
    let result;
    try {
      result = this.poll();
    } catch (error) {
      this._fail(error);
      return;
    }
    if (!result) return;  // closed meanwhile: close() rejected the waiters
    this._result = result;
    for (const waiter of this._waiters.splice(0)) waiter.resolve(result);
    this.emit('exit', result);
  }
}

/**
 * Samples of a host process tree: 'sample' (an Event with kind 'resource_sample' and values
 * such as cpu_user_s, memory_bytes, processes) every interval, 'end' once the tree is gone.
 * stop() takes a last sample and stops; close() stops without one.
 */
class Monitor extends EventEmitter {
  constructor(pid, interval) {
    super();
    this._ended = false;
    this._native = call(() => new native.Monitor(pid, Math.round(interval * 1000),
                                                 (kind, json) => this._onMessage(json)));
  }

  get running() {
    return !this._ended && call(() => this._native.running);
  }

  get sampleCount() {
    return call(() => this._native.sampleCount);
  }

  stop() {
    call(() => this._native.stop());
    this._ended = true;
  }

  close() {
    this._native.close();
    this._ended = true;
  }

  _onMessage(json) {
    const event = toEvent(json);
    if (event.name === 'monitor_ended') {
      this._ended = true;
      this.emit('end', event);
    } else {
      this.emit('sample', event);
    }
  }
}

/** Starts sampling host process `pid` and its descendants every `options.interval` s. */
function monitor(pid, options = {}) {
  if (!Number.isInteger(pid)) throw new PolicyError(`pid: expected an integer, got ${pid}`);
  const { interval = 0.1 } = options;
  if (typeof interval !== 'number' || !(interval > 0) || interval > 86400) {
    throw new PolicyError(`interval: expected seconds between 0.01 and 86400, got ${interval}`);
  }
  return new Monitor(pid, interval);
}

// camelCase options of Telemetry -> the library's TelemetryConfig JSON keys.
const TELEMETRY_KEYS = Object.freeze({
  prometheusListen: 'prometheus_listen',
  pushgatewayUrl: 'pushgateway_url',
  pushgatewayJob: 'pushgateway_job',
  otlpEndpoint: 'otlp_endpoint',
  otlpHeaders: 'otlp_headers',
  otlpTimeoutMs: 'otlp_timeout_ms',
  exportIntervalMs: 'export_interval_ms',
  eventLogPath: 'event_log_path',
  eventLogMaxBytes: 'event_log_max_bytes',
  eventLogRotations: 'event_log_rotations',
  queueSize: 'queue_size',
  serviceName: 'service_name',
  traceparent: 'traceparent',
});

/**
 * Exporters for the events of runs (Prometheus, Pushgateway, OTLP/HTTP JSON, a JSON-lines
 * event log); pass it as `telemetry` to run()/start(). `traceparent` (W3C) makes the runs'
 * spans and logs join the caller's trace.
 */
class Telemetry {
  constructor(options = {}) {
    const config = {};
    for (const [key, value] of Object.entries(options)) {
      const name = TELEMETRY_KEYS[key];
      if (!name) {
        throw new PolicyError(`unknown telemetry option '${key}' ` +
                              `(known: ${Object.keys(TELEMETRY_KEYS).join(', ')})`);
      }
      config[name] = value;
    }
    this._native = call(() => new native.Telemetry(JSON.stringify(config)));
  }

  /** The port /metrics is served on, 0 when Prometheus is off. */
  get prometheusPort() {
    return call(() => this._native.prometheusPort);
  }

  /** The pipeline's counters (eventsReceived, eventsDropped, otlpRequestsOk, ...). */
  stats() {
    const raw = JSON.parse(call(() => this._native.statsJson()));
    return Object.fromEntries(Object.entries(raw).map(
      ([key, value]) => [key.replace(/_([a-z])/g, (_, c) => c.toUpperCase()), value]));
  }

  /** Exports what is queued: a promise of true when all was delivered within `timeout` s. */
  async flush(timeout = 2) {
    if (typeof timeout !== 'number' || !(timeout >= 0)) {
      throw new PolicyError(`timeout: expected seconds >= 0, got ${timeout}`);
    }
    try {
      return await call(() => this._native.flush(Math.round(timeout * 1000)));
    } catch (error) {
      throw translate(error);
    }
  }

  /** Flushes and stops the exporters (off the event loop). */
  async close() {
    try {
      await call(() => this._native.close());
    } catch (error) {
      throw translate(error);
    }
  }
}

function newNativeSandbox(json, extra) {
  return call(() => new native.Sandbox(json, extra));
}

// The native sandbox of one run() or start() call.
function nativeSandboxFor(policy, options) {
  return newNativeSandbox(policyJson(policy, options.timeout), sandboxOptions(options));
}

async function runToEnd(box, argv, options) {
  const handle = new RunHandle(box, argv, options, Boolean(options.onEvent));
  if (options.onEvent) handle.on('event', options.onEvent);
  try {
    return await handle.wait();
  } finally {
    handle.close();
  }
}

/**
 * A validated policy, with the exporters and the monitor its runs report to, to run any
 * number of commands under (as C++'s sandbox::Sandbox and Python's rusty_sandbox.Sandbox).
 * `options`: `telemetry` and `monitor` as in run(). A bad policy throws PolicyError here.
 */
class Sandbox {
  constructor(policy, options = {}) {
    const json = policyJson(policy);
    this._options = { telemetry: options.telemetry, monitor: options.monitor };
    this._native = newNativeSandbox(json, sandboxOptions(this._options));
    this._policy = JSON.parse(json);  // a copy: later changes to the caller's object do not count
  }

  // The native sandbox for one run: this one, or one with the run's own wall timeout.
  _forRun(options) {
    if (options.timeout === undefined || options.timeout === null) return this._native;
    return newNativeSandbox(policyJson(this._policy, options.timeout),
                            sandboxOptions(this._options));
  }

  /** Runs `argv` to the end: a promise of the result (options as run(), less policy,
   *  telemetry and monitor, which are the sandbox's). */
  run(argv, options = {}) {
    try {
      return runToEnd(this._forRun(options), argv, options);
    } catch (error) {
      return Promise.reject(error);
    }
  }

  /** Starts `argv` and returns a RunHandle at once. */
  start(argv, options = {}) {
    return new RunHandle(this._forRun(options), argv, options);
  }
}

/** Starts `argv` in a box and returns a RunHandle at once. */
function start(argv, options = {}) {
  return new RunHandle(nativeSandboxFor(options.policy, options), argv, options);
}

/** Runs `argv` to the end: a promise of the result. `options.onEvent` gets each event. */
async function run(argv, options = {}) {
  return runToEnd(nativeSandboxFor(options.policy, options), argv, options);
}

/** Runs `source` with the runtime named `language` ('python', 'javascript', 'shell'). */
async function runCode(language, source, options = {}) {
  if (typeof language !== 'string' || typeof source !== 'string') {
    throw new PolicyError('runCode: language and source must be strings');
  }
  try {
    return new Result(await call(() => native.runCode(policyJson(options.policy, options.timeout),
                                                    language, source)));
  } catch (error) {
    throw translate(error);
  }
}

/** What the host kernel offers (namespaces, cgroups, seccomp, Landlock). */
function check() {
  return JSON.parse(call(() => native.checkHostJson()));
}

function checkText() {
  return call(() => native.checkHostText());
}

/** "256M" -> bytes; "1.5s" -> milliseconds (the library's parsers). */
function parseSize(text, what = 'size') {
  return call(() => native.parseSize(text, what));
}
function parseDurationMs(text, what = 'duration') {
  return call(() => native.parseDurationMs(text, what));
}

module.exports = {
  LEVELS,
  Monitor,
  NoProcessError,
  PolicyError,
  RunHandle,
  SandboxError,
  SetupError,
  abiVersion: () => native.abiVersion(),
  check,
  checkText,
  monitor,
  parseDurationMs,
  parseSize,
  run,
  runCode,
  Sandbox,
  start,
  Telemetry,
  version: native.libraryVersion(),
};
