#!/usr/bin/env bash
# Installs the foreign ZeroMQ peers that test/interop/ runs against, pinned,
# into test/interop/.peers/ (gitignored). Idempotent: each peer is rebuilt only
# when its inputs (sources, pins, toolchain) change, so a second run takes
# about a second. Needs: apt (for missing Debian packages), go >= 1.21,
# python3 with venv, a JDK, and the registries PyPI, the Go module proxy and
# Maven Central.
#
#   c          gcc + Debian's libzmq3-dev           test/interop/peers/c/peer.c
#   pyzmq      pyzmq==$PYZMQ_VERSION (PyPI wheel)   test/interop/peers/python/peer.py
#   pebbe      github.com/pebbe/zmq4 (cgo, go.mod)  test/interop/peers/go/pebbe
#   go-zeromq  github.com/go-zeromq/zmq4 (go.mod)   test/interop/peers/go/gozeromq
#   jeromq     org.zeromq:jeromq (Maven Central)    test/interop/peers/java/Peer.java
set -euo pipefail
cd "$(dirname "$0")/.."

PYZMQ_VERSION=27.3.0
JEROMQ_VERSION=0.6.0
JNACL_VERSION=1.0.0 # JeroMQ's CURVE crypto (its declared dependency)
# The Go modules are pinned by test/interop/peers/go/go.mod and go.sum.

src=test/interop/peers
out=test/interop/.peers
mkdir -p "$out"
started=$(date +%s)
say() { printf '[install-peers %ss] %s\n' "$(( $(date +%s) - started ))" "$*"; }

# --- Debian packages, installed only when missing -----------------------------
need=(libzmq3-dev pkg-config gcc libc6-dev)
command -v javac >/dev/null || need+=(default-jdk-headless)
command -v mvn >/dev/null || need+=(maven)
python3 -c 'import venv, ensurepip' 2>/dev/null || need+=(python3-venv)
missing=()
for package in "${need[@]}"; do
  dpkg -s "$package" >/dev/null 2>&1 || missing+=("$package")
done
if [ ${#missing[@]} -gt 0 ]; then
  say "apt-get install ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi
if ! command -v go >/dev/null && [ -x /usr/local/go/bin/go ]; then export PATH="$PATH:/usr/local/go/bin"; fi
command -v go >/dev/null || { echo "install-peers: 'go' (>= 1.21) is required for the pebbe and go-zeromq peers" >&2; exit 1; }

# up_to_date NAME INPUT...: true when NAME was built from exactly these inputs.
# Inputs are files or literal strings; mark_built records them after a build.
fingerprint() {
  for input in "$@"; do
    if [ -f "$input" ]; then sha256sum "$input"; else printf '%s\n' "$input"; fi
  done | sha256sum | cut -d' ' -f1
}
up_to_date() { local name=$1; shift; [ -f "$out/$name.stamp" ] && [ "$(cat "$out/$name.stamp")" = "$(fingerprint "$@")" ]; }
mark_built() { local name=$1; shift; fingerprint "$@" >"$out/$name.stamp"; }

# --- C, over Debian's libzmq --------------------------------------------------
c_inputs=("$src/c/peer.c" "$(dpkg-query -W -f='${Version}' libzmq3-dev)" "$(gcc --version | head -1)")
if ! up_to_date c "${c_inputs[@]}" || [ ! -x "$out/c-peer" ]; then
  say "c: gcc against libzmq3-dev $(dpkg-query -W -f='${Version}' libzmq3-dev)"
  gcc -O2 -Wall -Wextra -Werror -o "$out/c-peer" "$src/c/peer.c" $(pkg-config --cflags --libs libzmq) -lpthread
  mark_built c "${c_inputs[@]}"
fi

# --- Python: pyzmq from PyPI in a venv -----------------------------------------
py_inputs=("pyzmq==$PYZMQ_VERSION" "$(python3 --version)")
if ! up_to_date pyzmq "${py_inputs[@]}" || [ ! -x "$out/venv/bin/python" ]; then
  say "pyzmq: venv with pyzmq==$PYZMQ_VERSION"
  rm -rf "$out/venv"
  python3 -m venv "$out/venv"
  "$out/venv/bin/pip" install --quiet --disable-pip-version-check --no-input "pyzmq==$PYZMQ_VERSION"
  mark_built pyzmq "${py_inputs[@]}"
fi

# --- Go: pebbe/zmq4 (cgo over Debian's libzmq) and go-zeromq/zmq4 (pure Go) ----
go_inputs=("$src/go/go.mod" "$src/go/go.sum" "$src/go/proto/proto.go" "$src/go/pebbe/main.go"
           "$src/go/gozeromq/main.go" "$(go version)" "$(dpkg-query -W -f='${Version}' libzmq3-dev)")
if ! up_to_date go "${go_inputs[@]}" || [ ! -x "$out/go-pebbe" ] || [ ! -x "$out/go-zeromq" ]; then
  say "go: pebbe/zmq4 and go-zeromq/zmq4 as pinned by go.mod/go.sum"
  (
    cd "$src/go"
    export GOFLAGS=-mod=readonly
    CGO_ENABLED=1 go build -trimpath -o "../../.peers/go-pebbe" ./pebbe
    CGO_ENABLED=0 go build -trimpath -o "../../.peers/go-zeromq" ./gozeromq
  )
  mark_built go "${go_inputs[@]}"
fi

# --- Java: JeroMQ from Maven Central ---------------------------------------------
java_inputs=("$src/java/Peer.java" "jeromq $JEROMQ_VERSION" "jnacl $JNACL_VERSION" "$(javac -version 2>&1)")
if ! up_to_date java "${java_inputs[@]}" || [ ! -f "$out/java/classes/Peer.class" ]; then
  say "jeromq: org.zeromq:jeromq:$JEROMQ_VERSION from Maven Central, javac"
  rm -rf "$out/java"
  mkdir -p "$out/java/lib" "$out/java/classes"
  for artifact in "org.zeromq:jeromq:$JEROMQ_VERSION" "eu.neilalexander:jnacl:$JNACL_VERSION"; do
    if ! log=$(mvn -B dependency:copy -Dartifact="$artifact" -DoutputDirectory="$out/java/lib" 2>&1); then
      printf '%s\n' "$log" >&2
      exit 1
    fi
  done
  javac -nowarn -d "$out/java/classes" -cp "$out/java/lib/*" "$src/java/Peer.java"
  mark_built java "${java_inputs[@]}"
fi

# --- smoke: every peer starts and names its version ---------------------------------
"$out/c-peer" version
"$out/venv/bin/python" "$src/python/peer.py" version
"$out/go-pebbe" version
"$out/go-zeromq" version
java -cp "$out/java/classes:$out/java/lib/*" Peer version
say "done"
