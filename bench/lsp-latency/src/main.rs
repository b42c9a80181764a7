//! The LSP latency harness: speaks LSP over stdio to any server command,
//! so that dockwarden and its peers are measured the same way.
//!
//! ```text
//! lsp-latency measure dockerfile|compose [--edits N] -- COMMAND [ARGS...]
//! lsp-latency memory [--documents N] -- COMMAND [ARGS...]
//! lsp-latency suite [--edits N] [--dockwarden PATH] [--peers DIR]
//! ```
//!
//! `measure` generates a 5,000-line Dockerfile or a 3,000-line Compose
//! file, opens it, sends N small edits spread through the file (typing a
//! character at the end of a line, then deleting it) and times each
//! `didChange` to the `publishDiagnostics` that answers it: matched by
//! version when the server sends one, else the first publish for the file
//! after the change. `memory` opens N Dockerfiles and reads the server's
//! resident memory. `suite` runs dockwarden and the npm peers
//! (`bench/node_modules`, see `bench/package.json`) and prints ratios.
//! Timings are reported, never asserted.
#![allow(clippy::print_stdout, reason = "the report is this program's output")]

use std::collections::VecDeque;
use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc::{Receiver, RecvTimeoutError, channel};
use std::time::{Duration, Instant};

use serde_json::{Value, json};

/// How long one answer may take before the run gives up on the server.
const PATIENCE: Duration = Duration::from_secs(60);

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let outcome = match args.first().map(String::as_str) {
        Some("measure") => measure_command(&args[1..]),
        Some("memory") => memory_command(&args[1..]),
        Some("suite") => suite(&args[1..]),
        _ => {
            Err("usage: lsp-latency measure|memory|suite ... (see the source's header)".to_owned())
        }
    };
    if let Err(problem) = outcome {
        let _ = writeln!(std::io::stderr(), "lsp-latency: {problem}");
        std::process::exit(2);
    }
}

/// `--name value` from the arguments before `--`, and the command after it.
struct Arguments {
    options: Vec<(String, String)>,
    positional: Vec<String>,
    command: Vec<String>,
}

impl Arguments {
    fn parse(args: &[String]) -> Arguments {
        let split = args.iter().position(|arg| arg == "--").unwrap_or(args.len());
        let mut options = Vec::new();
        let mut positional = Vec::new();
        let mut index = 0;
        while index < split {
            if let Some(name) = args[index].strip_prefix("--") {
                options.push((name.to_owned(), args.get(index + 1).cloned().unwrap_or_default()));
                index += 2;
            } else {
                positional.push(args[index].clone());
                index += 1;
            }
        }
        let command = args.get(split + 1..).map(<[String]>::to_vec).unwrap_or_default();
        Arguments { options, positional, command }
    }

    fn number(&self, name: &str, default: usize) -> usize {
        self.options
            .iter()
            .find(|(key, _)| key == name)
            .and_then(|(_, value)| value.parse().ok())
            .unwrap_or(default)
    }

