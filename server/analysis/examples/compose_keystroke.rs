//! Times what the language server does on each change of a generated Compose
//! file: a full parse and check, and for single-character edits spread
//! through the file, the incremental `apply_edit` and the check after it.
//! `cargo run --release --example compose_keystroke [LINES] [anchors]`; with
//! `anchors`, every service also merges a shared anchored mapping
//! (`<<: *base`) and carries a comment, as many real files do.
#![allow(clippy::print_stdout, reason = "an example that prints its measurements")]

use std::time::{Duration, Instant};

use dockwarden_analysis::compose::ComposeFile;
use dockwarden_analysis::text::{TextEdit, TextRange, to_u32};
use dockwarden_analysis::{RuleSettings, SideFiles, check_compose};

fn main() {
    let lines: usize = std::env::args().nth(1).and_then(|a| a.parse().ok()).unwrap_or(3000);
    let anchors = std::env::args().nth(2).is_some_and(|a| a == "anchors");
    let mut text = String::new();
    if anchors {
        text.push_str(
            "# Generated services.\nx-base: &base\n  restart: unless-stopped\n  init: true\n",
        );
    }
    text.push_str("services:\n");
    let mut index = 0;
    while index * 15 < lines {
        index += 1;
        let (comment, merge) = if anchors {
            (format!("  # app{index} serves the API\n"), "    <<: *base\n")
        } else {
            (String::new(), "")
        };
        text.push_str(&comment);
        text.push_str(&format!(
            "  app{index}:\n{merge}    image: ghcr.io/acme/app{index}:1.{index}\n    user: \"10001\"\n    read_only: true\n    cap_drop: [ALL]\n    security_opt: [\"no-new-privileges:true\"]\n    environment:\n      LOG_LEVEL: info\n      DATABASE_PASSWORD_FILE: /run/secrets/db\n    ports:\n      - \"127.0.0.1:{port}:80\"\n    deploy:\n      resources:\n        limits: {{cpus: \"0.5\", memory: 256M, pids: 100}}\n    networks: [backend]\n",
            port = 8000 + index
        ));
    }
    text.push_str("networks:\n  backend:\n    internal: true\n");
    let settings = RuleSettings::default();
    let side = SideFiles::new();

    let mut parses = Vec::new();
    let mut checks = Vec::new();
    for _ in 0..100 {
        let start = Instant::now();
        let file = ComposeFile::parse(&text);
        parses.push(start.elapsed());
        let start = Instant::now();
        std::hint::black_box(check_compose(&file, &settings, &side));
        checks.push(start.elapsed());
    }
    println!(
        "{} lines: full parse p50 {:?} p99 {:?}; check p50 {:?} p99 {:?}",
        text.lines().count(),
        percentile(&mut parses, 50),
        percentile(&mut parses, 99),
        percentile(&mut checks, 50),
        percentile(&mut checks, 99),
    );

    // Type a character into a key or value on lines spread through the file
    // (one after its line's first character), then delete it again: two
    // single-character edits, each followed by a check.
    let line_starts: Vec<usize> = std::iter::once(0)
        .chain(text.match_indices('\n').map(|(at, _)| at + 1))
        .filter(|&at| at < text.len())
        .collect();
    let mut file = ComposeFile::parse(&text);
    let (mut edits, mut edit_checks, mut totals) = (Vec::new(), Vec::new(), Vec::new());
    let rounds = 1000;
    for round in 0..rounds {
        let line = line_starts[round * line_starts.len() / rounds];
        let first = line + file.text()[line..].len() - file.text()[line..].trim_start().len();
        let at = to_u32(first + 1);
        for edit in [TextEdit::insert(at, "x"), TextEdit::delete(TextRange::new(at, at + 1))] {
            let start = Instant::now();
            file = file.apply_edit(&edit);
            let applied = start.elapsed();
            let start = Instant::now();
            std::hint::black_box(check_compose(&file, &settings, &side));
            let checked = start.elapsed();
            edits.push(applied);
            edit_checks.push(checked);
            totals.push(applied + checked);
        }
    }
    assert_eq!(file.text(), text, "the edits undo each other");
    println!(
        "{} single-character edits: apply_edit p50 {:?} p99 {:?}; check p50 {:?} p99 {:?}; \
         apply_edit + check p50 {:?} p99 {:?}",
        totals.len(),
        percentile(&mut edits, 50),
        percentile(&mut edits, 99),
        percentile(&mut edit_checks, 50),
        percentile(&mut edit_checks, 99),
        percentile(&mut totals, 50),
        percentile(&mut totals, 99),
    );
}

fn percentile(samples: &mut [Duration], percent: usize) -> Duration {
    samples.sort();
    samples[(samples.len() * percent / 100).min(samples.len() - 1)]
}
