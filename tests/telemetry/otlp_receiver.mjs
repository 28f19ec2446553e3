// A strict OTLP/HTTP JSON receiver for tests. Each export is decoded by the OTLP JSON mapping
// into the official protobuf message types (the protobufjs code @opentelemetry/otlp-transformer
// generates from opentelemetry-proto): field names in lowerCamelCase, trace and span ids as
// hex, 64-bit integers as decimal strings (numbers are tolerated but recorded), enums and
// other 32-bit integers as JSON numbers. Anything else (an unknown field, a wrong type, a
// base64 id, an enum name) is rejected with 400 and recorded.
import http from 'node:http';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
try {
  require.resolve('@opentelemetry/otlp-transformer');
} catch {
  throw new Error(`the OpenTelemetry test packages are missing: run "npm ci" in ${new URL('.', import.meta.url).pathname}`);
}
const root = require('@opentelemetry/otlp-transformer/build/src/generated/root.js');
const collector = root.opentelemetry.proto.collector;
// The Long class of the generated code's own protobufjs runtime.
const { Long } = createRequire(require.resolve('@opentelemetry/otlp-transformer'))('protobufjs/minimal').util;

export const SIGNALS = {
  '/v1/traces': { type: collector.trace.v1.ExportTraceServiceRequest, items: 'resourceSpans' },
  '/v1/metrics': { type: collector.metrics.v1.ExportMetricsServiceRequest, items: 'resourceMetrics' },
  '/v1/logs': { type: collector.logs.v1.ExportLogsServiceRequest, items: 'resourceLogs' },
};

