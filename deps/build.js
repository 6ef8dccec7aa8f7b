#!/usr/bin/env node
'use strict';
// Builds the pinned native dependencies of zmq-napi into deps/build/prefix/:
//   lib/libsodium.a, lib/libzmq.a (static, position-independent, Release), include/,
//   bin/{local,remote}_{lat,thr}, inproc_{lat,thr}, proxy_thr (libzmq's perf tools, for bench/).
//
// Steps per library: obtain + verify the tarball (deps/obtain.js), extract into
// deps/build/src/<lib>/, apply deps/patches/<lib>/ in the order listed in deps/versions.json
// (a patch that does not apply fails the build), configure, build, install.
//
//   libsodium: its autotools build (autoreconf first when the tarball has no ./configure, as the
//              Debian orig tarball does), --disable-shared --enable-static --with-pic.
//   libzmq:    its CMake build, BUILD_STATIC only, drafts on, CURVE on OUR libsodium
//              (SODIUM_INCLUDE_DIRS/SODIUM_LIBRARIES are preset, and pkg-config only sees our
//              prefix, so the system libsodium is never picked up), no TLS/libbsd/tests/docs.
//
// The build is cached: each library has a stamp (versions, tarball pins, patch hashes, flags,
// compiler env) in prefix/share/zmq-napi/. When the prefix is complete and the stamps match,
// nothing runs and no network is touched.
//
// Usage:
//   node deps/build.js                 build if needed (progress on stderr)
//   node deps/build.js --print-prefix  build if needed, then print only the absolute prefix on
//                                      stdout (binding.gyp and CMakeLists.txt call this)
//   node deps/build.js --force         rebuild everything
// Environment:
//   npm_config_zmq_shared=true or ZMQ_NAPI_SHARED=1   build nothing (system libzmq via pkg-config)
//   ZMQ_NAPI_JOBS=<n>        parallel jobs (default: available CPUs)
//   ZMQ_NAPI_PERF_TOOLS=0    do not build libzmq's perf tools
//   ZMQ_NAPI_VERBOSE=1       stream tool output to stderr instead of deps/build/logs/
//   ZMQ_NAPI_SANITIZE=1      the sanitizer variant (deps/sanitize.js): ASan + UBSan flags, into
//                            deps/build-sanitize/prefix/ with its own stamps, no perf tools
//   CC, CXX                  compilers (recorded in the stamp)
//   ZMQ_NAPI_HOST=<triplet>  cross-compile for that GNU triplet (e.g. aarch64-linux-gnu; set CC
//                            and CXX to its compilers too), as scripts/prebuild.mjs does for arm64
//   ZMQ_NAPI_LIBZMQ_TARBALL, ZMQ_NAPI_LIBSODIUM_TARBALL   see deps/obtain.js
//
// A consumer links: <prefix>/lib/libzmq.a <prefix>/lib/libsodium.a -lpthread (C++ runtime), and
// compiles with -I<prefix>/include -DZMQ_STATIC -DZMQ_BUILD_DRAFT_API.
//
// Plain Node (>= 18), no npm dependencies.

const fs = require('fs');
const os = require('os');
const path = require('path');
const crypto = require('crypto');
const { spawnSync } = require('child_process');
const { obtain, loadVersions, sha256File, truthy } = require('./obtain');
const { which, isShared, assertPrerequisites, PrerequisiteError } = require('./prerequisites');
const { SANITIZE_FLAGS, SANITIZE_SODIUM_FLAGS, SANITIZE_DEPS_DIR, sanitizeEnabled } = require('./sanitize');

// Bump when the recipe below changes in a way the recorded flags do not capture.
const RECIPE_REVISION = 1;

const DEPS_DIR = __dirname;
const sanitize = sanitizeEnabled();
const BUILD_DIR = sanitize ? SANITIZE_DEPS_DIR : path.join(DEPS_DIR, 'build');
const PREFIX = path.join(BUILD_DIR, 'prefix');
const SRC_DIR = path.join(BUILD_DIR, 'src');
const LOG_DIR = path.join(BUILD_DIR, 'logs');
const STAMP_DIR = path.join(PREFIX, 'share', 'zmq-napi');
const LOCK_DIR = path.join(BUILD_DIR, '.lock');
const PATCH_DIR = path.join(DEPS_DIR, 'patches');

