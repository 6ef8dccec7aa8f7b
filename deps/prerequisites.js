#!/usr/bin/env node
'use strict';
// What a source build of zmq-napi needs on the machine, checked all at once before anything runs,
// so that a machine lacking several tools learns about every one of them in a single message,
// with the Debian/Ubuntu package that provides it.
//
// Runs (a) from the install script when no prebuilt binary matches (node-gyp-build runs it before
// `node-gyp rebuild`), and (b) from deps/build.js before it builds libsodium and libzmq.
//
// CLI: node deps/prerequisites.js   exit 0 when everything is there, else 1 with the message.
// API: missingPrerequisites({shared}) -> [{command, debian, need}]; assertPrerequisites().
//
// Plain Node (>= 18), no npm dependencies.

const { spawnSync } = require('child_process');
const { truthy } = require('./obtain');

function which(cmd) {
  const r = spawnSync('sh', ['-c', 'command -v "$1"', 'sh', cmd], { encoding: 'utf8' });
  return r.status === 0 ? r.stdout.trim() : null;
}

// The first word of $CC / $CXX when set ("ccache gcc" -> ccache), else the usual names.
const compiler = (envVar, fallback) => (process.env[envVar] || '').trim().split(/\s+/)[0] || fallback;

function requirements(shared) {
  const addon = [
    { command: 'python3', debian: 'python3', need: 'node-gyp' },
    { command: 'make', debian: 'make', need: 'node-gyp' },
    { command: compiler('CXX', 'c++'), debian: 'g++', need: 'the addon (C++17)' },
  ];
  if (shared) {
    return [...addon, { command: 'pkg-config', debian: 'pkg-config', need: 'finding the system libzmq' }];
  }
  return [
    ...addon,
    { command: compiler('CC', 'cc'), debian: 'gcc', need: 'libsodium, libzmq' },
    { command: 'cmake', debian: 'cmake', need: 'libzmq' },
    { command: 'patch', debian: 'patch', need: 'deps/patches/' },
    { command: 'tar', debian: 'tar', need: 'unpacking the source tarballs' },
    // The Debian orig tarball of libsodium is a git export without ./configure.
    { command: 'autoreconf', debian: 'autoconf', need: 'libsodium (autoreconf)' },
    { command: 'aclocal', debian: 'automake', need: 'libsodium (autoreconf)' },
    { command: 'automake', debian: 'automake', need: 'libsodium (autoreconf)' },
    { command: 'libtoolize', debian: 'libtool', need: 'libsodium (autoreconf)' },
  ];
}

const isShared = () => truthy(process.env.npm_config_zmq_shared) || truthy(process.env.ZMQ_NAPI_SHARED);

function missingPrerequisites({ shared = isShared() } = {}) {
  const missing = requirements(shared).filter((r) => !which(r.command));
  if (shared && which('pkg-config') && spawnSync('pkg-config', ['--exists', 'libzmq']).status !== 0) {
    missing.push({ command: 'libzmq.pc (pkg-config --exists libzmq)', debian: 'libzmq3-dev', need: 'linking the system libzmq' });
  }
  return missing;
}

function describe(missing, shared) {
  const width = Math.max(...missing.map((m) => m.command.length));
  const packages = [...new Set(missing.map((m) => m.debian))];
  return (
    `zmq-napi: building from source (no prebuilt binary matches ${process.platform}-${process.arch}` +
    `${shared ? ', or the system libzmq was asked for' : ''}) needs what this machine lacks:\n` +
    missing.map((m) => `  ${m.command.padEnd(width)}  for ${m.need} (Debian/Ubuntu package: ${m.debian})`).join('\n') +
    `\nInstall them (Debian/Ubuntu: apt-get install ${packages.join(' ')}) and run the install again.`
  );
}

class PrerequisiteError extends Error {}

function assertPrerequisites(opts = {}) {
  const shared = opts.shared === undefined ? isShared() : opts.shared;
  const missing = missingPrerequisites({ shared });
  if (missing.length) throw new PrerequisiteError(describe(missing, shared));
}

module.exports = { which, isShared, missingPrerequisites, assertPrerequisites, PrerequisiteError };

if (require.main === module) {
  try {
    assertPrerequisites();
  } catch (err) {
    if (!(err instanceof PrerequisiteError)) throw err;
    process.stderr.write(`${err.message}\n`);
    process.exit(1);
  }
}
