//! DF102 `invalid-flag`.

use crate::declare_rule;
use crate::diagnostic::{Diagnostic, Fix};
use crate::dockerfile::DockerfileContext;
use crate::dockerfile::flags::{FlagValue, flags_of, parse_mount};
use crate::dockerfile::syntax::{Flag, Instruction, Keyword};
use crate::spelling;
use crate::text::{TextEdit, TextRange};

declare_rule! {
    /// A flag the instruction does not have, or a value it cannot take.
    ///
    /// Unknown flags (`COPY --form=build`), flags on instructions that take
    /// none, missing values (`--from` alone), and values Docker rejects:
    /// `--chmod` that is neither octal nor symbolic, `--network` other than
    /// `default`, `none` or `host`, `--security` other than `sandbox` or
    /// `insecure`, a malformed `--checksum`, HEALTHCHECK durations and
    /// retries, and `--mount` with an unknown type or option, or without the
    /// `target` that cache, bind and tmpfs mounts need. A `--mount` without
    /// `type` is a bind mount, as in Docker, and is not reported. Values with
    /// variables are left to the build.
    ///
    /// ## Example
    ///
    /// ```dockerfile
    /// FROM alpine:3.20 AS build
    /// FROM alpine:3.20
    /// COPY --form=build /out /app
    /// #    ^^^^^^^^^^^^ DF102: did you mean `--from`
    /// RUN --mount=type=cache apk add curl
    /// #   ^^^^^^^^^^^^^^^^^^ DF102: target
    /// ```
    ///
    /// ```dockerfile
    /// FROM alpine:3.20
    /// COPY --chmod=0755 --chown=app:app run.sh /run.sh
    /// RUN --mount=type=cache,target=/var/cache/apk --network=none apk add curl
    /// HEALTHCHECK --interval=30s --retries=3 CMD ["/run.sh", "health"]
    /// ```
    pub static META = {
        code: "DF102",
        name: "invalid-flag",
        language: Dockerfile,
        severity: High,
        practice: Correctness,
        fix: Unsafe,
        hadolint: [],
    }
}

pub fn check(context: &DockerfileContext<'_>, out: &mut Vec<Diagnostic>) {
    for instruction in context.model.instructions_and_triggers() {
        if instruction.keyword() != Keyword::Unknown && instruction.keyword() != Keyword::Onbuild {
            check_instruction(&instruction, out);
        }
    }
}

fn check_instruction(instruction: &Instruction<'_>, out: &mut Vec<Diagnostic>) {
    let keyword = instruction.keyword();
    let known = flags_of(keyword);
    for flag in instruction.flags() {
        let name = flag.name();
        let Some(spec) = known.iter().find(|spec| spec.name == name) else {
            let suggestion = spelling::nearest(name, known.iter().map(|spec| spec.name));
            let message = match (known.is_empty(), suggestion) {
                (true, _) => {
                    format!("{} takes no flags, and `--{name}` is not one", keyword.as_str())
                }
                (false, Some(suggestion)) => {
                    format!(
                        "{} has no flag `--{name}`; did you mean `--{suggestion}`?",
                        keyword.as_str()
                    )
                }
                (false, None) => format!("{} has no flag `--{name}`", keyword.as_str()),
            };
            let mut diagnostic = Diagnostic::new(&META, flag.range(), message);
            if let Some(suggestion) = suggestion {
                diagnostic = diagnostic.with_fix(Fix::unsafe_(
                    format!("Change to `--{suggestion}`"),
                    vec![TextEdit::replace(flag.name_range(), suggestion)],
                ));
            }
            out.push(diagnostic);
            continue;
        };
        let Some(value) = flag.value() else {
            if spec.value == FlagValue::Required {
                out.push(Diagnostic::new(
                    &META,
                    flag.range(),
                    format!("`--{name}` needs a value: `--{name}=...`"),
                ));
            }
            continue;
        };
        if value.contains('$') {
            continue;
        }
        if let Some(problem) = value_problem(name, value, spec.value) {
            out.push(Diagnostic::new(&META, flag.range(), problem));
        }
        if name == "mount" {
            check_mount(instruction, &flag, out);
        }
    }
}

/// What is wrong with a flag's value, if anything.
fn value_problem(name: &str, value: &str, kind: FlagValue) -> Option<String> {
    if kind == FlagValue::Boolean {
        return (!matches!(value, "true" | "false"))
            .then(|| format!("`--{name}` is true or false, not `{value}`"));
    }
    match name {
        "chmod" if !is_octal_mode(value) && !is_symbolic_mode(value) => {
            Some(format!("`--chmod={value}` is not a mode: use octal such as `0755` (or `u+x`)"))
        }
        "network" if !matches!(value, "default" | "none" | "host") => {
            Some(format!("`--network={value}`: the network is `default`, `none` or `host`"))
        }
        "security" if !matches!(value, "sandbox" | "insecure") => {
            Some(format!("`--security={value}`: the mode is `sandbox` or `insecure`"))
        }
        "checksum" if !is_digest(value) => Some(format!(
            "`--checksum={value}` is not a digest such as `sha256:` and 64 hex digits"
        )),
        "interval" | "timeout" | "start-period" | "start-interval" if !is_duration(value) => {
            Some(format!("`--{name}={value}` is not a duration such as `30s` or `1m30s`"))
        }
        "retries" if value.parse::<u32>().is_err() => {
            Some(format!("`--retries={value}` is not a whole number"))
        }
        "mount" | "from" | "chown" | "exclude" | "platform" | "device" if value.is_empty() => {
            Some(format!("`--{name}` has an empty value"))
        }
        _ => None,
    }
}

