// The build root for prebuilds: a Debian bullseye tree (glibc 2.31, GCC 10) made with debootstrap.
//
// A binary needs at least the glibc it was linked against, so the prebuild is made in the oldest
// Debian the machine's apt mirror serves (bullseye; buster and older are gone from it), not on the
// machine itself (bookworm, glibc 2.36). The same root holds Debian's aarch64 cross toolchain for
// the linux-arm64 prebuild, whose glibc floor is then bullseye's as well.
//
// Needs root and debootstrap (apt-get install debootstrap). The tree is made once in
// .prebuild/<release>/ (about 3 minutes, 600 MB) and reused while its package list is unchanged.
import {execFileSync, spawnSync} from "node:child_process"
import {existsSync, readFileSync, rmSync, writeFileSync} from "node:fs"
import {join} from "node:path"
import {prebuildDir} from "./paths.mjs"

export const release = "bullseye"
const mirror = "http://deb.debian.org/debian"
const packages = [
  "build-essential", "cmake", "make", "patch", "python3", "xz-utils",
  "autoconf", "automake", "libtool", "pkg-config",
  "crossbuild-essential-arm64",
]

const rootDir = join(prebuildDir, release)
const marker = join(rootDir, ".zmq-napi-build-root")

/** The build root, made with debootstrap when missing or made with another package list. */
export function buildRoot() {
  const wanted = JSON.stringify({release, mirror, packages})
  if (existsSync(marker) && readFileSync(marker, "utf8") === wanted) return rootDir
  if (process.getuid?.() !== 0) throw new Error(`making the ${release} build root needs root (debootstrap and chroot)`)
  if (spawnSync("sh", ["-c", "command -v debootstrap"]).status !== 0) {
    throw new Error("making the build root needs debootstrap (apt-get install debootstrap)")
  }
  unmountProc(rootDir)
  rmSync(rootDir, {recursive: true, force: true})
  process.stderr.write(`debootstrap ${release} into ${rootDir} (a few minutes, once)\n`)
  execFileSync("debootstrap", ["--variant=minbase", `--include=${packages.join(",")}`, release, rootDir, mirror], {
    stdio: ["ignore", "ignore", "inherit"],
  })
  writeFileSync(marker, wanted)
  return rootDir
}

function unmountProc(dir) {
  const proc = join(dir, "proc")
  if (readFileSync("/proc/mounts", "utf8").split("\n").some((line) => line.split(" ")[1] === proc)) {
    execFileSync("umount", [proc])
  }
}

/**
 * Runs `command` (a shell command line) in the build root, in `cwd` (a path inside the root),
 * with exactly `env` and /proc mounted for its duration; throws when it fails.
 */
export function runInRoot(dir, command, {cwd = "/", env = {}} = {}) {
  execFileSync("mount", ["-t", "proc", "proc", join(dir, "proc")])
  try {
    const vars = Object.entries({PATH: "/usr/local/bin:/usr/bin:/bin", HOME: "/root", ...env}).map(([k, v]) => `${k}=${v}`)
    execFileSync("chroot", [dir, "/usr/bin/env", "-i", ...vars, "sh", "-c", `cd "$0" && ${command}`, cwd], {stdio: "inherit"})
  } finally {
    unmountProc(dir)
  }
}
