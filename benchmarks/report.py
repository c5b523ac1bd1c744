#!/usr/bin/env python3
"""Turns JMH JSON results (benchmarks/run.sh NAME ... writes benchmarks/results/NAME.json) into a
Markdown table and a hand-written SVG bar chart, the engine beside SoftHSM and the raw primitives.

    python3 benchmarks/report.py [RESULT.json ...] [--out docs/benchmarks]

Without files, every benchmarks/results/*.json is read; when two files hold the same benchmark with
the same parameters, the newer file wins. Each result belongs to a side, read from its class name:
SoftHsm* is SoftHSM, Raw* is "raw <provider>" (its provider parameter), any other class (Engine*,
SessionObjectBenchmark) is the engine. Rows pair the sides by method name and the remaining
parameters, so SoftHsmCryptoBenchmark.signRsa2048 and RawPrimitiveBenchmark.signRsa2048 (and an
Engine*.signRsa2048 later) share a row. Ratios are engine time / other time (below 1: the engine is
faster) wherever a row has both sides.

The store dimension comes from its own run (benchmarks/results/stores.json, written by
compare.sh): its engine figures for the heap, off-heap and wrapped stores go to a table of their
own, each store beside the heap store, with the migration times; the other files' engine figures
(taken on the heap store) stay in the side-by-side table. Standard library only.
"""

import argparse
import json
import math
import sys
from pathlib import Path
from xml.sax.saxutils import escape

ROOT = Path(__file__).resolve().parent.parent
ENGINE = "engine"
SOFTHSM = "SoftHSM"
STORES_RUN = "stores"
PCSC_RUNS = {"pcsc": "The virtual PIV card through pcscd",
             "piv": "The engine on the virtual PIV card (card-pcsc)"}
STORE_KINDS = ["heap", "off-heap", "wrapped"]
BRIDGE_RUNS = {"bridge": "The native bridge: one client, one thread",
               "bridge-threads": "The native bridge: one client, 8 threads on one connection"}
BRIDGE_PATHS = ["api", "api-handoff", "bridge", "softhsm-bridge"]
JCA_RUN = "jca"
JCA_PATHS = ["api", "jca", "sunpkcs11-softhsm"]

# Microseconds per unit of time; throughput units are inverted into time per operation.
TIME_UNITS = {"ns/op": 1e-3, "us/op": 1.0, "ms/op": 1e3, "s/op": 1e6}
RATE_UNITS = {"ops/ns": 1e-3, "ops/us": 1.0, "ops/ms": 1e3, "ops/s": 1e6}

# Rows in this order (the session-object benchmarks, then the crypto ones), any other method after them.
ORDER = ["findByLabel", "createDestroy", "closeSession", "signRsa2048", "verifyRsa2048", "signEcdsaP256", "verifyEcdsaP256",
         "signEd25519", "hmacSha256", "encryptAesGcm1k"]

COLOURS = ["#1b6ca8", "#d1495b", "#66a182", "#edae49", "#8e6c8a", "#5c5c5c"]


def side_and_params(benchmark, params):
    """The side a JMH result belongs to, and the parameters that identify its row."""
    cls = benchmark.rsplit(".", 2)[-2]
    params = dict(params or {})
    if cls.startswith("SoftHsm"):
        return SOFTHSM, params
    if cls.startswith("Raw"):
        return "raw " + params.pop("provider", "?"), params
    params.pop("store", None)  # outside the stores run, the engine runs on the heap store
    return ENGINE, params


def microseconds(metric):
    """(score, error) in microseconds per operation; error is None when JMH gave none (one iteration)."""
    unit, score = metric["scoreUnit"], float(metric["score"])
    error = float(metric["scoreError"]) if metric["scoreError"] != "NaN" else math.nan
    error = None if math.isnan(error) else error
    if unit in TIME_UNITS:
        factor = TIME_UNITS[unit]
        return score * factor, None if error is None else error * factor
    if unit in RATE_UNITS:
        time = RATE_UNITS[unit] / score
        return time, None if error is None else time * error / score
    raise ValueError("unknown JMH unit " + unit)


def shown(path):
    """A result file's path as the docs show it: relative to the repository when it lies inside."""
    return path.relative_to(ROOT) if path.is_relative_to(ROOT) else path


def run_line(path, entries):
    """The closing line of a run's table: its file and the JMH settings it ran with."""
    return f"Run: `{shown(path)}`: " + "; ".join(sorted({settings(e) for e in entries}))


def settings(entry):
    forks = entry["forks"]
    return (f"JDK {entry['jdkVersion']}, {forks} fork{'s' if forks != 1 else ''}, "
            f"warm-up {entry['warmupIterations']} × {entry['warmupTime']}, "
            f"measurement {entry['measurementIterations']} × {entry['measurementTime']}")


