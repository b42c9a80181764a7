//! `file:` URIs and paths, both ways. Other schemes (`untitled:`) have no
//! path: such documents are linted without configuration or side files.

use std::path::{Path, PathBuf};
use std::str::FromStr;

use lsp_types::Uri;

/// The path of a `file:` URI, percent-decoded; `None` for other schemes.
pub fn to_path(uri: &Uri) -> Option<PathBuf> {
    let text = uri.as_str();
    let rest = text.strip_prefix("file://").or_else(|| text.strip_prefix("FILE://"))?;
    // `file://host/path`: only an empty host or localhost is this machine.
    let path = if rest.starts_with('/') {
        rest
    } else {
        rest.strip_prefix("localhost").filter(|path| path.starts_with('/'))?
    };
    let path = path.split(['?', '#']).next().unwrap_or(path);
    let decoded = percent_decode(path)?;
    Some(PathBuf::from(decoded))
}

/// The `file:` URI of an absolute path.
pub fn from_path(path: &Path) -> Option<Uri> {
    let text = path.to_str()?;
    let mut uri = String::from("file://");
    for byte in text.bytes() {
        let keep = byte.is_ascii_alphanumeric() || b"/-._~!$&'()*+,;=:@".contains(&byte);
        if keep {
            uri.push(char::from(byte));
        } else {
            uri.push_str(&format!("%{byte:02X}"));
        }
    }
    Uri::from_str(&uri).ok()
}

/// The last path segment of a URI, decoded: what decides a file's language.
pub fn file_name(uri: &Uri) -> String {
    let text = uri.as_str();
    let path = text.split(['?', '#']).next().unwrap_or(text);
    let last = path.rsplit('/').next().unwrap_or(path);
    percent_decode(last).unwrap_or_else(|| last.to_owned())
}

fn percent_decode(text: &str) -> Option<String> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut index = 0;
    while index < bytes.len() {
        if bytes[index] == b'%' {
            let hex = text.get(index + 1..index + 3)?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            index += 3;
        } else {
            out.push(bytes[index]);
            index += 1;
        }
    }
    String::from_utf8(out).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn uri(text: &str) -> Uri {
        Uri::from_str(text).unwrap()
    }

    #[test]
    fn file_uris_round_trip_with_spaces_and_unicode() {
        let path = Path::new("/tmp/my project/ünï/Dockerfile");
        let made = from_path(path).unwrap();
        assert_eq!(made.as_str(), "file:///tmp/my%20project/%C3%BCn%C3%AF/Dockerfile");
        assert_eq!(to_path(&made).unwrap(), path);
        assert_eq!(file_name(&made), "Dockerfile");
    }

    #[test]
    fn other_schemes_and_hosts_have_no_path() {
        assert_eq!(to_path(&uri("untitled:Untitled-1")), None);
        assert_eq!(to_path(&uri("file://server/share/x")), None);
        assert_eq!(to_path(&uri("file://localhost/etc/x")).unwrap(), Path::new("/etc/x"));
        assert_eq!(file_name(&uri("untitled:compose.yaml")), "untitled:compose.yaml");
    }
}
