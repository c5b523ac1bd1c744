#!/usr/bin/env bash
# The full comparison, in one JMH run per table: builds the benchmark jar, measures the engine,
# SoftHSMv2 (through the JDK's PKCS#11 wrapper) and the raw primitives side by side, then the
# engine alone at sizes SoftHSM cannot reach in reasonable time, and writes
# docs/benchmarks/results.md and docs/benchmarks/chart.svg. About 30 minutes on 2 cores;
# run it on an otherwise idle machine.
#
#   benchmarks/compare.sh            (needs: apt-get install -y softhsm2)
set -euo pipefail
cd "$(dirname "$0")/.."

mvn -B -ntp -q -pl benchmarks -am package -DskipTests
rm -f benchmarks/results/*.json

timing=(-f 1 -wi 5 -w 2s -i 5 -r 2s)
benchmarks/run.sh side-by-side \
    'EngineCryptoBenchmark|SoftHsmCryptoBenchmark|RawPrimitiveBenchmark|\.SessionObjectBenchmark|SoftHsmObjectBenchmark|SessionCloseBenchmark' \
    "${timing[@]}" -p objects=10000,50000 -p provider=jdk,bc
benchmarks/run.sh engine-large-n '\.SessionObjectBenchmark|\.SessionCloseBenchmark' \
    "${timing[@]}" -p objects=100000,1000000
# the store dimension: every engine figure on the heap, off-heap and wrapped stores, and migrations
benchmarks/run.sh stores 'EngineCryptoBenchmark|\.SessionObjectBenchmark|StoreMigrationBenchmark' \
    -f 1 -wi 3 -w 1s -i 5 -r 1s -p store=heap,off-heap,wrapped -p objects=10000
# round trips through pcscd to the virtual PIV card (needs pcscd and vsmartcard-vpcd, no pcscd running)
if command -v pcscd >/dev/null && ! pgrep -x pcscd >/dev/null; then
    benchmarks/run.sh pcsc 'VirtualPivBenchmark' "${timing[@]}"
    benchmarks/run.sh piv 'PivTokenBenchmark' "${timing[@]}"
fi
# the native bridge: in process, through p11-kit-client.so to the bridge and to SoftHSMv2 behind
# p11-kit server (needs p11-kit-modules), one thread, then 8 threads on one connection
if [ -f /usr/lib/x86_64-linux-gnu/pkcs11/p11-kit-client.so ]; then
    benchmarks/run.sh bridge 'BridgeBenchmark' -f 1 -wi 3 -w 2s -i 5 -r 2s
    benchmarks/run.sh bridge-threads 'BridgeBenchmark' -t 8 -bm thrpt -tu s -f 1 -wi 3 -w 2s -i 5 -r 2s \
        -p path=api,bridge,softhsm-bridge
fi
# the JCA provider beside the engine's api and SunPKCS11 over SoftHSMv2
benchmarks/run.sh jca 'JcaBenchmark' -f 1 -wi 3 -w 2s -i 5 -r 2s
python3 benchmarks/report.py