def load(files):
    """{(method, params): {side: (score, error)}} and, per file, the JMH settings it ran with.
    The stores run is left out: see load_stores."""
    rows, runs = {}, []
    for path in sorted(files, key=lambda p: p.stat().st_mtime):
        if path.stem == STORES_RUN or path.stem in PCSC_RUNS or path.stem in BRIDGE_RUNS or path.stem == JCA_RUN:
            continue
        entries = json.loads(path.read_text())
        runs.append((path, sorted({settings(e) for e in entries})))
        for entry in entries:
            side, params = side_and_params(entry["benchmark"], entry.get("params"))
            method = entry["benchmark"].rsplit(".", 1)[1]
            key = (method, tuple(sorted(params.items())))
            rows.setdefault(key, {})[side] = microseconds(entry["primaryMetric"])
    return rows, runs


def load_stores(files):
    """From the stores run: {(method, params): {store: (score, error)}}, and its settings."""
    rows, runs = {}, []
    for path in files:
        if path.stem != STORES_RUN:
            continue
        entries = json.loads(path.read_text())
        runs.append((path, sorted({settings(e) for e in entries})))
        for entry in entries:
            params = dict(entry.get("params") or {})
            store = params.pop("store", None) or params.pop("stores", "?")
            method = entry["benchmark"].rsplit(".", 1)[1]
            rows.setdefault((method, tuple(sorted(params.items()))), {})[store] = microseconds(entry["primaryMetric"])
    return rows, runs


def stores_markdown(rows, runs):
    """Each store beside the heap store, then the migrations."""
    if not rows:
        return ""
    lines = ["", "## Stores side by side", "",
             "The same engine benchmarks with the session objects (the keys) in each store, from one run;",
             "a ratio is the store's time divided by the heap store's.", "",
             "| Benchmark | " + " | ".join(f"{k} (µs/op)" for k in STORE_KINDS)
             + " | " + " | ".join(f"{k} / heap" for k in STORE_KINDS[1:]) + " |",
             "|---|" + "---:|" * (2 * len(STORE_KINDS) - 1)]
    migrations = []
    for key in sorted(rows, key=row_order):
        results = rows[key]
        if not any(k in results for k in STORE_KINDS):
            migrations.append((key, results))
            continue
        heap = results.get("heap")
        quotients = [number(results[k][0] / heap[0]) if heap and k in results else "–" for k in STORE_KINDS[1:]]
        lines.append("| " + " | ".join([label(key)] + [cell(results.get(k)) for k in STORE_KINDS] + quotients) + " |")
    if migrations:
        lines += ["", "Hot swap: binding the other store of a pair migrates every live session object (AES keys);",
                  "each invocation swaps one way, so the time is the mean of both directions.", "",
                  "| Benchmark | pair | ms per migration |", "|---|---|---:|"]
        for key, results in migrations:
            for pair, result in sorted(results.items()):
                lines.append(f"| {label(key)} | {pair} | {cell((result[0] / 1000, None if result[1] is None else result[1] / 1000))} |")
    lines += ["", "Run:", ""]
    for path, how in runs:
        lines.append(f"- `{shown(path)}`: " + "; ".join(how))
    return "\n".join(lines) + "\n"


def pcsc_markdown(files):
    """Round trips to the virtual PIV card through pcscd (the pcsc run), in milliseconds."""
    lines = []
    for path in files:
        if path.stem not in PCSC_RUNS:
            continue
        entries = json.loads(path.read_text())
        lines += ["", "## " + PCSC_RUNS[path.stem], "",
                  ("the engine → card-pcsc → jnasmartcardio" if path.stem == "piv" else "javax.smartcardio")
                  + " → libpcsclite → pcscd → vpcd → TCP → the applet in jCardSim.", "",
                  "| Round trip | ms |", "|---|---:|"]
        for entry in entries:
            score, error = microseconds(entry["primaryMetric"])
            method = entry["benchmark"].rsplit(".", 1)[1]
            lines.append(f"| {method} | {cell((score / 1000, None if error is None else error / 1000))} |")
        lines += ["", run_line(path, entries)]
    return "\n".join(lines) + ("\n" if lines else "")


