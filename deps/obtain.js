#!/usr/bin/env node
'use strict';
// Obtains and verifies the pinned source tarballs listed in deps/versions.json.
//
// For each library the first source that has a tarball wins, in this order:
//   1. the path in the library's env var (ZMQ_NAPI_LIBZMQ_TARBALL, ZMQ_NAPI_LIBSODIUM_TARBALL);
//   2. deps/cache/ (the Debian orig name or the upstream file name);
//   3. only with ZMQ_NAPI_APT_SOURCE=1: `apt-get source --download-only <debian source package>`
//      in a temporary folder (as root, a missing deb-src entry is derived from the machine's own
//      apt sources and `apt-get update` is run). A dependency's install script must not change
//      the machine's apt configuration unasked, so this is opt-in: .ci/run and a development
//      clone on a machine without the upstream URL set it (README, "Building from source");
//   4. the upstream release URL (https).
// ZMQ_NAPI_OFFLINE=1 stops after step 2 (no apt-get, no download).
// Every source is checked against the sha256 pinned for that exact file (Debian orig or
// upstream release); a mismatch is an error, never a fallback. Verified tarballs are kept in
// deps/cache/, so once cached nothing touches the network.
//
// CLI: node deps/obtain.js [libzmq|libsodium ...]   prints "<name> <path>" lines on stdout.
// API: obtain(name, {log}) -> Promise<{name, path, kind, sha256, topdir}>.
//
// Plain Node (>= 18), no npm dependencies.

const fs = require('fs');
const os = require('os');
const path = require('path');
const crypto = require('crypto');
const { spawnSync } = require('child_process');

const DEPS_DIR = __dirname;
const CACHE_DIR = path.join(DEPS_DIR, 'cache');
const VERSIONS_FILE = path.join(DEPS_DIR, 'versions.json');
const DOWNLOAD_TIMEOUT_MS = 5 * 60 * 1000;

const truthy = (v) => /^(1|true|yes|on)$/i.test(String(v || '').trim());

function loadVersions() {
  return JSON.parse(fs.readFileSync(VERSIONS_FILE, 'utf8'));
}

function defaultLog(msg) {
  process.stderr.write(`[zmq-napi deps] ${msg}\n`);
}

function sha256File(file) {
  const hash = crypto.createHash('sha256');
  const fd = fs.openSync(file, 'r');
  try {
    const buf = Buffer.allocUnsafe(1 << 20);
    let n;
    while ((n = fs.readSync(fd, buf, 0, buf.length, null)) > 0) hash.update(buf.subarray(0, n));
  } finally {
    fs.closeSync(fd);
  }
  return hash.digest('hex');
}

// The tarballs acceptable for a library: the Debian orig and the upstream release, each with
// its own pinned checksum and top-level folder.
function candidates(spec) {
  const list = [];
  if (spec.debian) {
    list.push({ kind: 'debian', file: spec.debian.orig, sha256: spec.debian.sha256, topdir: spec.debian.topdir });
  }
  if (spec.upstream) {
    const file = spec.upstream.file || path.posix.basename(new URL(spec.upstream.url).pathname);
    list.push({ kind: 'upstream', file, sha256: spec.upstream.sha256, topdir: spec.upstream.topdir });
  }
  return list;
}

class ChecksumError extends Error {}

// Checks `file` against the candidates; returns the matching candidate or throws.
function verify(name, spec, file, origin, onlyKind) {
  const actual = sha256File(file);
  const cands = candidates(spec).filter((c) => !onlyKind || c.kind === onlyKind);
  const match = cands.find((c) => c.sha256 === actual);
  if (!match) {
    const expected = cands.map((c) => `  ${c.sha256}  (${c.kind}: ${c.file})`).join('\n');
    throw new ChecksumError(
      `${name}: checksum mismatch for ${file} (from ${origin}).\n` +
        `  got      ${actual}\n  expected one of:\n${expected}\n` +
        `Refusing to use it. Remove or replace the file; the pins are in deps/versions.json.`
    );
  }
  return match;
}