    fn text(&self, name: &str) -> Option<&str> {
        self.options.iter().find(|(key, _)| key == name).map(|(_, value)| value.as_str())
    }
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Kind {
    Dockerfile,
    Compose,
}

/// What one measurement found.
#[derive(Debug)]
struct Measurement {
    initialize: Duration,
    first_publish: Duration,
    latencies: Vec<Duration>,
    /// Edits whose publish never came (a server that publishes only on
    /// some changes).
    missed: usize,
}

fn measure_command(args: &[String]) -> Result<(), String> {
    let arguments = Arguments::parse(args);
    let kind = match arguments.positional.first().map(String::as_str) {
        Some("dockerfile") => Kind::Dockerfile,
        Some("compose") => Kind::Compose,
        _ => return Err("measure dockerfile|compose -- COMMAND".to_owned()),
    };
    let measurement =
        measure(&arguments.command, kind, arguments.number("edits", 500), Value::Null)?;
    print_measurement(&arguments.command.join(" "), kind, &measurement);
    Ok(())
}

fn memory_command(args: &[String]) -> Result<(), String> {
    let arguments = Arguments::parse(args);
    let documents = arguments.number("documents", 1000);
    let (initialize, resident) = memory(&arguments.command, documents)?;
    println!(
        "{}: initialize {}, {documents} open Dockerfiles: {} MiB resident",
        arguments.command.join(" "),
        ms(initialize),
        resident / 1024
    );
    Ok(())
}

/// dockwarden and the peers, one after the other, with ratios.
fn suite(args: &[String]) -> Result<(), String> {
    let arguments = Arguments::parse(args);
    let edits = arguments.number("edits", 500);
    let dockwarden = arguments
        .text("dockwarden")
        .map_or_else(|| PathBuf::from("target/release/dockwarden"), PathBuf::from);
    let peers =
        arguments.text("peers").map_or_else(|| PathBuf::from("bench/node_modules"), PathBuf::from);
    let ours = vec![dockwarden.display().to_string(), "server".to_owned()];
    let dockerfile_peer =
        node_command(&peers.join("dockerfile-language-server-nodejs/bin/docker-langserver"));
    let compose_peer = node_command(
        &peers.join("@microsoft/compose-language-service/bin/docker-compose-langserver"),
    );
    // The Compose service debounces diagnostics (by default by a second):
    // measured with no delay, so that its parsing is what is timed.
    let compose_options = json!({"diagnosticDelay": 0});
    println!(
        "LSP latency, {edits} edits per file, on {} cores\n",
        std::thread::available_parallelism().map_or(1, |n| n.get())
    );
    for (kind, peer, peer_name, options) in [
        (Kind::Dockerfile, dockerfile_peer, "dockerfile-language-server-nodejs", Value::Null),
        (Kind::Compose, compose_peer, "@microsoft/compose-language-service", compose_options),
    ] {
        let our = measure(&ours, kind, edits, Value::Null)?;
        print_measurement("dockwarden", kind, &our);
        match measure(&peer, kind, edits, options) {
            Ok(theirs) => {
                print_measurement(peer_name, kind, &theirs);
                println!(
                    "  ratio ({peer_name} / dockwarden): p50 {:.1}x, p99 {:.1}x, initialize {:.1}x\n",
                    ratio(percentile(&theirs.latencies, 50.0), percentile(&our.latencies, 50.0)),
                    ratio(percentile(&theirs.latencies, 99.0), percentile(&our.latencies, 99.0)),
                    ratio(theirs.initialize, our.initialize),
                );
            }
            Err(problem) => println!("  {peer_name}: not measured ({problem})\n"),
        }
    }
    let (initialize, resident) = memory(&ours, 1000)?;
    println!(
        "dockwarden: initialize {}; 1,000 open Dockerfiles: {} MiB resident",
        ms(initialize),
        resident / 1024
    );
    Ok(())
}

fn node_command(script: &Path) -> Vec<String> {
    vec!["node".to_owned(), script.display().to_string(), "--stdio".to_owned()]
}

fn print_measurement(name: &str, kind: Kind, measurement: &Measurement) {
    let lines = match kind {
        Kind::Dockerfile => "5,000-line Dockerfile",
        Kind::Compose => "3,000-line Compose file",
    };
    println!(
        "{name} on a {lines}: initialize {}, first publish {}, didChange→publish p50 {} p99 {} max {} ({} edits{})",
        ms(measurement.initialize),
        ms(measurement.first_publish),
        ms(percentile(&measurement.latencies, 50.0)),
        ms(percentile(&measurement.latencies, 99.0)),
        ms(measurement.latencies.iter().copied().max().unwrap_or_default()),
        measurement.latencies.len(),
        if measurement.missed > 0 {
            format!(", {} without a publish", measurement.missed)
        } else {
            String::new()
        },
    );
}

fn ms(duration: Duration) -> String {
    format!("{:.3} ms", duration.as_secs_f64() * 1000.0)
}

fn ratio(theirs: Duration, ours: Duration) -> f64 {
    theirs.as_secs_f64() / ours.as_secs_f64().max(1e-9)
}

fn percentile(samples: &[Duration], percent: f64) -> Duration {
    if samples.is_empty() {
        return Duration::ZERO;
    }
    let mut sorted = samples.to_vec();
    sorted.sort();
    let rank = ((percent / 100.0) * (sorted.len() - 1) as f64).round() as usize;
    sorted[rank.min(sorted.len() - 1)]
}

/// A 5,000-line Dockerfile: stages of realistic instructions.
fn dockerfile(lines: usize) -> String {
    let mut text = String::from("# syntax=docker/dockerfile:1\nARG BASE=debian:12-slim\n");
    let mut stage = 0;
    while text.lines().count() < lines {
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
        if stage > 0 {
            text.push_str(&format!(
                "COPY --from=stage{} /opt/app{}/bin /opt/bin{stage}\n",
                stage - 1,
                stage - 1
            ));
        }
        stage += 1;
    }
    text.push_str("CMD [\"/opt/app/bin/server\"]\n");
    text
}

/// A 3,000-line Compose file: services with the usual keys.
fn compose(lines: usize) -> String {
    let mut text = String::from("services:\n");
    let mut service = 0;
    while text.lines().count() < lines - 10 {
        text.push_str(&format!(
            "  app{service}:\n\
             \x20   image: registry.example.com/team/app{service}:1.{service}\n\
             \x20   read_only: true\n\
             \x20   cap_drop: [ALL]\n\
             \x20   environment:\n\
             \x20     LOG_LEVEL: info\n\
             \x20     PORT: \"80{service:02}\"\n\
             \x20   ports:\n\
             \x20     - \"127.0.0.1:8{service:03}:80\"\n\
             \x20   networks: [backend]\n\
             \x20   deploy:\n\
             \x20     resources:\n\
             \x20       limits: {{cpus: \"0.5\", memory: 256M}}\n\
             \x20   healthcheck:\n\
             \x20     test: [\"CMD\", \"curl\", \"-f\", \"http://localhost/health\"]\n"
        ));
        service += 1;
    }
    text.push_str("networks:\n  backend: {}\n");
    text
}

/// A server process and the messages it sends.
struct Server {
    child: Child,
    stdin: ChildStdin,
    messages: Receiver<Value>,
    backlog: VecDeque<Value>,
    next_id: i64,
}

impl Server {
    fn start(command: &[String]) -> Result<Server, String> {
        let (program, args) = command.split_first().ok_or("no server command")?;
        let mut child = Command::new(program)
            .args(args)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .map_err(|error| format!("cannot start {program}: {error}"))?;
        let stdin = child.stdin.take().ok_or("no stdin")?;
        let stdout = child.stdout.take().ok_or("no stdout")?;
        let (sender, messages) = channel();
        std::thread::spawn(move || {
            let mut reader = BufReader::new(stdout);
            while let Some(value) = read_message(&mut reader) {
                if sender.send(value).is_err() {
                    return;
                }
            }
        });
        Ok(Server { child, stdin, messages, backlog: VecDeque::new(), next_id: 0 })
    }