def bridge_markdown(files):
    """The bridge runs: each operation on every path, with what the bridge adds per PKCS#11 call."""
    lines = []
    for path in files:
        if path.stem not in BRIDGE_RUNS:
            continue
        entries = json.loads(path.read_text())
        threads = entries[0].get("threads", 1)
        rows = {}
        for entry in entries:
            method = entry["benchmark"].rsplit(".", 1)[1]
            metric = entry["primaryMetric"]
            if threads > 1:
                rows.setdefault(method, {})[entry["params"]["path"]] = float(metric["score"])
            else:
                rows.setdefault(method, {})[entry["params"]["path"]] = microseconds(metric)
        lines += ["", "## " + BRIDGE_RUNS[path.stem], "",
                  "Each operation is two PKCS#11 calls (C_SignInit and C_Sign; C_GetAttributeValue for the length, then"
                  " the value). api: in process; api-handoff: in process, each call made by another thread while the"
                  " caller waits; bridge: the JDK's PKCS#11 wrapper → p11-kit-client.so → the bridge; softhsm-bridge:"
                  " the same client → `p11-kit server` → SoftHSMv2.", ""]
        if threads > 1:
            lines += ["| Operation (" + str(threads) + " threads, operations/s) | " + " | ".join(BRIDGE_PATHS) + " |",
                      "|---|" + "---:|" * len(BRIDGE_PATHS)]
            for method, by_path in rows.items():
                lines.append(f"| {method} | " + " | ".join(
                    f"{by_path[p]:,.0f}" if p in by_path else "" for p in BRIDGE_PATHS) + " |")
        else:
            lines += ["| Operation (µs) | " + " | ".join(BRIDGE_PATHS) + " | bridge adds per call |",
                      "|---|" + "---:|" * (len(BRIDGE_PATHS) + 1)]
            for method, by_path in rows.items():
                added = ""
                if "api" in by_path and "bridge" in by_path:
                    added = number((by_path["bridge"][0] - by_path["api"][0]) / 2)
                lines.append(f"| {method} | " + " | ".join(cell(by_path[p]) if p in by_path else "" for p in BRIDGE_PATHS)
                             + f" | {added} |")
        lines += ["", run_line(path, entries)]
    return "\n".join(lines) + ("\n" if lines else "")


def jca_markdown(files):
    """The JCA runs (jca, jca-*): the provider beside the engine's api and SunPKCS11 over SoftHSMv2."""
    lines = []
    for path in files:
        if path.stem != JCA_RUN and not path.stem.startswith(JCA_RUN + "-"):
            continue
        entries = json.loads(path.read_text())
        rows = {}
        for entry in entries:
            method = entry["benchmark"].rsplit(".", 1)[1]
            rows.setdefault(method, {})[entry["params"]["path"]] = microseconds(entry["primaryMetric"])
        if not lines:
            lines += ["", "## The JCA provider", "",
                      "api: the engine's raw layer (C_SignInit + C_Sign, C_EncryptInit + C_Encrypt); jca: the P11plug"
                      " provider's Signature.update + sign and Cipher.doFinal, same key and mechanism;"
                      " sunpkcs11-softhsm: the JDK's SunPKCS11 over SoftHSMv2."]
        lines += ["", f"Run `{path.stem}`:", "",
                  "| Operation (µs) | " + " | ".join(JCA_PATHS) + " | jca / api |", "|---|" + "---:|" * (len(JCA_PATHS) + 1)]
        for method, by_path in rows.items():
            ratio_cell = ratio(by_path["jca"][0] / by_path["api"][0]) if "jca" in by_path and "api" in by_path else ""
            lines.append(f"| {method} | " + " | ".join(cell(by_path[p]) if p in by_path else "" for p in JCA_PATHS)
                         + f" | {ratio_cell} |")
        lines += ["", run_line(path, entries)]
    return "\n".join(lines) + ("\n" if lines else "")


def sides_of(rows):
    present = {side for results in rows.values() for side in results}
    fixed = [side for side in (ENGINE, SOFTHSM) if side in present]
    return fixed + sorted(present - set(fixed))


def row_order(key):
    method, params = key
    return ORDER.index(method) if method in ORDER else len(ORDER), method, [(name, int(value) if value.isdigit() else value) for name, value in params]


def label(key):
    method, params = key
    return method + "".join(f" ({name} = {int(value):,})" if value.isdigit() else f" ({name} = {value})"
                            for name, value in params)


def number(us):
    """At least three significant figures, thousands separated."""
    digits = max(0, 2 - int(math.floor(math.log10(abs(us))))) if us else 0
    return f"{us:,.{digits}f}"


def cell(result):
    if result is None:
        return "–"
    score, error = result
    return f"{number(score)} ± {number(error)}" if error is not None else number(score)


def ratio(quotient):
    """Three significant figures; a small ratio as 1/n, easier to read than its zeros."""
    return f"1/{number(1 / quotient)}" if quotient < 0.1 else number(quotient)


