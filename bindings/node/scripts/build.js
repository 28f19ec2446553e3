#!/usr/bin/env node
// Builds build/Release/rusty_sandbox.node with the system compiler, against the system's Node
// headers (no header download) and the installed libsandbox found by pkg-config ("sandbox").
// Overrides: CXX, RSB_NODE_INCLUDE (dir of node_api.h), RSB_CFLAGS/RSB_LIBS/RSB_LIBDIR
// (instead of pkg-config, e.g. for an uninstalled build tree).
'use strict';

const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '..');

function fail(message) {
  console.error(`rusty-sandbox: ${message}`);
  process.exit(1);
}

function nodeInclude() {
  const candidates = [
    process.env.RSB_NODE_INCLUDE,
    path.resolve(path.dirname(process.execPath), '..', 'include', 'node'),
    '/usr/include/node',
  ].filter(Boolean);
  const found = candidates.find((dir) => fs.existsSync(path.join(dir, 'node_api.h')));
  if (!found) {
    fail(`node_api.h not found in ${candidates.join(', ')}; on Debian install libnode-dev`);
  }
  return found;
}

function addonApiInclude() {
  try {
    return path.dirname(require.resolve('node-addon-api/package.json', { paths: [root] }));
  } catch {
    return fail('node-addon-api is missing: run `npm install` in bindings/node');
  }
}

function pkgConfig(...args) {
  try {
    return execFileSync('pkg-config', [...args, 'sandbox'], { encoding: 'utf8' }).trim();
  } catch {
    return fail('pkg-config cannot find libsandbox ("sandbox"): install it first ' +
                '(meson install), or set RSB_CFLAGS, RSB_LIBS and RSB_LIBDIR');
  }
}

function words(text) {
  return text.split(/\s+/).filter(Boolean);
}

const cflags = words(process.env.RSB_CFLAGS ?? pkgConfig('--cflags'));
const libs = words(process.env.RSB_LIBS ?? pkgConfig('--libs'));
const libdir = process.env.RSB_LIBDIR ?? pkgConfig('--variable=libdir');
const output = path.join(root, 'build', 'Release', 'rusty_sandbox.node');
fs.mkdirSync(path.dirname(output), { recursive: true });

const args = [
  '-std=c++20', '-O2', '-fPIC', '-shared', '-fvisibility=hidden', '-Wall', '-Wextra',
  '-DNAPI_VERSION=8', '-DNAPI_CPP_EXCEPTIONS',
  `-I${nodeInclude()}`, `-I${addonApiInclude()}`, ...cflags,
  ...['addon.cpp', 'monitor.cpp', 'telemetry.cpp'].map((file) => path.join(root, 'src', file)),
  '-o', output, ...libs, `-Wl,-rpath,${libdir}`,
];
const cxx = process.env.CXX || 'c++';
console.log(`rusty-sandbox: ${cxx} ${args.join(' ')}`);
try {
  execFileSync(cxx, args, { stdio: 'inherit' });
} catch {
  fail('compiling the addon failed (see above)');
}
