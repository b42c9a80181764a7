//! Readers for the scalar formats Compose gives meaning to: booleans as
//! Compose casts them, durations, byte sizes, and the short syntax of
//! published ports.

use std::ops::Range;

/// A boolean as Compose reads a string (`yes`, `on`, `true`, any case).
pub fn parse_bool_word(text: &str) -> Option<bool> {
    match text.to_ascii_lowercase().as_str() {
        "true" | "yes" | "y" | "on" => Some(true),
        "false" | "no" | "n" | "off" => Some(false),
        _ => None,
    }
}

/// An integer as Go's `strconv.ParseInt` reads it.
pub fn is_integer(text: &str) -> bool {
    let digits = text.strip_prefix(['-', '+']).unwrap_or(text);
    !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit())
}

/// A number as Go's `strconv.ParseFloat` reads it (close enough: Rust's
/// float syntax is the same for the forms people write).
pub fn is_number(text: &str) -> bool {
    !text.is_empty() && text.trim() == text && text.parse::<f64>().is_ok()
}

/// A duration: `0`, or numbers with units `ns us µs ms s m h d w`, as in
/// `1m30s`, `1.5h`, `300ms`.
pub fn is_duration(text: &str) -> bool {
    let body = text.strip_prefix(['-', '+']).unwrap_or(text);
    if body == "0" {
        return true;
    }
    let mut rest = body;
    if rest.is_empty() {
        return false;
    }
    while !rest.is_empty() {
        let number_len = rest.bytes().take_while(|b| b.is_ascii_digit() || *b == b'.').count();
        let number = &rest[..number_len];
        if number.is_empty() || number == "." || number.matches('.').count() > 1 {
            return false;
        }
        rest = &rest[number_len..];
        let unit = ["ns", "us", "µs", "μs", "ms", "s", "m", "h", "d", "w"]
            .into_iter()
            .find(|unit| rest.starts_with(unit) && !(*unit == "m" && rest.starts_with("ms")));
        match unit {
            Some(unit) => rest = &rest[unit.len()..],
            None => return false,
        }
    }
    true
}

/// A byte size as Docker's `RAMInBytes` reads it: digits, an optional
/// fraction, an optional space and unit (`k m g t p`, with `i` and `b`).
pub fn is_byte_size(text: &str) -> bool {
    let number_len = text.bytes().take_while(|b| b.is_ascii_digit() || *b == b'.').count();
    let number = &text[..number_len];
    if number.is_empty()
        || number.starts_with('.')
        || number.ends_with('.')
        || number.contains("..")
    {
        return false;
    }
    let unit = text[number_len..].strip_prefix(' ').unwrap_or(&text[number_len..]);
    let mut chars = unit.chars().peekable();
    if chars.peek().is_some_and(|c| "kKmMgGtTpP".contains(*c)) {
        chars.next();
    }
    if chars.peek().is_some_and(|c| "iI".contains(*c)) {
        chars.next();
    }
    if chars.peek().is_some_and(|c| "bB".contains(*c)) {
        chars.next();
    }
    chars.next().is_none()
}

/// A port number or a range `8000-8010`, each in 0..=65535.
pub fn is_port_or_range(text: &str) -> bool {
    let (low, high) = text.split_once('-').unwrap_or((text, text));
    let port = |part: &str| {
        is_integer(part)
            && !part.starts_with(['-', '+'])
            && part.parse::<u32>().is_ok_and(|p| p <= 65535)
    };
    port(low) && port(high) && low.parse::<u32>().ok() <= high.parse::<u32>().ok()
}

/// The parts of a short-syntax port, as byte ranges into the string.
#[derive(Clone, PartialEq, Eq, Debug, Default)]
pub struct PortShort {
    /// The host IP as written, brackets included (`[::1]`).
    pub host_ip: Option<Range<usize>>,
    pub host_port: Option<Range<usize>>,
    pub container_port: Range<usize>,
    pub protocol: Option<Range<usize>>,
}

