//! The stdio transport: `Content-Length` framed JSON-RPC on stdin and
//! stdout, on two threads, feeding an [`lsp_server::Connection`].
//!
//! lsp-server's own stdio transport stops reading at the first malformed
//! message, which ends the session; an editor's server must outlive a bad
//! frame. Here a frame that is not JSON gets a JSON-RPC `ParseError` (and
//! one that is JSON but no message an `InvalidRequest`), and reading goes
//! on: after a wrong `Content-Length` the reader finds the next header.

use std::io::{self, BufRead, BufReader, Read, Write};
use std::thread;

use crossbeam_channel::{Receiver, Sender, select, unbounded};
use lsp_server::{Connection, Message};

/// The JSON-RPC error codes for frames that are not messages.
const PARSE_ERROR: i32 = -32700;
const INVALID_REQUEST: i32 = -32600;

/// The largest frame accepted; larger ones are skipped unread.
const MAX_FRAME: usize = dockwarden_analysis::text::MAX_FILE_SIZE * 2;

/// The transport's threads; joining waits for the writer to flush.
#[derive(Debug)]
pub struct IoThreads {
    writer: thread::JoinHandle<io::Result<()>>,
}

impl IoThreads {
    /// Waits until every message has been written.
    pub fn join(self) -> io::Result<()> {
        self.writer.join().unwrap_or_else(|_| Err(io::Error::other("the writer thread panicked")))
    }
}

/// A connection over this process's stdin and stdout.
pub fn stdio() -> io::Result<(Connection, IoThreads)> {
    let (to_client, outgoing) = unbounded::<Message>();
    let (raw_sender, raw_outgoing) = unbounded::<String>();
    let (incoming_sender, incoming) = unbounded::<Message>();
    let writer = thread::Builder::new()
        .name("dockwarden-lsp-writer".to_owned())
        .spawn(move || write_loop(io::stdout().lock(), &outgoing, &raw_outgoing))?;
    thread::Builder::new().name("dockwarden-lsp-reader".to_owned()).spawn(move || {
        read_loop(BufReader::new(io::stdin().lock()), &incoming_sender, &raw_sender);
    })?;
    Ok((Connection { sender: to_client, receiver: incoming }, IoThreads { writer }))
}

/// Writes messages until the server drops its sender.
fn write_loop(
    mut out: impl Write,
    messages: &Receiver<Message>,
    raw: &Receiver<String>,
) -> io::Result<()> {
    loop {
        select! {
            recv(messages) -> message => match message {
                Ok(message) => message.write(&mut out)?,
                Err(_) => return out.flush(),
            },
            recv(raw) -> text => if let Ok(text) = text {
                write!(out, "Content-Length: {}\r\n\r\n{text}", text.len())?;
                out.flush()?;
            },
        }
    }
}

/// Reads frames until end of input or `exit`, answering bad ones.
pub fn read_loop(mut input: impl BufRead, messages: &Sender<Message>, raw: &Sender<String>) {
    loop {
        let body = match read_frame(&mut input) {
            Ok(Some(body)) => body,
            Ok(None) => return,
            Err(error) => {
                tracing::error!("reading stdin failed: {error}");
                return;
            }
        };
        match serde_json::from_slice::<Message>(&body) {
            Ok(message) => {
                let is_exit = matches!(&message, Message::Notification(n) if n.method == "exit");
                if messages.send(message).is_err() || is_exit {
                    return;
                }
            }
            Err(error) => {
                let (code, id) = match serde_json::from_slice::<serde_json::Value>(&body) {
                    Ok(value) => (INVALID_REQUEST, value.get("id").cloned()),
                    Err(_) => (PARSE_ERROR, None),
                };
                tracing::warn!("unreadable message ({error}): {}", String::from_utf8_lossy(&body));
                let answer = serde_json::json!({
                    "jsonrpc": "2.0",
                    "id": id.filter(|id| id.is_number() || id.is_string()),
                    "error": { "code": code, "message": format!("unreadable message: {error}") },
                });
                let _ = raw.send(answer.to_string());
            }
        }
    }
}

