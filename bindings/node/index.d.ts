// Type declarations of rusty-sandbox (index.js).
/// <reference types="node" />
import { EventEmitter } from 'node:events';

export type Level = 'basic' | 'standard' | 'enhanced' | 'maximum';
export const LEVELS: readonly Level[];

export type Status =
  | 'ok' | 'nonzero_exit' | 'signaled' | 'timeout' | 'cpu_limit' | 'memory_limit'
  | 'pids_limit' | 'output_limit' | 'security_violation' | 'killed' | 'setup_error'
  | 'internal_error';

/** Sizes take bytes or "256M"; durations take milliseconds or "2s"; null unsets. */
export interface Limits {
  memory_bytes?: number | string | null;
  cpu_time_ms?: number | string | null;
  wall_timeout_ms?: number | string;
  pids?: number | null;
  file_size_bytes?: number | string;
  open_files?: number;
  address_space_bytes?: number | string | null;
  stdout_max_bytes?: number | string;
  stderr_max_bytes?: number | string;
  on_output_overflow?: 'kill' | 'truncate';
  tmp_size_bytes?: number | string;
  workdir_size_bytes?: number | string;
}

export type SeccompMode = 'none' | 'denylist' | 'allowlist' | 'allowlist_kill';
export type BreachResponse = 'report' | 'terminate_on_critical' | 'terminate';

/**
 * The library's policy JSON; omitted keys take the level's defaults. Bad values reject with
 * a PolicyError naming the key (and list entry), e.g. "keep_capabilities[0]: unknown
 * capability 'CAP_FOO'".
 */
export interface Policy {
  level?: Level;
  limits?: Limits;
  network?: 'none' | 'host';
  seccomp?: SeccompMode;
  on_breach?: BreachResponse;
  /** Landlock allowlists of host paths. */
  files?: { read?: string[]; write?: string[]; exec?: string[] };
  /** "host[:port]" reachable through the egress proxy (enhanced). */
  allowed_hosts?: string[];
  /** Allowed host name -> IP addresses the egress proxy connects to instead of DNS. */
  host_resolution?: Record<string, string[]>;
  /** Capabilities the program keeps ("CAP_NET_BIND_SERVICE"). */
  keep_capabilities?: string[];
  readonly_paths?: string[];
  hostname?: string;
  workdir?: string;
  host_uid?: number;
  host_gid?: number;
  [key: string]: unknown;
}

export interface Event {
  kind: 'lifecycle' | 'resource_sample' | 'limit_violation' | 'security' | 'watchdog';
  name: string;
  timeS: number;
  runId: number;
  detail: string;
  pid: number;
  type: string | null;
  severity: 'info' | 'low' | 'medium' | 'high' | 'critical' | null;
  action: 'allowed' | 'denied' | 'killed' | null;
  syscall: string | null;
  values: Record<string, number>;
  labels: Record<string, string>;
}

export interface Usage {
  wallTimeS: number;
  cpuUserS: number;
  cpuSysS: number;
  peakMemoryBytes: number;
}

export interface Result {
  status: Status;
  exitCode: number;
  signal: number;
  cliExitCode: number;
  ok: boolean;
  stdout: string;
  stderr: string;
  stdoutBuffer: Buffer;
  stderrBuffer: Buffer;
  // Decoded from the library's result JSON when first read (getters).
  readonly stdoutTruncated: boolean;
  readonly stderrTruncated: boolean;
  readonly message: string;
  readonly usage: Usage;
  readonly usageSource: string;
  readonly degraded: string[];
  readonly events: Event[];
  /** The library's result JSON (as C++ Result::to_json()), parsed. */
  toJSON(): Record<string, unknown>;
  /** The readable report sandbox-cli prints: status, message, usage, the start of stdout
   *  and stderr, what was degraded. */
  toReport(): string;
}

export interface RunOptions {
  policy?: Level | Policy;
  stdin?: string | Uint8Array;
  env?: Record<string, string>;
  files?: Record<string, string | Uint8Array>;
  cwd?: string;
  /** Seconds, or a duration string ("2s"); overrides the policy's wall timeout. */
  timeout?: number | string;
  /** run() only: called with each event as it happens. */
  onEvent?: (event: Event) => void;
  /** Exporters that also receive this run's events. */
  telemetry?: Telemetry | Telemetry[];
  /**
   * Samples the box every `interval` s (default 0.1, at least 0.01): samples reach
   * onEvent and 'event' (not Result.events); with `history` buckets (even, >= 2) the
   * result carries the per-metric history (a "resource_history" event).
   */
  monitor?: {
    interval?: number;
    history?: number;
    /**
     * Per metric (memory_bytes, processes, cpu_user_s, ...), in its unit: crossing `warn`
     * sends a "threshold_warning" event; reaching `limit` ends the run with the matching
     * status (memory_limit, pids_limit, cpu_limit, output_limit).
     */
    thresholds?: Record<string, { warn?: number; limit?: number }>;
  };
}

