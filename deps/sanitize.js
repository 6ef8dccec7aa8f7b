'use strict';
// The sanitizer build (AddressSanitizer with LeakSanitizer, and UndefinedBehaviorSanitizer): one
// definition of its flags and places, read by deps/build.js (libsodium, libzmq), CMakeLists.txt
// (the addon) and scripts/sanitize.mjs (the run). See docs/sanitizers.md.
//
// ZMQ_NAPI_SANITIZE=1 selects it. It never touches the normal build: the libraries go to
// deps/build-sanitize/prefix/ and the addon to build-sanitize/.

const path = require('path');
const { truthy } = require('./obtain');

// -fno-sanitize-recover=all: the first undefined behaviour ends the process, as an ASan error does,
// so no report can scroll by unnoticed. -O1 -fno-omit-frame-pointer -g: readable stacks that the
// leak filter (scripts/lib/sanitizer-reports.mjs) can attribute, at a bearable speed.
// -fno-sanitize=vptr: the vptr check's runtime tests whether memory is readable by writing it to a
// pipe; with no descriptor left (the descriptor exhaustion tests) every virtual call it has not
// cached is reported as "object has invalid vptr". ASan still sees a call through a freed object.
const SANITIZE_FLAGS = ['-fsanitize=address,undefined', '-fno-sanitize=vptr', '-fno-omit-frame-pointer', '-fno-sanitize-recover=all', '-g', '-O1'];

// libsodium's x86 SIMD code (crypto_stream/salsa20/xmm6int, the others like it) reads and writes
// 32-bit words at any alignment on purpose, which x86 allows; 76 such lines in salsa20 alone.
// Only that check is left out, and only for libsodium.
const SANITIZE_SODIUM_FLAGS = ['-fno-sanitize=alignment'];

// The normal addon links the C++ runtime statically (src-native/sources.json). Here it must come
// from the shared libstdc++ so that ASan's interceptors (operator new/delete, __cxa_throw) see
// the addon's calls, as they see Node's.
const SANITIZE_DROPPED_LDFLAGS = ['-static-libstdc++', '-static-libgcc'];

// The addon's own link flags. UBSan's runtime goes inside the addon: as a shared library next to
// the preloaded ASan runtime, it hands its report path (UBSAN_OPTIONS log_path) to ASan's copy of
// the common code and keeps printing to stderr, where no report file collects it.
const SANITIZE_ADDON_LDFLAGS = ['-static-libubsan'];

const PACKAGE_ROOT = path.resolve(__dirname, '..');
const SANITIZE_DEPS_DIR = path.join(__dirname, 'build-sanitize');
const SANITIZE_ADDON_DIR = path.join(PACKAGE_ROOT, 'build-sanitize');

function sanitizeEnabled() {
  return truthy(process.env.ZMQ_NAPI_SANITIZE);
}

module.exports = { SANITIZE_FLAGS, SANITIZE_SODIUM_FLAGS, SANITIZE_DROPPED_LDFLAGS, SANITIZE_ADDON_LDFLAGS, SANITIZE_DEPS_DIR, SANITIZE_ADDON_DIR, sanitizeEnabled };

// `node deps/sanitize.js <name>` prints one of these for CMake (lists joined with ';').
if (require.main === module) {
  const value = module.exports[process.argv[2]];
  if (value === undefined || typeof value === 'function') {
    process.stderr.write(`usage: node deps/sanitize.js SANITIZE_FLAGS|SANITIZE_DROPPED_LDFLAGS|SANITIZE_ADDON_LDFLAGS\n`);
    process.exit(2);
  }
  process.stdout.write(`${Array.isArray(value) ? value.join(';') : value}\n`);
}
