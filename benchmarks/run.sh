#!/usr/bin/env bash
# Runs the benchmark jar (it builds nothing: mvn -o -q -pl benchmarks package -DskipTests first) with
# a private SoftHSM token, and writes JMH's JSON results to benchmarks/results/NAME.json.
#
#   benchmarks/run.sh NAME [JMH arguments...]
#   benchmarks/run.sh crypto 'SoftHsmCryptoBenchmark|RawPrimitiveBenchmark' -f 1 -wi 2 -w 2s -i 3 -r 2s
#
# SoftHSM reads SOFTHSM2_CONF when the JVM loads it, and a JVM cannot set its own environment, so
# the configuration is made here: a token directory in a temporary directory (removed on exit), the
# token "bench" (SO PIN 87654321, user PIN 123456) initialised in it, SOFTHSM2_CONF exported to
# java and inherited by the JMH forks. SOFTHSM2_LIB overrides the library
# (/usr/lib/softhsm/libsofthsm2.so); JAVA_OPTS the heap (-Xmx8g).
set -euo pipefail

if [[ $# -lt 1 || $1 == -* ]]; then
    echo "usage: $0 NAME [JMH arguments...]   (results in benchmarks/results/NAME.json)" >&2
    exit 2
fi
name=$1
shift

here=$(cd "$(dirname "$0")" && pwd)
jar=$here/target/benchmarks.jar
if [[ ! -f $jar ]]; then
    echo "$jar is missing: cd $(dirname "$here") && mvn -o -q -pl benchmarks package -DskipTests" >&2
    exit 1
fi
if ! command -v softhsm2-util >/dev/null; then
    echo "softhsm2-util is missing: apt-get install -y softhsm2" >&2
    exit 1
fi

softhsm=$(mktemp -d "${TMPDIR:-/tmp}/p11plug-softhsm.XXXXXX")
trap 'rm -rf "$softhsm"' EXIT
mkdir "$softhsm/tokens"
cat >"$softhsm/softhsm2.conf" <<CONF
directories.tokendir = $softhsm/tokens
objectstore.backend = file
log.level = ERROR
slots.removable = false
CONF
export SOFTHSM2_CONF=$softhsm/softhsm2.conf
softhsm2-util --init-token --free --label bench --so-pin 87654321 --pin 123456 >/dev/null

mkdir -p "$here/results"
# JAVA_OPTS is deliberately split into words.
# shellcheck disable=SC2086
java ${JAVA_OPTS:--Xmx8g} -jar "$jar" "$@" -rf json -rff "$here/results/$name.json"