/// Reads the next frame's body; `None` at the end of input. Lines that are
/// not headers are skipped, a `Content-Length:` found inside one included,
/// so that a frame whose length was wrong costs at most the next frame.
pub fn read_frame(input: &mut impl BufRead) -> io::Result<Option<Vec<u8>>> {
    let mut length: Option<usize> = None;
    let mut line = Vec::new();
    loop {
        line.clear();
        if input.read_until(b'\n', &mut line)? == 0 {
            return Ok(None);
        }
        let text = String::from_utf8_lossy(&line);
        let text = text.trim_end_matches(['\r', '\n']);
        if text.is_empty() {
            match length {
                Some(size) if size <= MAX_FRAME => {
                    let mut body = vec![0; size];
                    input.read_exact(&mut body)?;
                    return Ok(Some(body));
                }
                Some(size) => {
                    tracing::warn!("skipping a frame of {size} bytes");
                    io::copy(&mut input.by_ref().take(size as u64), &mut io::sink())?;
                    length = None;
                }
                None => {}
            }
            continue;
        }
        let header = text.find("Content-Length:").map(|at| &text[at..]);
        match header {
            Some(header) => {
                let value = header["Content-Length:".len()..].trim();
                length = value.parse().ok();
                if header.len() != text.len() {
                    tracing::warn!("skipped text before a header: {text:?}");
                }
            }
            // Other headers (Content-Type) are fine; anything without a colon is noise.
            None if text.contains(':') && length.is_some() => {}
            None => {
                if !text.contains(':') {
                    tracing::warn!("skipped a line that is no header: {text:?}");
                    length = None;
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn frame(body: &str) -> String {
        format!("Content-Length: {}\r\n\r\n{body}", body.len())
    }

    fn frames(input: &str) -> Vec<String> {
        let mut reader = BufReader::new(input.as_bytes());
        let mut found = Vec::new();
        while let Some(body) = read_frame(&mut reader).unwrap() {
            found.push(String::from_utf8(body).unwrap());
        }
        found
    }

    #[test]
    fn frames_with_extra_headers() {
        let input = format!(
            "Content-Type: application/vscode-jsonrpc; charset=utf-8\r\n{}{}",
            frame("{\"a\":1}"),
            frame("{}")
        );
        assert_eq!(frames(&input), ["{\"a\":1}", "{}"]);
    }

    #[test]
    fn a_short_length_costs_only_its_own_frame() {
        let input = format!("Content-Length: 3\r\n\r\n{{\"a\":1}}{}", frame("{\"b\":2}"));
        assert_eq!(frames(&input), ["{\"a", "{\"b\":2}"]);
    }

    #[test]
    fn garbage_lines_are_skipped() {
        let input = format!("hello\r\n\r\nContent-Length: x\r\n\r\n{}", frame("{}"));
        assert_eq!(frames(&input), ["{}"]);
    }

    #[test]
    fn bad_json_is_answered_and_reading_goes_on() {
        let input = format!(
            "{}{}{}",
            frame("{not json"),
            frame("{\"id\":7}"),
            frame(r#"{"jsonrpc":"2.0","method":"exit"}"#)
        );
        let (messages, received) = unbounded();
        let (raw, answers) = unbounded();
        read_loop(BufReader::new(input.as_bytes()), &messages, &raw);
        let answers: Vec<serde_json::Value> =
            answers.try_iter().map(|text| serde_json::from_str(&text).unwrap()).collect();
        assert_eq!(answers[0]["error"]["code"], PARSE_ERROR);
        assert_eq!(answers[0]["id"], serde_json::Value::Null);
        assert_eq!(answers[1]["error"]["code"], INVALID_REQUEST);
        assert_eq!(answers[1]["id"], 7);
        assert!(matches!(received.try_recv(), Ok(Message::Notification(_))));
    }
}