// Copies (or moves) a verified file into deps/cache/ atomically; returns the cache path.
function storeInCache(src, cand, move) {
  fs.mkdirSync(CACHE_DIR, { recursive: true });
  const dest = path.join(CACHE_DIR, cand.file);
  if (path.resolve(src) === path.resolve(dest)) return dest;
  const tmp = `${dest}.tmp-${process.pid}`;
  if (move) {
    try {
      fs.renameSync(src, tmp);
    } catch {
      fs.copyFileSync(src, tmp);
    }
  } else {
    fs.copyFileSync(src, tmp);
  }
  fs.renameSync(tmp, dest);
  return dest;
}

function result(name, cand, file) {
  return { name, path: file, kind: cand.kind, sha256: cand.sha256, topdir: cand.topdir };
}

// --- 1. env var ---------------------------------------------------------------------------
function fromEnv(name, spec, log) {
  const envName = spec.env;
  const value = envName && process.env[envName];
  if (!value) return null;
  const file = path.resolve(value);
  if (!fs.existsSync(file)) throw new Error(`${name}: ${envName}=${value} does not exist`);
  const cand = verify(name, spec, file, `$${envName}`);
  log(`${name}: using ${file} from $${envName} (${cand.kind} tarball, sha256 ok)`);
  return result(name, cand, storeInCache(file, cand, false));
}

// --- 2. cache -----------------------------------------------------------------------------
function fromCache(name, spec, log) {
  for (const cand of candidates(spec)) {
    const file = path.join(CACHE_DIR, cand.file);
    if (!fs.existsSync(file)) continue;
    verify(name, spec, file, 'deps/cache', cand.kind);
    const rel = path.relative(process.cwd(), file);
    log(`${name}: cached ${rel && !rel.startsWith('..') ? rel : file} (sha256 ok)`);
    return result(name, cand, file);
  }
  return null;
}

// --- 3. apt-get source --------------------------------------------------------------------
const hasAptGet = () => spawnSync('sh', ['-c', 'command -v apt-get'], { stdio: 'ignore' }).status === 0;

function isRoot() {
  return typeof process.getuid === 'function' && process.getuid() === 0;
}

