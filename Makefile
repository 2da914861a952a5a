# zkaccel — the two quickstart commands:
#   make demo   install missing Debian packages, configure, build, run the demo
#   make test   the same build, then the whole suite through ctest, in three configurations:
#               build/         gcc, Release, fast paths on, CUDA sources when nvcc exists
#               build-asan/    clang, AddressSanitizer + UndefinedBehaviorSanitizer
#               build-verify/  gcc, ZKA_VERIFY invariant checks, ZKA_PORTABLE (reference only)
JOBS ?= $(shell nproc 2>/dev/null || echo 2)
CMAKE ?= cmake
CTEST ?= ctest
SAN_FLAGS = -DCMAKE_C_COMPILER=clang -DZKA_SANITIZE=ON -DZKA_ENABLE_CUDA=OFF \
            -DZKA_BUILD_BENCH=OFF -DCMAKE_BUILD_TYPE=RelWithDebInfo
VERIFY_FLAGS = -DZKA_VERIFY=ON -DZKA_PORTABLE=ON -DZKA_ENABLE_CUDA=OFF -DZKA_BUILD_BENCH=OFF

.PHONY: all deps build demo test test-main test-asan test-verify bench clean

all: build

deps:
	@tools/install-deps.sh

build: deps
	$(CMAKE) -S . -B build -DCMAKE_BUILD_TYPE=Release
	$(CMAKE) --build build -j$(JOBS)

demo: build
	./build/bin/zkaccel demo

test: test-main test-asan test-verify
	@echo "make test: all three configurations passed"

test-main: build
	ZKA_REQUIRE_OPENCL=1 $(CTEST) --test-dir build --output-on-failure -j$(JOBS)

# Sanitizers slow everything ~3x: the same tests with smaller random samples.  OpenCL is
# left out here (PoCL's LLVM is not built for ASan: its tests are skipped and the plug-in
# is not loaded); it runs in the other two configurations.  The Groth16 end-to-end test
# against snarkjs (node) runs once, in build/: test_groth16 covers the prover here.
test-asan: deps
	$(CMAKE) -S . -B build-asan $(SAN_FLAGS)
	$(CMAKE) --build build-asan -j$(JOBS)
	ZKA_TEST_SCALE=0.05 ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 \
	  ZKACCEL_DISABLE_BACKENDS=opencl \
	  $(CTEST) --test-dir build-asan --output-on-failure -j$(JOBS) -E "opencl|groth16_e2e"

test-verify: deps
	$(CMAKE) -S . -B build-verify $(VERIFY_FLAGS)
	$(CMAKE) --build build-verify -j$(JOBS)
	ZKA_REQUIRE_OPENCL=1 ZKA_TEST_SCALE=0.1 $(CTEST) --test-dir build-verify --output-on-failure -j$(JOBS) \
	  -E groth16_e2e

bench: build
	@for b in build/bin/zka_bench_*; do echo "== $$b"; $$b; done

clean:
	rm -rf build build-asan build-verify