impl PortShort {
    /// The host IP without brackets.
    pub fn host_ip_text<'a>(&self, text: &'a str) -> Option<&'a str> {
        let ip = &text[self.host_ip.clone()?];
        Some(ip.strip_prefix('[').and_then(|ip| ip.strip_suffix(']')).unwrap_or(ip))
    }

    pub fn host_port_text<'a>(&self, text: &'a str) -> Option<&'a str> {
        self.host_port.clone().map(|range| &text[range])
    }
}

/// Reads `[HOST_IP:][HOST_PORT:]CONTAINER_PORT[/PROTOCOL]` the way Docker's
/// port parser does (an unbracketed IPv6 address is whatever comes before
/// the last two colons), or says what is wrong.
pub fn parse_port_short(text: &str) -> Result<PortShort, String> {
    let (spec, protocol) = match text.rfind('/') {
        Some(index) => (&text[..index], Some(index + 1..text.len())),
        None => (text, None),
    };
    if let Some(protocol) = &protocol {
        let name = &text[protocol.clone()];
        if !matches!(name, "tcp" | "udp" | "sctp") {
            return Err(format!("`{name}` is not a protocol (tcp, udp or sctp)"));
        }
    }
    let colons: Vec<usize> = spec.match_indices(':').map(|(index, _)| index).collect();
    let mut port = PortShort { protocol, ..PortShort::default() };
    match colons.len() {
        0 => port.container_port = 0..spec.len(),
        1 => {
            port.host_port = Some(0..colons[0]);
            port.container_port = colons[0] + 1..spec.len();
        }
        _ => {
            let last = colons[colons.len() - 1];
            let before = colons[colons.len() - 2];
            port.host_ip = Some(0..before);
            port.host_port = Some(before + 1..last);
            port.container_port = last + 1..spec.len();
        }
    }
    let container = &text[port.container_port.clone()];
    if !is_port_or_range(container) {
        return Err(format!("`{container}` is not a container port"));
    }
    if let Some(host) = port.host_port.clone() {
        let host = &text[host];
        if host.is_empty() {
            port.host_port = None;
        } else if !is_port_or_range(host) {
            return Err(format!("`{host}` is not a host port"));
        }
    }
    if let Some(ip) = port.host_ip_text(text) {
        if ip.is_empty() {
            port.host_ip = None;
        } else if ip.parse::<std::net::IpAddr>().is_err() {
            return Err(format!("`{ip}` is not an IP address"));
        }
    }
    Ok(port)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations() {
        for good in ["0", "10s", "1m30s", "1.5h", "300ms", "2us", "1d", "1w2d"] {
            assert!(is_duration(good), "{good}");
        }
        for bad in ["", "10", "s", "1x", "1.2.3s", "lots"] {
            assert!(!is_duration(bad), "{bad}");
        }
    }

    #[test]
    fn byte_sizes() {
        for good in ["100", "512m", "1.5g", "1GB", "1 GB", "64Mi", "2KiB"] {
            assert!(is_byte_size(good), "{good}");
        }
        for bad in ["", "lots", "1x", "m", "-1g", "1gbb"] {
            assert!(!is_byte_size(bad), "{bad}");
        }
    }

    #[test]
    fn short_ports() {
        let text = "127.0.0.1:8080:80/udp";
        let port = parse_port_short(text).unwrap();
        assert_eq!(port.host_ip_text(text), Some("127.0.0.1"));
        assert_eq!(port.host_port_text(text), Some("8080"));
        assert_eq!(&text[port.container_port.clone()], "80");
        let text = "[::1]:9000-9001:9000-9001";
        assert_eq!(parse_port_short(text).unwrap().host_ip_text(text), Some("::1"));
        let text = "::1:80:80";
        assert_eq!(parse_port_short(text).unwrap().host_ip_text(text), Some("::1"));
        let text = "0.0.0.0::80";
        let port = parse_port_short(text).unwrap();
        assert_eq!((port.host_ip_text(text), port.host_port), (Some("0.0.0.0"), None));
        assert_eq!(parse_port_short(":80").unwrap().host_port, None);
        for bad in ["abc", "8080:80:90", "99999:80", "8080:80/tcpx", "80-70"] {
            assert!(parse_port_short(bad).is_err(), "{bad}");
        }
    }
}
