//! Times the keystroke path on a generated Dockerfile: one edit, the
//! incremental reparse, and the rules. `cargo run --release --example keystroke`.
#![allow(clippy::print_stdout, reason = "an example that prints its measurements")]

use std::time::Instant;

use dockwarden_analysis::dockerfile::Parse;
use dockwarden_analysis::text::{TextEdit, TextRange};
use dockwarden_analysis::{RuleSettings, SideFiles, check_dockerfile};

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
    text.push_str("USER app\nCMD [\"/app/run\"]\n");
    let settings = RuleSettings::default();
    let side = SideFiles::new();
    let start = Instant::now();
    let mut parse = Parse::new(&text);
    println!("full parse: {:?}", start.elapsed());
    let mut reparse = Vec::new();
    let mut checks = Vec::new();
    for round in 0..200 {
        let at = (text.len() / 200 * round) as u32;
        let at = (0..8)
            .map(|d| at.saturating_sub(d))
            .find(|&o| parse.text().is_char_boundary(o as usize))
            .unwrap();
        let start = Instant::now();
        parse = parse.apply_edit(&TextEdit::replace(TextRange::new(at, at), "x"));
        reparse.push(start.elapsed());
        let start = Instant::now();
        let report = check_dockerfile(&parse, &settings, &side);
        checks.push(start.elapsed());
        std::hint::black_box(report);
    }
    reparse.sort();
    checks.sort();
    println!("reparse p50 {:?} p99 {:?}", reparse[100], reparse[198]);
    println!("check   p50 {:?} p99 {:?}", checks[100], checks[198]);
}