// The fields of a generated message type, read from its generated decode function:
// name -> { reader: 'string' | 'int64' | ..., message: Type | undefined, repeated }.
const schemas = new Map();
function schemaOf(type) {
  if (schemas.has(type)) return schemas.get(type);
  const fields = {};
  const source = type.decode.toString();
  const re = /message\.(\w+)(\.push\(| = )(?:\$root\.([\w.]+)\.decode|reader\.(\w+)\(\))/g;
  for (const m of source.matchAll(re)) {
    const [, name, how, messagePath, reader] = m;
    const field = fields[name] ?? { repeated: false };
    field.repeated ||= how === '.push(';
    if (messagePath) field.message = messagePath.split('.').reduce((o, k) => o[k], root);
    else field.reader = reader;
    fields[name] = field;
  }
  if (Object.keys(fields).length === 0) throw new Error('no fields found in the generated decoder');
  schemas.set(type, fields);
  return fields;
}

const ID_BYTES = { traceId: 16, spanId: 8, parentSpanId: 8 };
const INT64 = new Set(['int64', 'uint64', 'fixed64', 'sfixed64', 'sint64']);
const INT32 = { int32: [-(2 ** 31), 2 ** 31 - 1], sint32: [-(2 ** 31), 2 ** 31 - 1], sfixed32: [-(2 ** 31), 2 ** 31 - 1],
                uint32: [0, 2 ** 32 - 1], fixed32: [0, 2 ** 32 - 1] };

class Rejection extends Error {}

function scalar(field, name, value, path, notes) {
  const fail = (why) => { throw new Rejection(`${path}: ${why} (got ${JSON.stringify(value)})`); };
  const { reader } = field;
  if (reader === 'bytes') {
    if (typeof value !== 'string') fail('bytes must be a string');
    if (name in ID_BYTES) {
      // OTLP exception to the protobuf mapping: ids are hex, not base64.
      if (value === '' && name === 'parentSpanId') return Buffer.alloc(0);
      if (!new RegExp(`^[0-9a-f]{${ID_BYTES[name] * 2}}$`, 'i').test(value)) fail(`${name} must be ${ID_BYTES[name] * 2} hex digits`);
      return Buffer.from(value, 'hex');
    }
    if (!/^[A-Za-z0-9+/_-]*={0,2}$/.test(value)) fail('bytes must be base64');
    return Buffer.from(value, 'base64');
  }
  if (INT64.has(reader)) {
    const unsigned = reader.startsWith('u') || reader === 'fixed64';
    if (typeof value === 'number') {
      if (!Number.isSafeInteger(value) || (unsigned && value < 0)) fail('not a valid 64-bit integer');
      notes.int64AsNumber.push(path);
      return Long.fromNumber(value, unsigned);
    }
    if (typeof value !== 'string' || !(unsigned ? /^\d+$/ : /^-?\d+$/).test(value)) fail('a 64-bit integer must be a decimal string');
    const big = BigInt(value);
    if (unsigned ? big >= 2n ** 64n : big >= 2n ** 63n || big < -(2n ** 63n)) fail('64-bit integer out of range');
    return Long.fromString(value, unsigned);
  }
  if (reader in INT32) {
    const [lo, hi] = INT32[reader];
    if (typeof value !== 'number' || !Number.isInteger(value) || value < lo || value > hi) fail(`${reader} (or enum) must be an integer number`);
    return value;
  }
  if (reader === 'double' || reader === 'float') {
    if (typeof value === 'number') return value;
    if (['NaN', 'Infinity', '-Infinity'].includes(value)) return Number(value);
    fail('must be a number');
  }
  if (reader === 'bool') {
    if (typeof value !== 'boolean') fail('must be true or false');
    return value;
  }
  if (reader === 'string') {
    if (typeof value !== 'string') fail('must be a string');
    return value;
  }
  fail(`unsupported field kind ${reader}`);
}

function convert(type, json, path, notes) {
  if (json === null || typeof json !== 'object' || Array.isArray(json)) throw new Rejection(`${path}: expected an object`);
  const fields = schemaOf(type);
  const out = {};
  for (const [key, value] of Object.entries(json)) {
    const field = fields[key];
    if (!field) throw new Rejection(`${path}.${key}: unknown field of ${type.name ?? 'message'}`);
    if (value === null) continue;
    const one = (v, p) => (field.message ? convert(field.message, v, p, notes) : scalar(field, key, v, p, notes));
    if (field.repeated) {
      if (!Array.isArray(value)) throw new Rejection(`${path}.${key}: expected an array`);
      out[key] = value.map((v, i) => one(v, `${path}.${key}[${i}]`));
    } else {
      out[key] = one(value, `${path}.${key}`);
    }
  }
  const problem = type.verify(out);
  if (problem) throw new Rejection(`${path}: ${problem}`);
  return out;
}

// Decodes one request body into the official message type; throws Rejection saying why not.
export function decodeStrict(type, body) {
  let json;
  try {
    json = JSON.parse(body);
  } catch (e) {
    throw new Rejection(`malformed JSON: ${e.message}`);
  }
  const notes = { int64AsNumber: [] };
  const plain = convert(type, json, '$', notes);
  // Through the binary form and back: what the receiver holds is the protobuf message itself.
  const message = type.decode(type.encode(type.fromObject(plain)).finish());
  return { message, notes };
}

// The decoded message as plain data for assertions: 64-bit integers as strings, ids as hex.
export function toPlain(type, message) {
  return type.toObject(message, { longs: String, enums: Number, bytes: String, defaults: false, arrays: true });
}

export function hex(base64) {
  return Buffer.from(base64, 'base64').toString('hex');
}

// mode: 'ok' | 'fail500' | 'fail429' | 'slow' | 'partial'; change it any time with setMode.
export async function startReceiver({ mode = 'ok', slowMs = 5000 } = {}) {
  const state = { mode, slowMs, accepted: [], rejected: [], requests: 0, statuses: [] };
  const server = http.createServer((req, res) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      state.requests++;
      const answer = (status, body, headers = {}) => {
        state.statuses.push(status);
        res.writeHead(status, { 'content-type': 'application/json', ...headers });
        res.end(JSON.stringify(body));
      };
      const signal = SIGNALS[req.url];
      if (req.method !== 'POST' || !signal) return answer(404, { message: 'no such endpoint' });
      if (!(req.headers['content-type'] ?? '').startsWith('application/json')) {
        state.rejected.push({ url: req.url, why: `content-type ${req.headers['content-type']}` });
        return answer(415, { message: 'expected application/json' });
      }
      if (state.mode === 'fail500') return answer(500, { message: 'down' });
      if (state.mode === 'fail429') return answer(429, { message: 'slow down' }, { 'retry-after': '1' });
      const body = Buffer.concat(chunks).toString('utf8');
      const respond = () => {
        try {
          const { message, notes } = decodeStrict(signal.type, body);
          state.accepted.push({ url: req.url, message, notes, headers: req.headers, plain: toPlain(signal.type, message) });
          if (state.mode === 'partial') {
            const key = { '/v1/traces': 'rejectedSpans', '/v1/metrics': 'rejectedDataPoints', '/v1/logs': 'rejectedLogRecords' }[req.url];
            return answer(200, { partialSuccess: { [key]: '1', errorMessage: 'one refused for the test' } });
          }
          answer(200, {});
        } catch (e) {
          if (!(e instanceof Rejection)) throw e;
          state.rejected.push({ url: req.url, why: e.message });
          answer(400, { message: e.message });
        }
      };
      if (state.mode === 'slow') setTimeout(respond, state.slowMs);
      else respond();
    });
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${server.address().port}`;
  return {
    url,
    state,
    setMode(m) { state.mode = m; },
    of(path) { return state.accepted.filter((a) => a.url === path); },
    close() { server.closeAllConnections(); return new Promise((resolve) => server.close(resolve)); },
  };
}
