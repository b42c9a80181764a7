//! Times a full check of a generated Compose file, as the language server
//! does on each change. `cargo run --release --example compose_keystroke [LINES]`.
#![allow(clippy::print_stdout, reason = "an example that prints its measurements")]

use std::time::Instant;

use dockwarden_analysis::compose::ComposeFile;
use dockwarden_analysis::{RuleSettings, SideFiles, check_compose};

fn main() {
    let lines: usize = std::env::args().nth(1).and_then(|a| a.parse().ok()).unwrap_or(3000);
    let mut text = String::from("services:\n");
    let mut index = 0;
    while index * 15 < lines {
        index += 1;
        text.push_str(&format!(
            "  app{index}:\n    image: ghcr.io/acme/app{index}:1.{index}\n    user: \"10001\"\n    read_only: true\n    cap_drop: [ALL]\n    security_opt: [\"no-new-privileges:true\"]\n    environment:\n      LOG_LEVEL: info\n      DATABASE_PASSWORD_FILE: /run/secrets/db\n    ports:\n      - \"127.0.0.1:{port}:80\"\n    deploy:\n      resources:\n        limits: {{cpus: \"0.5\", memory: 256M, pids: 100}}\n    networks: [backend]\n",
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
    parses.sort();
    checks.sort();
    println!(
        "{} lines: parse p50 {:?} p99 {:?}; check p50 {:?} p99 {:?}",
        text.lines().count(),
        parses[50],
        parses[98],
        checks[50],
        checks[98]
    );
}
