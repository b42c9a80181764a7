//! Times full parses of a generated Dockerfile (for profiling the parser).
//! `cargo run --release --example parse_only [LINES]`.
#![allow(clippy::print_stdout, reason = "an example that prints its measurements")]

use std::time::Instant;

use dockwarden_analysis::dockerfile::Parse;

fn main() {
    let lines: usize = std::env::args().nth(1).and_then(|a| a.parse().ok()).unwrap_or(5000);
    let mut text = String::from(
        "# syntax=docker/dockerfile:1\nARG BASE=debian:12-slim\nFROM ${BASE} AS build\n",
    );
    let mut index = 0;
    while index * 4 + 3 < lines {
        index += 1;
        text.push_str(&format!("RUN apt-get update && apt-get install -y --no-install-recommends pkg{index} \\\n    && echo step {index} && rm -rf /var/lib/apt/lists/*\nENV VAR_{index}=value{index}\nCOPY --chown=app:app src/{index} /app/{index}\n"));
    }
    let mut times = Vec::new();
    for _ in 0..50 {
        let start = Instant::now();
        std::hint::black_box(Parse::new(&text));
        times.push(start.elapsed());
    }
    times.sort();
    println!("{lines} lines: full parse p50 {:?} min {:?}", times[25], times[0]);
}