export class SandboxError extends Error {
  readonly code: string;
  constructor(message: string, code?: string);
}
export class PolicyError extends SandboxError {}
export class SetupError extends SandboxError {}
export class NoProcessError extends SandboxError {}

/** Launched off the event loop: `pid` is 0 until 'spawn' (which a run whose launch failed
 *  never emits: its 'exit' has status setup_error). */
export class RunHandle extends EventEmitter {
  readonly pid: number;
  kill(): void;
  poll(): Result | null;
  wait(): Promise<Result>;
  close(): void;
  on(event: 'event', listener: (event: Event) => void): this;
  on(event: 'exit', listener: (result: Result) => void): this;
  once(event: 'event', listener: (event: Event) => void): this;
  once(event: 'exit', listener: (result: Result) => void): this;
  on(event: 'spawn', listener: (pid: number) => void): this;
  once(event: 'spawn', listener: (pid: number) => void): this;
}

export interface MonitorOptions {
  /** Seconds between samples (default 0.1, at least 0.01). */
  interval?: number;
}

export class Monitor extends EventEmitter {
  readonly running: boolean;
  readonly sampleCount: number;
  /** Takes a last sample and stops; no 'sample' comes after. */
  stop(): void;
  /** Stops without a last sample and frees the monitor. */
  close(): void;
  on(event: 'sample', listener: (sample: Event) => void): this;
  on(event: 'end', listener: (ended: Event) => void): this;
  once(event: 'sample', listener: (sample: Event) => void): this;
  once(event: 'end', listener: (ended: Event) => void): this;
}

export interface TelemetryOptions {
  /** "127.0.0.1:9464" serves /metrics while the object lives; port 0 picks one. */
  prometheusListen?: string;
  pushgatewayUrl?: string;
  pushgatewayJob?: string;
  /** OTLP/HTTP JSON base URL: /v1/traces, /v1/metrics, /v1/logs. */
  otlpEndpoint?: string;
  otlpHeaders?: Record<string, string>;
  otlpTimeoutMs?: number;
  exportIntervalMs?: number;
  /** JSON lines, one event per line. */
  eventLogPath?: string;
  eventLogMaxBytes?: number;
  eventLogRotations?: number;
  queueSize?: number;
  serviceName?: string;
  /** W3C trace context; the runs' spans and logs join that trace. */
  traceparent?: string;
}

export interface TelemetryStats {
  eventsReceived: number;
  eventsDropped: number;
  otlpRequestsOk: number;
  otlpRequestsFailed: number;
  otlpItemsDropped: number;
  otlpItemsRejected: number;
  pushesFailed: number;
}

export class Telemetry {
  constructor(options?: TelemetryOptions);
  readonly prometheusPort: number;
  stats(): TelemetryStats;
  /** Resolves true when everything queued was delivered within `timeout` seconds. */
  flush(timeout?: number): Promise<boolean>;
  /** Flushes and stops the exporters; do not call while a flush() is pending. */
  close(): Promise<void>;
}

export function monitor(pid: number, options?: MonitorOptions): Monitor;

/** The options a Sandbox's runs share: its exporters and its monitor. */
export type SandboxOptions = Pick<RunOptions, 'telemetry' | 'monitor'>;
/** What one run of a Sandbox may set for itself. */
export type SandboxRunOptions = Omit<RunOptions, 'policy' | 'telemetry' | 'monitor'>;

/**
 * A validated policy, with the exporters and monitor its runs report to, to run any number
 * of commands under. A bad policy throws PolicyError from the constructor.
 */
export class Sandbox {
  constructor(policy?: Level | Policy, options?: SandboxOptions);
  run(argv: string[], options?: SandboxRunOptions): Promise<Result>;
  start(argv: string[], options?: Omit<SandboxRunOptions, 'onEvent'>): RunHandle;
}

export function run(argv: string[], options?: RunOptions): Promise<Result>;
export function start(argv: string[], options?: Omit<RunOptions, 'onEvent'>): RunHandle;
export function runCode(language: string, source: string,
                        options?: Pick<RunOptions, 'policy' | 'timeout'>): Promise<Result>;
export function check(): Record<string, unknown>;
export function checkText(): string;
export function parseSize(text: string, what?: string): number;
export function parseDurationMs(text: string, what?: string): number;
export function abiVersion(): number;
export const version: string;