    fn send(&mut self, message: &Value) -> Result<(), String> {
        let body = message.to_string();
        write!(self.stdin, "Content-Length: {}\r\n\r\n{body}", body.len())
            .and_then(|()| self.stdin.flush())
            .map_err(|error| format!("the server stopped reading: {error}"))
    }

    fn notify(&mut self, method: &str, params: Value) -> Result<(), String> {
        self.send(&json!({"jsonrpc": "2.0", "method": method, "params": params}))
    }

    fn request(&mut self, method: &str, params: Value) -> Result<Value, String> {
        self.next_id += 1;
        let id = self.next_id;
        self.send(&json!({"jsonrpc": "2.0", "id": id, "method": method, "params": params}))?;
        let answer = self.wait(|message| message["id"] == id && message.get("method").is_none())?;
        Ok(answer)
    }

    /// Waits for a message; requests from the server are answered with
    /// `null` (configuration, registration) on the way.
    fn wait(&mut self, wanted: impl Fn(&Value) -> bool) -> Result<Value, String> {
        if let Some(index) = self.backlog.iter().position(&wanted) {
            return Ok(self.backlog.remove(index).unwrap_or_default());
        }
        let deadline = Instant::now() + PATIENCE;
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            let message = match self.messages.recv_timeout(left) {
                Ok(message) => message,
                Err(RecvTimeoutError::Timeout) => {
                    return Err("timed out waiting for the server".to_owned());
                }
                Err(RecvTimeoutError::Disconnected) => return Err("the server exited".to_owned()),
            };
            if message.get("method").is_some() && message.get("id").is_some() {
                let answer = match message["method"].as_str() {
                    Some("workspace/configuration") => {
                        let count = message["params"]["items"].as_array().map_or(1, Vec::len);
                        Value::Array(vec![Value::Null; count])
                    }
                    _ => Value::Null,
                };
                self.send(
                    &json!({"jsonrpc": "2.0", "id": message["id"].clone(), "result": answer}),
                )?;
                continue;
            }
            if wanted(&message) {
                return Ok(message);
            }
            // Keep only what a later wait may want.
            if message["method"] != "textDocument/publishDiagnostics" {
                continue;
            }
            self.backlog.push_back(message);
            if self.backlog.len() > 10_000 {
                self.backlog.pop_front();
            }
        }
    }

    fn initialize(&mut self, options: Value) -> Result<Duration, String> {
        let started = Instant::now();
        let capabilities = json!({
            "textDocument": {
                "synchronization": {"didSave": true},
                "publishDiagnostics": {"relatedInformation": true, "versionSupport": true}
            },
            "workspace": {"configuration": false}
        });
        let root = std::env::temp_dir().display().to_string();
        self.request(
            "initialize",
            json!({
                "processId": std::process::id(),
                "rootUri": format!("file://{root}"),
                "capabilities": capabilities,
                "initializationOptions": options,
            }),
        )?;
        let elapsed = started.elapsed();
        self.notify("initialized", json!({}))?;
        Ok(elapsed)
    }