function runLogged(cmd, args, opts, log) {
  log(`$ ${cmd} ${args.join(' ')}`);
  const r = spawnSync(cmd, args, { ...opts, stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8' });
  const out = `${r.stdout || ''}${r.stderr || ''}`.trim();
  return { ok: r.status === 0, status: r.status, out, error: r.error };
}

// Reads the machine's apt sources. Returns {hasDebSrc, deb822: [stanza text], oneLine: [line]}
// where deb822/oneLine are the binary ("deb") entries a deb-src entry can be derived from.
function readAptSources(aptDir = '/etc/apt') {
  const found = { hasDebSrc: false, deb822: [], oneLine: [] };
  const listFiles = [];
  const mainList = path.join(aptDir, 'sources.list');
  if (fs.existsSync(mainList)) listFiles.push(mainList);
  const dDir = path.join(aptDir, 'sources.list.d');
  let entries = [];
  try {
    entries = fs.readdirSync(dDir).sort();
  } catch {
    /* no sources.list.d */
  }
  for (const e of entries) if (e.endsWith('.list')) listFiles.push(path.join(dDir, e));
  for (const file of listFiles) {
    for (const raw of fs.readFileSync(file, 'utf8').split('\n')) {
      const line = raw.trim();
      if (/^deb-src\s/.test(line)) found.hasDebSrc = true;
      else if (/^deb\s/.test(line)) found.oneLine.push(line);
    }
  }
  for (const e of entries) {
    if (!e.endsWith('.sources')) continue;
    const text = fs.readFileSync(path.join(dDir, e), 'utf8');
    for (const stanza of text.split(/\n\s*\n/)) {
      const m = /^Types:\s*(.*)$/im.exec(stanza);
      if (!m) continue;
      if (/^Enabled:\s*no\s*$/im.test(stanza)) continue;
      const types = m[1].trim().split(/\s+/);
      if (types.includes('deb-src')) found.hasDebSrc = true;
      else if (types.includes('deb')) found.deb822.push(stanza.trim());
    }
  }
  return found;
}

// Writes /etc/apt/sources.list.d/zmq-napi-deb-src.sources with a deb-src twin of every
// binary entry. Returns true if something was written.
function deriveDebSrc(log, aptDir = '/etc/apt') {
  const src = readAptSources(aptDir);
  if (src.hasDebSrc) return false;
  const stanzas = src.deb822.map((s) => s.replace(/^Types:.*$/im, 'Types: deb-src'));
  for (const line of src.oneLine) {
    // "deb [opts] uri suite comps..." -> deb822 stanza
    const m = /^deb\s+(?:\[([^\]]*)\]\s+)?(\S+)\s+(\S+)\s*(.*)$/.exec(line);
    if (!m) continue;
    const lines = ['Types: deb-src', `URIs: ${m[2]}`, `Suites: ${m[3]}`];
    if (m[4].trim()) lines.push(`Components: ${m[4].trim()}`);
    for (const opt of (m[1] || '').split(/\s+/).filter(Boolean)) {
      const [k, v] = opt.split('=');
      if (k === 'signed-by' && v) lines.push(`Signed-By: ${v}`);
      if (k === 'trusted' && v) lines.push(`Trusted: ${v}`);
    }
    stanzas.push(lines.join('\n'));
  }
  if (!stanzas.length) return false;
  const out = path.join(aptDir, 'sources.list.d', 'zmq-napi-deb-src.sources');
  const text =
    '# Written by zmq-napi deps/obtain.js: deb-src twins of this machine\'s apt sources,\n' +
    '# used by `apt-get source --download-only` to fetch pinned libzmq/libsodium sources.\n\n' +
    stanzas.join('\n\n') +
    '\n';
  fs.writeFileSync(out, text);
  log(`wrote ${out} (${stanzas.length} deb-src entr${stanzas.length === 1 ? 'y' : 'ies'})`);
  return true;
}

let aptUpdated = false;

function fromApt(name, spec, log) {
  if (!spec.debian || process.platform !== 'linux') return null;
  if (!hasAptGet()) return null;
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'zmq-napi-apt-'));
  try {
    const attempt = () => {
      const r = runLogged('apt-get', ['source', '--download-only', spec.debian.source], { cwd: tmp }, log);
      const file = path.join(tmp, spec.debian.orig);
      return { r, file: fs.existsSync(file) ? file : null };
    };
    let { r, file } = attempt();
    if (!file && isRoot() && !aptUpdated) {
      // No deb-src entry, or no source index yet: derive one (if missing) and refresh.
      log(`${name}: apt-get source did not provide ${spec.debian.orig}; refreshing apt source indexes`);
      deriveDebSrc(log);
      const u = runLogged('apt-get', ['update'], {}, log);
      aptUpdated = true;
      if (!u.ok) log(`apt-get update exited with ${u.status}; trying apt-get source anyway`);
      ({ r, file } = attempt());
    }
    if (!file) {
      const tail = r.out.split('\n').slice(-4).join('\n  ');
      log(`${name}: apt-get source gave no ${spec.debian.orig}${tail ? `:\n  ${tail}` : ''}`);
      if (!isRoot()) log(`${name}: (not root: no deb-src entry is derived and apt-get update is not run)`);
      return null;
    }
    const cand = verify(name, spec, file, `apt-get source ${spec.debian.source}`, 'debian');
    log(`${name}: ${spec.debian.orig} from apt-get source (sha256 ok)`);
    return result(name, cand, storeInCache(file, cand, true));
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

// --- 4. upstream URL ----------------------------------------------------------------------
async function fromUpstream(name, spec, log) {
  if (!spec.upstream) return null;
  const cand = candidates(spec).find((c) => c.kind === 'upstream');
  fs.mkdirSync(CACHE_DIR, { recursive: true });
  const tmp = path.join(CACHE_DIR, `${cand.file}.download-${process.pid}`);
  log(`${name}: downloading ${spec.upstream.url}`);
  try {
    const res = await fetch(spec.upstream.url, { redirect: 'follow', signal: AbortSignal.timeout(DOWNLOAD_TIMEOUT_MS) });
    if (!res.ok) throw new Error(`HTTP ${res.status} ${res.statusText}`);
    const out = fs.createWriteStream(tmp);
    for await (const chunk of res.body) {
      if (!out.write(chunk)) await new Promise((resolve) => out.once('drain', resolve));
    }
    await new Promise((resolve, reject) => out.end((err) => (err ? reject(err) : resolve())));
  } catch (err) {
    fs.rmSync(tmp, { force: true });
    log(`${name}: download failed: ${err.cause ? `${err.message} (${err.cause.message || err.cause})` : err.message}`);
    return null;
  }
  try {
    verify(name, spec, tmp, spec.upstream.url, 'upstream');
  } catch (err) {
    fs.rmSync(tmp, { force: true });
    throw err;
  }
  log(`${name}: ${cand.file} downloaded (sha256 ok)`);
  return result(name, cand, storeInCache(tmp, cand, true));
}

// --- driver -------------------------------------------------------------------------------
async function obtain(name, { log = defaultLog, versions = loadVersions() } = {}) {
  const spec = versions[name];
  if (!spec || typeof spec !== 'object' || !spec.version) throw new Error(`unknown dependency "${name}"`);
  const offline = truthy(process.env.ZMQ_NAPI_OFFLINE);
  const useApt = !offline && truthy(process.env.ZMQ_NAPI_APT_SOURCE);
  const found =
    fromEnv(name, spec, log) ||
    fromCache(name, spec, log) ||
    (useApt && fromApt(name, spec, log)) ||
    (!offline && (await fromUpstream(name, spec, log)));
  if (found) return found;
  const c = candidates(spec);
  const tried = [`$${spec.env}`, 'deps/cache/'];
  if (offline) tried.push('(ZMQ_NAPI_OFFLINE is set: no apt-get, no download)');
  else {
    if (useApt) tried.push(`apt-get source ${spec.debian ? spec.debian.source : '-'}`);
    else tried.push('(not apt-get source: set ZMQ_NAPI_APT_SOURCE=1 to allow it)');
    tried.push(spec.upstream ? spec.upstream.url : '-');
  }
  throw new Error(
    `${name} ${spec.version}: could not obtain a verified source tarball.\n` +
      `Tried: ${tried.join(', ')}.\n` +
      `Put one of these files in ${CACHE_DIR} (or point $${spec.env} at it):\n` +
      c.map((x) => `  ${x.file}  sha256 ${x.sha256}`).join('\n')
  );
}

function dependencyNames(versions = loadVersions()) {
  return Object.keys(versions).filter((k) => versions[k] && typeof versions[k] === 'object' && versions[k].version);
}

module.exports = { truthy, obtain, sha256File, verify, candidates, loadVersions, dependencyNames, readAptSources, deriveDebSrc, CACHE_DIR, ChecksumError };

if (require.main === module) {
  (async () => {
    const versions = loadVersions();
    const names = process.argv.slice(2).length ? process.argv.slice(2) : dependencyNames(versions);
    for (const name of names) {
      const r = await obtain(name, { versions });
      process.stdout.write(`${name} ${r.path}\n`);
    }
  })().catch((err) => {
    process.stderr.write(`[zmq-napi deps] error: ${err.message}\n`);
    process.exit(1);
  });
}