const PERF_TOOLS = ['local_lat', 'remote_lat', 'local_thr', 'remote_thr', 'inproc_lat', 'inproc_thr', 'proxy_thr'];

const verbose = truthy(process.env.ZMQ_NAPI_VERBOSE);
const crossHost = (process.env.ZMQ_NAPI_HOST || '').trim();
const perfTools = !sanitize && !/^(0|false|no|off)$/i.test(String(process.env.ZMQ_NAPI_PERF_TOOLS || '1').trim());
const jobs = Math.max(1, parseInt(process.env.ZMQ_NAPI_JOBS, 10) || (os.availableParallelism ? os.availableParallelism() : os.cpus().length));

function log(msg) {
  process.stderr.write(`[zmq-napi deps] ${msg}\n`);
}

class BuildError extends Error {}

// Runs a tool; its output goes to the library's log (or stderr with ZMQ_NAPI_VERBOSE=1), never
// to stdout, which --print-prefix reserves for the prefix.
function run(lib, cmd, args, opts = {}) {
  const logFile = path.join(LOG_DIR, `${lib}.log`);
  const line = `$ ${[cmd, ...args].join(' ')}`;
  let fd = null;
  let stdio;
  if (verbose) {
    process.stderr.write(`${line}\n`);
    stdio = ['ignore', 2, 2];
  } else {
    fs.appendFileSync(logFile, `\n${line}\n  (cwd ${opts.cwd || process.cwd()})\n`);
    fd = fs.openSync(logFile, 'a');
    stdio = ['ignore', fd, fd];
  }
  let r;
  try {
    r = spawnSync(cmd, args, { cwd: opts.cwd, env: opts.env || process.env, stdio });
  } finally {
    if (fd !== null) fs.closeSync(fd);
  }
  if (r.error || r.status !== 0) {
    let tail = '';
    if (!verbose) {
      const text = fs.readFileSync(logFile, 'utf8').split('\n');
      tail = `\n--- last lines of ${logFile} ---\n${text.slice(-40).join('\n')}\n---`;
    }
    const why = r.error ? r.error.message : r.signal ? `signal ${r.signal}` : `exit code ${r.status}`;
    throw new BuildError(`${lib}: \`${cmd} ${args.join(' ')}\` failed (${why})${tail}`);
  }
}

function sha256(text) {
  return crypto.createHash('sha256').update(text).digest('hex');
}

function patchList(spec) {
  return (spec.patches || []).map((rel) => {
    const file = path.join(PATCH_DIR, rel);
    if (!fs.existsSync(file)) throw new BuildError(`patch listed in deps/versions.json is missing: deps/patches/${rel}`);
    return { file, rel, sha256: sha256File(file) };
  });
}

// The compilers, resolved to real paths so that "cc" and "/usr/bin/cc" (CMake exports CC/CXX
// to the commands it runs at configure time, e.g. from CMakeLists.txt) give the same stamp.
function resolveTool(cmd) {
  if (/\s/.test(cmd)) return cmd; // "ccache gcc" and the like: keep as given
  const tryReal = (p) => {
    try {
      if (fs.statSync(p).isFile()) return fs.realpathSync(p);
    } catch {
      /* not there */
    }
    return null;
  };
  if (cmd.includes('/')) return tryReal(path.resolve(cmd)) || cmd;
  for (const dir of (process.env.PATH || '').split(path.delimiter).filter(Boolean)) {
    const found = tryReal(path.join(dir, cmd));
    if (found) return found;
  }
  return cmd;
}

function compilerEnv() {
  return { CC: resolveTool(process.env.CC || 'cc'), CXX: resolveTool(process.env.CXX || 'c++') };
}

// --- recipes -------------------------------------------------------------------------------

