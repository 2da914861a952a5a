#!/bin/sh
# Install the Debian 12 packages zkaccel needs to build, test and run its demo, when any is
# missing.  Uses sudo when not root.  Prints what it installs; does nothing when all are there.
set -eu
PKGS="build-essential cmake python3 pkg-config clang libclang-rt-14-dev libgmp-dev \
ocl-icd-opencl-dev opencl-headers pocl-opencl-icd libbenchmark-dev \
libhwloc-dev libxrt-dev gnuplot-nox qemu-user gcc-riscv64-unknown-elf picolibc-riscv64-unknown-elf"
missing=""
for p in $PKGS; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing="$missing $p"
  fi
done
if [ -z "$missing" ]; then
  echo "deps: all Debian packages present"
  exit 0
fi
echo "deps: installing missing Debian packages:$missing"
SUDO=""
if [ "$(id -u)" != 0 ]; then
  if command -v sudo >/dev/null 2>&1; then SUDO=sudo; else
    echo "deps: not root and no sudo; install as root: apt-get install$missing" >&2
    exit 1
  fi
fi
$SUDO apt-get update -qq
# shellcheck disable=SC2086
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends $missing
