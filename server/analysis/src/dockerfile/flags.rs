//! What each instruction's flags are, and how `--mount` reads its options.

use crate::dockerfile::syntax::Keyword;
use crate::text::{TextRange, to_u32};

/// Whether a flag takes a value.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum FlagValue {
    /// `--from=stage`: a value is required.
    Required,
    /// `--link` or `--link=true`.
    Boolean,
}

/// A flag an instruction accepts.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub struct FlagSpec {
    pub name: &'static str,
    pub value: FlagValue,
    pub summary: &'static str,
}

const fn required(name: &'static str, summary: &'static str) -> FlagSpec {
    FlagSpec { name, value: FlagValue::Required, summary }
}

const fn boolean(name: &'static str, summary: &'static str) -> FlagSpec {
    FlagSpec { name, value: FlagValue::Boolean, summary }
}

const FROM_FLAGS: &[FlagSpec] =
    &[required("platform", "The platform of the base image, such as `linux/amd64`.")];

const RUN_FLAGS: &[FlagSpec] = &[
    required(
        "mount",
        "Mounts a cache, secret, SSH agent, tmpfs or bind source for this step only.",
    ),
    required("network", "The network for this step: `default`, `none` or `host`."),
    required(
        "security",
        "`insecure` runs the step with all capabilities; `sandbox` is the default.",
    ),
    required("device", "Makes a CDI device available to this step."),
];

const COPY_FLAGS: &[FlagSpec] = &[
    required(
        "from",
        "Copies from a build stage, a named context or an image instead of the build context.",
    ),
    required("chown", "Owner and group of the copied files, as `user:group`."),
    required("chmod", "Permissions of the copied files, octal such as `0755`."),
    boolean(
        "link",
        "Copies into an independent layer that survives rebuilds of the layers before it.",
    ),
    boolean("parents", "Keeps the parent directories of the sources."),
    required("exclude", "A pattern of sources to leave out."),
];

const ADD_FLAGS: &[FlagSpec] = &[
    required("chown", "Owner and group of the added files, as `user:group`."),
    required("chmod", "Permissions of the added files, octal such as `0755`."),
    boolean(
        "link",
        "Adds into an independent layer that survives rebuilds of the layers before it.",
    ),
    required("checksum", "The expected digest of a remote source, `sha256:...`."),
    boolean("keep-git-dir", "Keeps the `.git` directory of a Git source."),
    required("exclude", "A pattern of sources to leave out."),
    boolean("unpack", "Whether to unpack a local or remote archive."),
];

const HEALTHCHECK_FLAGS: &[FlagSpec] = &[
    required("interval", "Time between checks, such as `30s`."),
    required("timeout", "How long a check may take before it counts as failed."),
    required("start-period", "Time for the container to start before failures count."),
    required("start-interval", "Time between checks during the start period."),
    required("retries", "Consecutive failures before the container is unhealthy."),
];

/// The flags an instruction accepts.
pub fn flags_of(keyword: Keyword) -> &'static [FlagSpec] {
    match keyword {
        Keyword::From => FROM_FLAGS,
        Keyword::Run => RUN_FLAGS,
        Keyword::Copy => COPY_FLAGS,
        Keyword::Add => ADD_FLAGS,
        Keyword::Healthcheck => HEALTHCHECK_FLAGS,
        _ => &[],
    }
}

/// One `key=value` of a `--mount`, borrowed from the flag value as written,
/// with ranges relative to it.
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct MountOption<'a> {
    /// As written; BuildKit reads keys in any case ([`MountOption::is`]).
    pub key: &'a str,
    pub value: Option<&'a str>,
    pub key_range: TextRange,
    pub value_range: Option<TextRange>,
}

impl MountOption<'_> {
    /// Whether the key is `name`, in any case.
    pub fn is(&self, name: &str) -> bool {
        self.key.eq_ignore_ascii_case(name)
    }
}

/// Reads a `--mount` value: comma-separated `key=value` fields, each of
/// which may be quoted as a whole (CSV, as BuildKit reads it).
pub fn parse_mount(written: &str) -> Vec<MountOption<'_>> {
    let mut options = Vec::new();
    let mut field_start = 0;
    let mut in_quotes = false;
    let bytes = written.as_bytes();
    for index in 0..=bytes.len() {
        let at_end = index == bytes.len();
        if !at_end && bytes[index] == b'"' {
            in_quotes = !in_quotes;
            continue;
        }
        if at_end || (bytes[index] == b',' && !in_quotes) {
            let field = &written[field_start..index];
            let inner_start =
                field_start + (field.len() - field.trim_start_matches(['"', '\'']).len());
            let inner_end = index - (field.len() - field.trim_end_matches(['"', '\'']).len());
            if inner_start < inner_end {
                let inner = &written[inner_start..inner_end];
                let (key, value) = match inner.split_once('=') {
                    Some((key, value)) => (key, Some(value)),
                    None => (inner, None),
                };
                let key_range = TextRange::at(to_u32(inner_start), key.len());
                options.push(MountOption {
                    key: key.trim(),
                    value,
                    key_range,
                    value_range: value.map(|value| TextRange::at(key_range.end + 1, value.len())),
                });
            }
            field_start = index + 1;
        }
    }
    options
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mounts_read_as_csv() {
        let written = r#"type=cache,target=/root/.cache,"id=a,b",from=builder"#;
        let options = parse_mount(written);
        let keys: Vec<&str> = options.iter().map(|o| o.key).collect();
        assert_eq!(keys, ["type", "target", "id", "from"]);
        assert_eq!(options[2].value, Some("a,b"));
        assert_eq!(options[3].value_range.unwrap().slice(written), "builder");
    }
}