def markdown(rows, runs, sides, chart_name):
    others = [side for side in sides if side != ENGINE]
    ratios = others if ENGINE in sides else []
    head = ["Benchmark"] + [f"{side} (µs/op)" for side in sides] + [f"engine / {side}" for side in ratios]
    lines = [
        "# Benchmark results",
        "",
        "Generated by `python3 benchmarks/report.py` from JMH results; times in microseconds per operation",
        "with JMH's 99.9% error where there were enough iterations. A ratio is the engine's time divided by",
        "the other side's: below 1 the engine is faster. – : not measured on that side.",
        "",
        "| " + " | ".join(head) + " |",
        "|" + "---|" + "---:|" * (len(head) - 1),
    ]
    for key in sorted(rows, key=row_order):
        results = rows[key]
        values = [cell(results.get(side)) for side in sides]
        engine = results.get(ENGINE)
        quotients = [ratio(engine[0] / results[side][0]) if engine and side in results else "–"
                     for side in ratios]
        lines.append("| " + " | ".join([label(key)] + values + quotients) + " |")
    lines += ["", f"![Time per operation, log scale]({chart_name})", "", "Runs:", ""]
    for path, how in runs:
        lines.append(f"- `{shown(path)}`: " + "; ".join(how))
    return "\n".join(lines) + "\n"


def svg(rows, sides):
    """Grouped horizontal bars, one group per row and one bar per side, on a log scale."""
    keys = sorted(rows, key=row_order)
    scores = [r[0] for results in rows.values() for r in results.values()]
    low = 10 ** math.floor(math.log10(min(scores)))
    left, plot, right, bar, gap, top = 330, 520, 110, 11, 10, 40
    width = left + plot + right
    legend = 24
    height = top + sum(len([s for s in sides if s in rows[k]]) * bar + gap for k in keys) + 30 + legend
    decades = max(1, math.ceil(math.log10(max(scores) / low)))

    def x(us):
        return left + plot * math.log10(us / low) / decades

    out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
           f'font-family="sans-serif" font-size="11">',
           f'<rect width="{width}" height="{height}" fill="white"/>',
           f'<text x="{left}" y="18" font-size="13" font-weight="bold">Time per operation (µs, log scale)</text>']
    axis_bottom = height - 30 - legend
    for i in range(decades + 1):
        value = low * 10 ** i
        gx = left + plot * i / decades
        out.append(f'<line x1="{gx:.1f}" y1="{top - 8}" x2="{gx:.1f}" y2="{axis_bottom}" stroke="#ddd"/>')
        out.append(f'<text x="{gx:.1f}" y="{axis_bottom + 14}" text-anchor="middle">{value:,.{max(0, -round(math.log10(value)))}f}</text>')
    y = top
    for key in keys:
        present = [side for side in sides if side in rows[key]]
        out.append(f'<text x="{left - 8}" y="{y + len(present) * bar / 2 + 4:.1f}" '
                   f'text-anchor="end">{escape(label(key))}</text>')
        for side in present:
            score = rows[key][side][0]
            colour = COLOURS[sides.index(side) % len(COLOURS)]
            out.append(f'<rect x="{left}" y="{y}" width="{max(x(score) - left, 1):.1f}" height="{bar - 1}" '
                       f'fill="{colour}"><title>{escape(side)}: {number(score)} µs</title></rect>')
            out.append(f'<text x="{x(score) + 4:.1f}" y="{y + bar - 2}" font-size="9">{number(score)}</text>')
            y += bar
        y += gap
    lx = left
    for side in sides:
        colour = COLOURS[sides.index(side) % len(COLOURS)]
        out.append(f'<rect x="{lx}" y="{height - legend}" width="12" height="12" fill="{colour}"/>')
        out.append(f'<text x="{lx + 16}" y="{height - legend + 10}">{escape(side)}</text>')
        lx += 16 + 7 * len(side) + 24
    out.append("</svg>")
    return "\n".join(out) + "\n"


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("files", nargs="*", type=Path, help="JMH JSON results (default: benchmarks/results/*.json)")
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "benchmarks", help="where results.md and chart.svg go")
    args = parser.parse_args()
    files = [f.resolve() for f in args.files] or sorted((ROOT / "benchmarks" / "results").glob("*.json"))
    if not files:
        sys.exit("no results: run benchmarks/run.sh NAME ... first")
    rows, runs = load(files)
    store_rows, store_runs = load_stores(files)
    sides = sides_of(rows)
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "results.md").write_text(markdown(rows, runs, sides, "chart.svg") + stores_markdown(store_rows, store_runs)
                                         + pcsc_markdown(files) + bridge_markdown(files) + jca_markdown(files))
    (args.out / "chart.svg").write_text(svg(rows, sides))
    print(f"{len(rows)} rows, sides {', '.join(sides)}: {args.out / 'results.md'}, {args.out / 'chart.svg'}")


if __name__ == "__main__":
    main()
