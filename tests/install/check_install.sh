#!/bin/sh
# Install the build into a scratch prefix, then build a consumer against it twice: with
# pkg-config (shared library) and with find_package(zkaccel) (CMake package config).
set -eu
build=$1
src=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cmake --install "$build" --prefix "$work/prefix" >/dev/null
libdir=$(ls -d "$work"/prefix/lib*/ | head -n1)
export PKG_CONFIG_PATH="$libdir/pkgconfig"
cc -o "$work/consumer_pc" "$src/consumer.c" $(pkg-config --cflags --libs zkaccel)
LD_LIBRARY_PATH="$libdir" "$work/consumer_pc"
echo "pkg-config consumer: ok"
cmake -S "$src" -B "$work/cmake-build" -DCMAKE_PREFIX_PATH="$work/prefix" >/dev/null
cmake --build "$work/cmake-build" >/dev/null
LD_LIBRARY_PATH="$libdir" "$work/cmake-build/consumer"
echo "find_package consumer: ok"