function sodiumRecipe(versions) {
  const spec = versions.libsodium;
  const cflags = sanitize ? [...SANITIZE_FLAGS, ...SANITIZE_SODIUM_FLAGS].join(' ') : '-O2 -g0';
  return {
    lib: 'libsodium',
    revision: RECIPE_REVISION,
    version: spec.version,
    tarballs: { debian: spec.debian && spec.debian.sha256, upstream: spec.upstream && spec.upstream.sha256 },
    patches: patchList(spec).map((p) => ({ rel: p.rel, sha256: p.sha256 })),
    configure: [
      `--prefix=${PREFIX}`,
      `--libdir=${path.join(PREFIX, 'lib')}`,
      `--includedir=${path.join(PREFIX, 'include')}`,
      '--disable-shared',
      '--enable-static',
      '--with-pic',
      '--disable-dependency-tracking',
      '--disable-debug', // no -g3/-O0 path
      '--disable-opt', // no -march=native / -Ofast: the archive must run on any CPU of the arch
      '--disable-pie', // it would add -fPIE after -fPIC; these objects go into a shared addon
      `CFLAGS=${cflags}`,
      ...(crossHost ? [`--host=${crossHost}`] : []),
    ],
    compiler: compilerEnv(),
    platform: crossHost || `${process.platform}-${process.arch}`,
    outputs: ['lib/libsodium.a', 'include/sodium.h', 'lib/pkgconfig/libsodium.pc'],
  };
}

function zmqRecipe(versions, sodium) {
  const spec = versions.libzmq;
  const cmake = {
    CMAKE_BUILD_TYPE: 'Release',
    CMAKE_INSTALL_PREFIX: PREFIX,
    CMAKE_INSTALL_LIBDIR: 'lib',
    CMAKE_INSTALL_INCLUDEDIR: 'include',
    CMAKE_POSITION_INDEPENDENT_CODE: 'ON',
    CMAKE_C_FLAGS: '-fvisibility=hidden',
    CMAKE_CXX_FLAGS: '-fvisibility=hidden -fvisibility-inlines-hidden',
    CMAKE_INSTALL_MESSAGE: 'NEVER',
    BUILD_SHARED: 'OFF',
    BUILD_STATIC: 'ON',
    ENABLE_DRAFTS: 'ON',
    ENABLE_CURVE: 'ON',
    WITH_LIBSODIUM: 'ON',
    WITH_LIBSODIUM_STATIC: 'ON',
    // Preset the result of its FindSodium module (find_path/find_library skip preset variables).
    SODIUM_INCLUDE_DIRS: path.join(PREFIX, 'include'),
    SODIUM_LIBRARIES: path.join(PREFIX, 'lib', 'libsodium.a'),
    WITH_TLS: 'OFF', // no GnuTLS: no wss://
    WITH_NSS: 'OFF',
    WITH_LIBBSD: 'OFF',
    WITH_OPENPGM: 'OFF',
    WITH_NORM: 'OFF',
    WITH_VMCI: 'OFF',
    BUILD_TESTS: 'OFF',
    // (WITH_PERF_TOOL only exists with BUILD_SHARED; the perf tools are compiled below instead.)
    WITH_DOCS: 'OFF',
    WITH_DOC: 'OFF',
    ENABLE_PRECOMPILED: 'OFF',
    ENABLE_CPACK: 'OFF',
    ENABLE_CLANG: 'OFF',
    LIBZMQ_WERROR: 'OFF',
    // libzmq's own pthread condition variable (CLOCK_MONOTONIC, pthread_cond_timedwait) rather
    // than std::condition_variable, whose libstdc++ waits use pthread_cond_clockwait: glibc 2.30.
    // Keeps the prebuilds' glibc floor at 2.28, Node's own.
    ZMQ_CV_IMPL: 'pthreads',
  };
  if (sanitize) {
    // The flags' own -O1 -g, not Release's -O3 (which would come after them).
    const flags = SANITIZE_FLAGS.join(' ');
    cmake.CMAKE_C_FLAGS += ` ${flags}`;
    cmake.CMAKE_CXX_FLAGS += ` ${flags}`;
    cmake.CMAKE_C_FLAGS_RELEASE = '-DNDEBUG';
    cmake.CMAKE_CXX_FLAGS_RELEASE = '-DNDEBUG';
  }
  if (crossHost) {
    cmake.CMAKE_SYSTEM_NAME = 'Linux';
    cmake.CMAKE_SYSTEM_PROCESSOR = crossHost.split('-')[0];
  }
  const outputs = ['lib/libzmq.a', 'include/zmq.h', 'include/zmq_utils.h'];
  if (perfTools) outputs.push(...PERF_TOOLS.map((t) => `bin/${t}`));
  return {
    lib: 'libzmq',
    revision: RECIPE_REVISION,
    version: spec.version,
    tarballs: { debian: spec.debian && spec.debian.sha256, upstream: spec.upstream && spec.upstream.sha256 },
    patches: patchList(spec).map((p) => ({ rel: p.rel, sha256: p.sha256 })),
    cmake,
    perfTools,
    perfFlags: perfTools ? ['-O2', '-DZMQ_STATIC'] : [],
    compiler: compilerEnv(),
    platform: crossHost || `${process.platform}-${process.arch}`,
    sodium: sha256(JSON.stringify(sodium)),
    outputs,
  };
}

