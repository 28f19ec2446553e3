'use strict';
// The policy object's fields beyond limits reach the library; bad values are named.
const test = require('node:test');
const assert = require('node:assert');
const rs = require('..');

test('policy fields beyond limits: values reach the box, bad ones are named', async () => {
  const policy = { level: 'enhanced', seccomp: 'allowlist', on_breach: 'terminate_on_critical',
                   files: { read: ['/srv'] }, keep_capabilities: ['CAP_NET_BIND_SERVICE'] };
  const r = await rs.run(['/bin/true'], { policy });
  assert.strictEqual(r.status, 'ok', r.message);
  assert.throws(() => rs.start(['/bin/true'], { policy: { keep_capabilities: ['CAP_FLY'] } }),
                (e) => e instanceof rs.PolicyError && /keep_capabilities\[0\].*CAP_FLY/.test(e.message));
  assert.throws(() => rs.start(['/bin/true'], { policy: { seccomp: 'blocklist' } }),
                (e) => e instanceof rs.PolicyError && /seccomp/.test(e.message));
  assert.throws(() => rs.start(['/bin/true'], { policy: { files: { write: ['tmp'] } } }),
                /files.write\[0\]/);
});

test('host_resolution pins an allowed host; a bad address is named', async () => {
  const policy = { level: 'enhanced', allowed_hosts: ['pypi.org:443'],
                   host_resolution: { 'pypi.org': ['151.101.0.223'] } };
  const r = await rs.run(['/bin/true'], { policy });
  assert.strictEqual(r.status, 'ok', r.message);
  const bad = { ...policy, host_resolution: { 'pypi.org': ['nope'] } };
  assert.throws(() => rs.start(['/bin/true'], { policy: bad }),
                (e) => e instanceof rs.PolicyError && /host_resolution.*'nope'/.test(e.message));
});