    fn publish_for(&mut self, uri: &str, version: Option<i64>) -> Result<Value, String> {
        self.wait(|message| {
            message["method"] == "textDocument/publishDiagnostics"
                && message["params"]["uri"] == uri
                && match (&message["params"]["version"], version) {
                    (Value::Number(sent), Some(wanted)) => sent.as_i64() == Some(wanted),
                    _ => true,
                }
        })
    }

    fn stop(mut self) {
        let _ = self.request("shutdown", Value::Null);
        let _ = self.notify("exit", Value::Null);
        let deadline = Instant::now() + Duration::from_secs(5);
        while Instant::now() < deadline {
            if let Ok(Some(_)) = self.child.try_wait() {
                return;
            }
            std::thread::sleep(Duration::from_millis(10));
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn read_message(reader: &mut impl BufRead) -> Option<Value> {
    let mut length = None;
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line).ok()? == 0 {
            return None;
        }
        let line = line.trim_end();
        if line.is_empty() {
            break;
        }
        if let Some(value) = line.strip_prefix("Content-Length:") {
            length = value.trim().parse::<usize>().ok();
        }
    }
    let mut body = vec![0; length?];
    reader.read_exact(&mut body).ok()?;
    serde_json::from_slice(&body).ok()
}

fn measure(
    command: &[String],
    kind: Kind,
    edits: usize,
    options: Value,
) -> Result<Measurement, String> {
    let mut server = Server::start(command)?;
    let initialize = server.initialize(options)?;
    let (name, language, text) = match kind {
        Kind::Dockerfile => ("Dockerfile", "dockerfile", dockerfile(5000)),
        Kind::Compose => ("compose.yaml", "dockercompose", compose(3000)),
    };
    let folder = std::env::temp_dir().join(format!("lsp-latency-{}", std::process::id()));
    let uri = format!("file://{}/{name}", folder.display());
    let opened = Instant::now();
    server.notify(
        "textDocument/didOpen",
        json!({
            "textDocument": {"uri": uri, "languageId": language, "version": 1, "text": text}
        }),
    )?;
    server.publish_for(&uri, Some(1))?;
    let first_publish = opened.elapsed();
    let lines: Vec<&str> = text.lines().collect();
    let mut latencies = Vec::with_capacity(edits);
    let mut missed = 0;
    let mut typed: Option<(usize, usize)> = None;
    for edit in 0..edits {
        let version = edit as i64 + 2;
        // Type a character at the end of a line, then take it back.
        let change = match typed.take() {
            None => {
                let line = (edit * 7919) % lines.len();
                let column = lines[line].encode_utf16().count();
                typed = Some((line, column));
                json!({"range": {"start": {"line": line, "character": column}, "end": {"line": line, "character": column}}, "text": "x"})
            }
            Some((line, column)) => json!({
                "range": {"start": {"line": line, "character": column}, "end": {"line": line, "character": column + 1}},
                "text": ""
            }),
        };
        let sent = Instant::now();
        server.notify(
            "textDocument/didChange",
            json!({
                "textDocument": {"uri": uri, "version": version},
                "contentChanges": [change],
            }),
        )?;
        match server.publish_for(&uri, Some(version)) {
            Ok(_) => latencies.push(sent.elapsed()),
            Err(_) => missed += 1,
        }
    }
    server.stop();
    Ok(Measurement { initialize, first_publish, latencies, missed })
}

/// Opens `documents` Dockerfiles and reads the server's resident memory.
fn memory(command: &[String], documents: usize) -> Result<(Duration, u64), String> {
    let mut server = Server::start(command)?;
    let initialize = server.initialize(Value::Null)?;
    let folder = std::env::temp_dir().join(format!("lsp-latency-memory-{}", std::process::id()));
    let mut last = String::new();
    for index in 0..documents {
        let uri = format!("file://{}/app{index}/Dockerfile", folder.display());
        let text = dockerfile(40 + index % 80).replace("stage", &format!("s{index}_"));
        server.notify(
            "textDocument/didOpen",
            json!({
                "textDocument": {"uri": uri, "languageId": "dockerfile", "version": 1, "text": text}
            }),
        )?;
        last = uri;
    }
    server.publish_for(&last, Some(1))?;
    let status = std::fs::read_to_string(format!("/proc/{}/status", server.child.id()))
        .map_err(|error| error.to_string())?;
    let resident = status
        .lines()
        .find_map(|line| line.strip_prefix("VmRSS:"))
        .and_then(|value| value.trim().trim_end_matches("kB").trim().parse::<u64>().ok())
        .ok_or("no VmRSS")?;
    server.stop();
    Ok((initialize, resident))
}