// --- stamps --------------------------------------------------------------------------------

function stampFile(lib) {
  return path.join(STAMP_DIR, `${lib}.stamp.json`);
}

function isUpToDate(recipe) {
  try {
    const stamp = JSON.parse(fs.readFileSync(stampFile(recipe.lib), 'utf8'));
    if (stamp.hash !== sha256(JSON.stringify(recipe))) return false;
  } catch {
    return false;
  }
  return recipe.outputs.every((rel) => fs.existsSync(path.join(PREFIX, rel)));
}

function writeStamp(recipe, extra) {
  fs.mkdirSync(STAMP_DIR, { recursive: true });
  const stamp = { hash: sha256(JSON.stringify(recipe)), builtAt: new Date().toISOString(), ...extra, recipe };
  fs.writeFileSync(stampFile(recipe.lib), `${JSON.stringify(stamp, null, 2)}\n`);
}

// --- lock (several builds may ask for the prefix at once, e.g. gyp and cmake-js) ------------

function pidAlive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return e.code === 'EPERM';
  }
}

async function withLock(fn) {
  fs.mkdirSync(BUILD_DIR, { recursive: true });
  const deadline = Date.now() + 60 * 60 * 1000;
  let announced = false;
  for (;;) {
    try {
      fs.mkdirSync(LOCK_DIR);
      fs.writeFileSync(path.join(LOCK_DIR, 'pid'), String(process.pid));
      break;
    } catch (e) {
      if (e.code !== 'EEXIST') throw e;
      let owner = NaN;
      try {
        owner = parseInt(fs.readFileSync(path.join(LOCK_DIR, 'pid'), 'utf8'), 10);
      } catch {
        /* being created or removed */
      }
      let age = 0;
      try {
        age = Date.now() - fs.statSync(LOCK_DIR).mtimeMs;
      } catch {
        continue;
      }
      if ((Number.isInteger(owner) && !pidAlive(owner)) || (!Number.isInteger(owner) && age > 10000)) {
        log(`removing stale lock ${LOCK_DIR}`);
        fs.rmSync(LOCK_DIR, { recursive: true, force: true });
        continue;
      }
      if (Date.now() > deadline) throw new BuildError(`timed out waiting for ${LOCK_DIR} (held by pid ${owner})`);
      if (!announced) {
        log(`waiting for another build (pid ${owner}) to finish`);
        announced = true;
      }
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
  }
  try {
    return await fn();
  } finally {
    fs.rmSync(LOCK_DIR, { recursive: true, force: true });
  }
}

// --- steps ---------------------------------------------------------------------------------

async function prepareSource(lib, spec) {
  const tarball = await obtain(lib, { log });
  const dir = path.join(SRC_DIR, lib);
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  log(`${lib}: extracting ${path.basename(tarball.path)}`);
  run(lib, 'tar', ['-xzf', tarball.path, '-C', dir, '--strip-components=1']);
  for (const p of patchList(spec)) {
    log(`${lib}: applying ${p.rel}`);
    try {
      // Dry run first so a failing patch leaves nothing half-applied.
      run(lib, 'patch', ['-p1', '--forward', '--batch', '--fuzz=0', '--dry-run', '-i', p.file], { cwd: dir });
      run(lib, 'patch', ['-p1', '--forward', '--batch', '--fuzz=0', '-i', p.file], { cwd: dir });
    } catch (err) {
      throw new BuildError(`${lib}: patch deps/patches/${p.rel} does not apply to ${path.basename(tarball.path)}\n${err.message}`);
    }
  }
  return { dir, tarball };
}

async function buildSodium(versions, recipe) {
  const t0 = Date.now();
  const { dir, tarball } = await prepareSource('libsodium', versions.libsodium);
  if (!fs.existsSync(path.join(dir, 'configure'))) {
    // The Debian orig tarball is a git export without the generated configure script.
    // (Not its autogen.sh: that one also downloads config.guess/config.sub.)
    log('libsodium: autoreconf (tarball has no ./configure)');
    run('libsodium', 'autoreconf', ['-fi'], { cwd: dir });
  }
  log('libsodium: configure');
  const env = { ...process.env, CC: recipe.compiler.CC };
  delete env.CFLAGS;
  delete env.CPPFLAGS;
  delete env.LDFLAGS;
  run('libsodium', './configure', recipe.configure, { cwd: dir, env });
  const make = process.env.MAKE || 'make';
  log(`libsodium: make -j${jobs}`);
  run('libsodium', make, [`-j${jobs}`], { cwd: dir, env });
  run('libsodium', make, ['install'], { cwd: dir, env });
  return { seconds: (Date.now() - t0) / 1000, tarball: tarball.kind };
}

async function buildZmq(versions, recipe) {
  const t0 = Date.now();
  const { dir, tarball } = await prepareSource('libzmq', versions.libzmq);
  const bdir = path.join(BUILD_DIR, 'libzmq-cmake');
  fs.rmSync(bdir, { recursive: true, force: true });
  const args = ['-S', dir, '-B', bdir, '-Wno-dev'];
  if (which('ninja')) args.push('-G', 'Ninja');
  for (const [k, v] of Object.entries(recipe.cmake)) args.push(`-D${k}=${v}`);
  // libzmq 4.3.4 declares cmake_minimum_required(2.8.12), which CMake >= 4 refuses without this.
  const cmakeMajor = parseInt((/version (\d+)/.exec(spawnSync('cmake', ['--version'], { encoding: 'utf8' }).stdout || '') || [])[1], 10);
  if (cmakeMajor >= 4) args.push('-DCMAKE_POLICY_VERSION_MINIMUM=3.5');
  args.push(`-DCMAKE_C_COMPILER=${recipe.compiler.CC}`, `-DCMAKE_CXX_COMPILER=${recipe.compiler.CXX}`);
  // pkg-config (used by libzmq's FindSodium and libbsd/gnutls probes) sees only our prefix.
  const env = { ...process.env, PKG_CONFIG_LIBDIR: path.join(PREFIX, 'lib', 'pkgconfig'), PKG_CONFIG_PATH: '' };
  for (const v of ['CFLAGS', 'CXXFLAGS', 'CPPFLAGS', 'LDFLAGS']) delete env[v];
  log('libzmq: cmake configure');
  run('libzmq', 'cmake', args, { env });

  // Check that the configuration is the one we asked for before spending time compiling it.
  const platformHpp = fs.readFileSync(path.join(bdir, 'platform.hpp'), 'utf8');
  for (const macro of ['ZMQ_USE_LIBSODIUM', 'ZMQ_HAVE_CURVE', 'ZMQ_BUILD_DRAFT_API']) {
    if (!new RegExp(`^#define ${macro}\\b`, 'm').test(platformHpp)) {
      throw new BuildError(`libzmq: configured without ${macro} (see ${path.join(LOG_DIR, 'libzmq.log')})`);
    }
  }
  const cache = fs.readFileSync(path.join(bdir, 'CMakeCache.txt'), 'utf8');
  const sodiumLib = /^SODIUM_LIBRARIES:[A-Z]+=(.*)$/m.exec(cache);
  if (!sodiumLib || path.resolve(sodiumLib[1]) !== recipe.cmake.SODIUM_LIBRARIES) {
    throw new BuildError(`libzmq: CMake picked libsodium ${sodiumLib ? sodiumLib[1] : '(none)'}, expected ${recipe.cmake.SODIUM_LIBRARIES}`);
  }

  log(`libzmq: build -j${jobs}`);
  run('libzmq', 'cmake', ['--build', bdir, '--parallel', String(jobs)], { env });
  run('libzmq', 'cmake', ['--install', bdir], { env });

  if (recipe.perfTools) {
    // libzmq's CMake builds perf tools only along with the shared library; compiling the seven
    // small programs against the static archives here costs a few seconds instead.
    log('libzmq: perf tools');
    fs.mkdirSync(path.join(PREFIX, 'bin'), { recursive: true });
    const libs = [path.join(PREFIX, 'lib', 'libzmq.a'), path.join(PREFIX, 'lib', 'libsodium.a'), '-lpthread'];
    await runParallel(
      PERF_TOOLS.map((tool) => () =>
        spawnAsync('libzmq', recipe.compiler.CXX, [
          ...recipe.perfFlags,
          `-I${bdir}`, // platform.hpp
          `-I${path.join(dir, 'include')}`,
          path.join(dir, 'perf', `${tool}.cpp`),
          '-o',
          path.join(PREFIX, 'bin', tool),
          ...libs,
        ], { env })
      ),
      jobs
    );
  }
  return { seconds: (Date.now() - t0) / 1000, tarball: tarball.kind };
}

function spawnAsync(lib, cmd, args, opts = {}) {
  const { spawn } = require('child_process');
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { env: opts.env || process.env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    child.on('error', reject);
    child.on('close', (code) => {
      const text = `\n$ ${[cmd, ...args].join(' ')}\n${out}`;
      if (verbose) process.stderr.write(text);
      else fs.appendFileSync(path.join(LOG_DIR, `${lib}.log`), text);
      if (code === 0) resolve();
      else reject(new BuildError(`${lib}: \`${cmd} ${args.join(' ')}\` failed (exit code ${code})\n${out.slice(-4000)}`));
    });
  });
}

