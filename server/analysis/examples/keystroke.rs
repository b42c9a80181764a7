//! Times the keystroke path on a generated Dockerfile of the shape the LSP
//! latency harness uses (bench/lsp-latency: many small stages): one edit,
//! the incremental reparse, and the rules.
//! `cargo run --release -p dockwarden-analysis --example keystroke [LINES]`.
#![allow(clippy::print_stdout, reason = "an example that prints its measurements")]

use std::time::Instant;

use dockwarden_analysis::dockerfile::Parse;
use dockwarden_analysis::text::{TextEdit, TextRange};
use dockwarden_analysis::{RuleSettings, SideFiles, check_dockerfile};

fn main() {
    let lines: usize = std::env::args().nth(1).and_then(|a| a.parse().ok()).unwrap_or(5000);
    let text = dockerfile(lines);
    let settings = RuleSettings::default();
    let side = SideFiles::new();
    let start = Instant::now();
    let mut parse = Parse::new(&text);
    println!("{} lines, full parse: {:?}", text.lines().count(), start.elapsed());
    let mut reparse = Vec::new();
    let mut checks = Vec::new();
    // Type a character somewhere, then delete it, through the file.
    for round in 0..200 {
        let at = (text.len() / 100 * (round / 2)) as u32;
        let at = (0..8)
            .map(|d| at.saturating_sub(d))
            .find(|&o| parse.text().is_char_boundary(o as usize))
            .unwrap();
        let edit = if round % 2 == 0 {
            TextEdit::replace(TextRange::new(at, at), "x")
        } else {
            TextEdit::delete(TextRange::new(at, at + 1))
        };
        let start = Instant::now();
        parse = parse.apply_edit(&edit);
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

/// Stages of a dozen instructions each, as bench/lsp-latency writes them.
fn dockerfile(lines: usize) -> String {
    let mut text = String::from("# syntax=docker/dockerfile:1\nARG BASE=debian:12-slim\n");
    let mut stage = 0;
    let mut count = 2;
    while count < lines {
        text.push_str(&format!(
            "FROM ${{BASE}} AS stage{stage}\n\
             ARG VERSION=1.{stage}\n\
             ENV APP_HOME=/opt/app{stage} PATH=/opt/app{stage}/bin:$PATH\n\
             WORKDIR $APP_HOME\n\
             RUN apt-get update \\\n    && apt-get install -y --no-install-recommends curl ca-certificates \\\n    && rm -rf /var/lib/apt/lists/*\n\
             COPY --chown=app:app src/ ./src/\n\
             RUN --mount=type=cache,target=/root/.cache make build VERSION=${{VERSION}}\n\
             # build step {stage}\n\
             EXPOSE 80{stage:02}\n\
             USER app\n\n"
        ));
        count += 14;
        if stage > 0 {
            text.push_str(&format!(
                "COPY --from=stage{} /opt/app{}/bin /opt/bin{stage}\n",
                stage - 1,
                stage - 1
            ));
            count += 1;
        }
        stage += 1;
    }
    text.push_str("CMD [\"/opt/app/bin/server\"]\n");
    text
}