fn check_mount(instruction: &Instruction<'_>, flag: &Flag<'_>, out: &mut Vec<Diagnostic>) {
    let Some(written) = flag.value_logical_range() else { return };
    let options = parse_mount(instruction.logical_slice(written));
    let to_source = |range: TextRange| instruction.to_source(range.shifted(written.start));
    let mount_type = options
        .iter()
        .find(|option| option.is("type"))
        .and_then(|option| option.value)
        .unwrap_or("bind")
        .to_ascii_lowercase();
    let allowed: &[&str] = match mount_type.as_str() {
        "bind" => &[
            "type",
            "target",
            "dst",
            "destination",
            "source",
            "src",
            "from",
            "readonly",
            "ro",
            "readwrite",
            "rw",
        ],
        "cache" => &[
            "type",
            "target",
            "dst",
            "destination",
            "id",
            "readonly",
            "ro",
            "sharing",
            "from",
            "source",
            "src",
            "mode",
            "uid",
            "gid",
        ],
        "tmpfs" => &["type", "target", "dst", "destination", "size"],
        "secret" => {
            &["type", "id", "target", "dst", "destination", "required", "mode", "uid", "gid", "env"]
        }
        "ssh" => &["type", "id", "target", "dst", "destination", "required", "mode", "uid", "gid"],
        other => {
            if let Some(option) = options.iter().find(|option| option.is("type")) {
                let range = option
                    .value_range
                    .map_or(option.key_range, |value| option.key_range.cover(value));
                out.push(Diagnostic::new(
                    &META,
                    to_source(range),
                    format!(
                        "`type={other}` is not a mount type: use bind, cache, tmpfs, secret or ssh"
                    ),
                ));
            }
            return;
        }
    };
    for option in &options {
        if !allowed.iter().any(|key| option.is(key)) {
            out.push(Diagnostic::new(
                &META,
                to_source(option.key_range),
                format!("a {mount_type} mount has no option `{}`", option.key),
            ));
        }
    }
    let needs_target = matches!(mount_type.as_str(), "bind" | "cache" | "tmpfs");
    let has_target = options
        .iter()
        .any(|option| ["target", "dst", "destination"].iter().any(|key| option.is(key)));
    if needs_target && !has_target {
        out.push(Diagnostic::new(
            &META,
            flag.range(),
            format!("a {mount_type} mount needs `target=` (where to mount it)"),
        ));
    }
}

fn is_octal_mode(value: &str) -> bool {
    (3..=4).contains(&value.len()) && value.bytes().all(|b| (b'0'..=b'7').contains(&b))
}

fn is_symbolic_mode(value: &str) -> bool {
    value.split(',').all(|clause| {
        let who_len = clause.len() - clause.trim_start_matches(['u', 'g', 'o', 'a']).len();
        let rest = &clause[who_len..];
        let mut chars = rest.chars();
        matches!(chars.next(), Some('+' | '-' | '=')) && chars.all(|c| "rwxXst".contains(c))
    })
}

fn is_digest(value: &str) -> bool {
    let Some((algorithm, hex)) = value.split_once(':') else { return false };
    let length = match algorithm {
        "sha256" => 64,
        "sha384" => 96,
        "sha512" => 128,
        _ => return false,
    };
    hex.len() == length && hex.bytes().all(|b| b.is_ascii_hexdigit())
}

/// Go's `time.ParseDuration` syntax: `300ms`, `1.5h`, `2h45m`.
fn is_duration(value: &str) -> bool {
    let mut rest = value;
    if rest.is_empty() {
        return false;
    }
    if rest == "0" {
        return true;
    }
    while !rest.is_empty() {
        let number =
            rest.len() - rest.trim_start_matches(|c: char| c.is_ascii_digit() || c == '.').len();
        if number == 0 {
            return false;
        }
        rest = &rest[number..];
        let unit =
            ["ns", "us", "µs", "ms", "s", "m", "h"].into_iter().find(|unit| rest.starts_with(unit));
        match unit {
            Some(unit) => rest = &rest[unit.len()..],
            None => return false,
        }
    }
    true
}

crate::fixture_test!("invalid-flag.Dockerfile");

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values() {
        assert!(
            is_duration("1m30s")
                && is_duration("0")
                && is_duration("1.5h")
                && !is_duration("30")
                && !is_duration("5 s")
        );
        assert!(is_octal_mode("0755") && !is_octal_mode("abc") && !is_octal_mode("999"));
        assert!(
            is_symbolic_mode("u+x") && is_symbolic_mode("go-w,u=rwX") && !is_symbolic_mode("abc")
        );
        assert!(is_digest(&format!("sha256:{}", "a".repeat(64))) && !is_digest("sha256:abc"));
    }
}