async function runParallel(tasks, limit) {
  const queue = tasks.slice();
  const workers = Array.from({ length: Math.min(limit, queue.length) }, async () => {
    while (queue.length) await queue.shift()();
  });
  await Promise.all(workers);
}

// --- driver --------------------------------------------------------------------------------

async function ensureBuilt({ force = false } = {}) {
  const versions = loadVersions();
  const sodium = sodiumRecipe(versions);
  const zmq = zmqRecipe(versions, sodium);
  if (!force && isUpToDate(sodium) && isUpToDate(zmq)) return { built: false };

  return withLock(async () => {
    // Another process may have finished the build while we waited.
    const sodiumOk = !force && isUpToDate(sodium);
    const zmqOk = sodiumOk && isUpToDate(zmq);
    if (sodiumOk && zmqOk) {
      log('dependencies are up to date');
      return { built: false };
    }
    assertPrerequisites({ shared: false });
    const t0 = Date.now();
    fs.mkdirSync(LOG_DIR, { recursive: true });
    log(`building native dependencies into ${PREFIX} (logs in ${LOG_DIR}, ${jobs} jobs)`);
    if (!sodiumOk) {
      // libzmq links libsodium: a new libsodium means a clean prefix and a libzmq rebuild.
      fs.rmSync(PREFIX, { recursive: true, force: true });
      fs.writeFileSync(path.join(LOG_DIR, 'libsodium.log'), '');
      const info = await buildSodium(versions, sodium);
      writeStamp(sodium, info);
      log(`libsodium ${sodium.version}: built in ${info.seconds.toFixed(1)} s`);
    }
    fs.rmSync(stampFile('libzmq'), { force: true });
    fs.writeFileSync(path.join(LOG_DIR, 'libzmq.log'), '');
    const info = await buildZmq(versions, zmq);
    writeStamp(zmq, info);
    log(`libzmq ${zmq.version}: built in ${info.seconds.toFixed(1)} s`);
    log(`done in ${((Date.now() - t0) / 1000).toFixed(1)} s: ${PREFIX}`);
    return { built: true };
  });
}

async function main(argv) {
  const opts = { printPrefix: false, force: false };
  for (const a of argv) {
    if (a === '--print-prefix') opts.printPrefix = true;
    else if (a === '--force') opts.force = true;
    else if (a === '-h' || a === '--help') {
      process.stderr.write('usage: node deps/build.js [--print-prefix] [--force]\n');
      return;
    } else throw new BuildError(`unknown argument ${a}`);
  }
  if (isShared()) {
    log('shared mode (npm_config_zmq_shared / ZMQ_NAPI_SHARED): the system libzmq is used, nothing to build');
  } else {
    await ensureBuilt(opts);
  }
  if (opts.printPrefix) process.stdout.write(`${PREFIX}\n`);
}

module.exports = { ensureBuilt, withLock, PREFIX, isShared };

if (require.main === module) {
  main(process.argv.slice(2)).catch((err) => {
    log(`error: ${err instanceof BuildError || err instanceof PrerequisiteError ? err.message : err.stack || err}`);
    process.exit(1);
  });
}
