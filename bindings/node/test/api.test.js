'use strict';
// Calls that start no box: versions, host check, parsers, errors and their classes.
const test = require('node:test');
const assert = require('node:assert');
const rs = require('..');

test('versions and host check', () => {
  assert.strictEqual(rs.abiVersion(), 1);
  assert.match(rs.version, /^\d+\.\d+\.\d+$/);
  assert.ok(['v2', 'v1', 'hybrid', 'none'].includes(rs.check().cgroup_mode));
  assert.strictEqual(rs.check().box_init_exec, true);
  assert.match(rs.checkText(), /cgroup/);
});

test('parsers use the library', () => {
  assert.strictEqual(rs.parseSize('256M'), 256 * 1024 * 1024);
  assert.strictEqual(rs.parseDurationMs('1.5s'), 1500);
  assert.throws(() => rs.parseSize('lots', 'memory'),
                (e) => e instanceof rs.PolicyError && e.code === 'RSB_ERR_POLICY' &&
                       /memory/.test(e.message));
});

test('errors are Error subclasses with a code', () => {
  assert.ok(new rs.PolicyError('x') instanceof rs.SandboxError);
  assert.ok(new rs.SetupError('x') instanceof Error);
  assert.strictEqual(new rs.SetupError('x', 'RSB_ERR_SETUP').code, 'RSB_ERR_SETUP');
});

test('bad policies and commands are refused before running', async () => {
  await assert.rejects(rs.run(['/bin/true'], { policy: { limits: { memroy_bytes: 1 } } }),
                       (e) => e instanceof rs.PolicyError && /memroy_bytes/.test(e.message));
  await assert.rejects(rs.run(['/bin/true'], { policy: 'paranoid' }),
                       (e) => e instanceof rs.PolicyError && /paranoid/.test(e.message));
  await assert.rejects(rs.run([]), (e) => e instanceof rs.PolicyError && /argv/.test(e.message));
  await assert.rejects(rs.run('/bin/true'), rs.PolicyError);
  await assert.rejects(rs.run(['/bin/true'], { files: { '../escape': 'x' } }), rs.PolicyError);
  await assert.rejects(rs.run(['/bin/true'], { policy: { level: 'standard', network: 'host' } }),
                       (e) => e instanceof rs.PolicyError && /network/.test(e.message));
  await assert.rejects(rs.runCode('cobol', 'x'),
                       (e) => e instanceof rs.PolicyError && /cobol/.test(e.message));
});
