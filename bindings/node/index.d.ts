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

/** The library's policy JSON; omitted keys take the level's defaults. */
export interface Policy {
  level?: Level;
  limits?: Limits;
  network?: 'none' | 'host';
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
  stdoutTruncated: boolean;
  stderrTruncated: boolean;
  message: string;
  usage: Usage;
  usageSource: string;
  degraded: string[];
  events: Event[];
  /** The library's result JSON (as C++ Result::to_json()), parsed. */
  toJSON(): Record<string, unknown>;
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
}

export class SandboxError extends Error {
  readonly code: string;
  constructor(message: string, code?: string);
}
export class PolicyError extends SandboxError {}
export class SetupError extends SandboxError {}

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
