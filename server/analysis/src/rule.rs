//! What every rule declares about itself, and the macro that declares it.
//!
//! A rule's doc comment is its documentation everywhere: hover, the
//! `codeDescription` page, `dockwarden explain`, and the examples in it run as
//! tests (see `tests/rule_docs.rs`). [`declare_rule!`] captures it.

use crate::diagnostic::Severity;

/// The file language a rule reads.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
pub enum Language {
    Dockerfile,
    Compose,
}

impl Language {
    pub fn as_str(self) -> &'static str {
        match self {
            Language::Dockerfile => "dockerfile",
            Language::Compose => "compose",
        }
    }
}

/// The security practice a rule serves (RULES.md lists the thirteen).
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
pub enum Practice {
    MinimalBaseImages,
    NeverRunAsRoot,
    MultiStageBuilds,
    ScannableImages,
    UpToDateImages,
    LimitedCapabilities,
    ReadOnlyFilesystems,
    NoSensitiveHostPaths,
    SecretsThroughDockerSecrets,
    RestrictedNetworks,
    ResourceLimits,
    SignedPinnedVerifiedImages,
    NoUnusedExposedPorts,
    /// Good hygiene outside the thirteen.
    Other,
    /// The file is wrong: syntax and schema.
    Correctness,
}

impl Practice {
    /// The practice's number in RULES.md, when it has one.
    pub fn number(self) -> Option<u8> {
        Some(match self {
            Practice::MinimalBaseImages => 1,
            Practice::NeverRunAsRoot => 2,
            Practice::MultiStageBuilds => 3,
            Practice::ScannableImages => 4,
            Practice::UpToDateImages => 5,
            Practice::LimitedCapabilities => 6,
            Practice::ReadOnlyFilesystems => 7,
            Practice::NoSensitiveHostPaths => 8,
            Practice::SecretsThroughDockerSecrets => 9,
            Practice::RestrictedNetworks => 10,
            Practice::ResourceLimits => 11,
            Practice::SignedPinnedVerifiedImages => 12,
            Practice::NoUnusedExposedPorts => 13,
            Practice::Other | Practice::Correctness => return None,
        })
    }

    pub fn title(self) -> &'static str {
        match self {
            Practice::MinimalBaseImages => "minimal base images",
            Practice::NeverRunAsRoot => "never run as root",
            Practice::MultiStageBuilds => "multi-stage builds",
            Practice::ScannableImages => "images that can be scanned",
            Practice::UpToDateImages => "images kept up to date",
            Practice::LimitedCapabilities => "capabilities limited",
            Practice::ReadOnlyFilesystems => "read-only filesystems",
            Practice::NoSensitiveHostPaths => "no sensitive host paths",
            Practice::SecretsThroughDockerSecrets => "secrets through Docker secrets, never ENV",
            Practice::RestrictedNetworks => "restricted networks",
            Practice::ResourceLimits => "resource limits",
            Practice::SignedPinnedVerifiedImages => "signed, pinned, verified images",
            Practice::NoUnusedExposedPorts => "no unused exposed ports",
            Practice::Other => "good practice",
            Practice::Correctness => "correctness",
        }
    }
}

/// What kind of quick fix a rule offers.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
pub enum FixKind {
    None,
    Safe,
    /// Safe, and offered only when a condition holds (stated in the docs).
    SafeWhen,
    Unsafe,
    Template,
}

impl FixKind {
    pub fn as_str(self) -> &'static str {
        match self {
            FixKind::None => "none",
            FixKind::Safe => "safe",
            FixKind::SafeWhen => "safe (when its condition holds)",
            FixKind::Unsafe => "unsafe",
            FixKind::Template => "unsafe (template)",
        }
    }
}

/// Whether a rule is on unless deselected, or only when selected.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
pub enum Activation {
    Default,
    OptIn,
}

/// Everything known about a rule before it runs.
#[derive(PartialEq, Eq, Debug)]
pub struct RuleMeta {
    /// Stable code, `DF001` or `CP012`.
    pub code: &'static str,
    /// Readable name, accepted wherever a code is.
    pub name: &'static str,
    pub language: Language,
    pub severity: Severity,
    pub practice: Practice,
    pub fix: FixKind,
    pub activation: Activation,
    /// hadolint codes whose `# hadolint ignore=` comments suppress this rule.
    pub hadolint: &'static [&'static str],
    /// The doc comment, in Markdown: first line is the summary.
    pub docs: &'static str,
}

impl RuleMeta {
    /// The first line of the docs.
    pub fn summary(&self) -> &'static str {
        self.docs.lines().map(str::trim).find(|line| !line.is_empty()).unwrap_or(self.name)
    }

    /// The page that explains this rule (an LSP `codeDescription`).
    pub fn url(&self) -> String {
        format!("{DOCS_BASE_URL}/{}.md", self.code)
    }

    pub fn is_opt_in(&self) -> bool {
        self.activation == Activation::OptIn
    }

    /// The documentation as Markdown for people: the doc comment without
    /// its leading space, and without the test annotations (`#  ^^^ DF001`)
    /// inside the examples.
    pub fn markdown(&self) -> String {
        let mut out = String::new();
        let mut in_code = false;
        for line in self.docs.lines() {
            let line = line.strip_prefix(' ').unwrap_or(line);
            if line.trim_start().starts_with("```") {
                in_code = !in_code;
            } else if in_code && is_annotation(line) {
                continue;
            }
            out.push_str(line);
            out.push('\n');
        }
        out.trim().to_owned()
    }

    /// The examples of the documentation: each fenced block tagged
    /// `dockerfile` or `yaml`, as written (annotations included).
    pub fn examples(&self) -> Vec<String> {
        let mut examples = Vec::new();
        let mut current: Option<String> = None;
        for line in self.docs.lines() {
            let line = line.strip_prefix(' ').unwrap_or(line);
            let fence = line.trim_start();
            match (&mut current, fence.strip_prefix("```")) {
                (None, Some(language)) if matches!(language.trim(), "dockerfile" | "yaml") => {
                    current = Some(String::new());
                }
                (Some(_), Some("")) => examples.extend(current.take()),
                (Some(text), _) => {
                    text.push_str(line);
                    text.push('\n');
                }
                (None, _) => {}
            }
        }
        examples
    }
}

/// Whether a line is a test annotation: `#`, blanks or not, then carets and
/// a rule code.
fn is_annotation(line: &str) -> bool {
    let Some(rest) = line.trim_start().strip_prefix('#') else { return false };
    let rest = rest.trim_start();
    let carets = rest.len() - rest.trim_start_matches('^').len();
    if carets == 0 {
        return false;
    }
    let code = rest[carets..].trim_start();
    code.len() >= 5
        && code[..2].chars().all(|c| c.is_ascii_uppercase())
        && code[2..5].chars().all(|c| c.is_ascii_digit())
}

/// Where the generated rule pages live (`docs/rules/` in the repository).
pub const DOCS_BASE_URL: &str = "https://github.com/dockwarden/dockwarden/blob/main/docs/rules";

/// Declares a rule's metadata with its doc comment as its documentation.
///
/// ```text
/// declare_rule! {
///     /// Final stage ends as root.
///     pub(crate) static META = {
///         code: "DF001",
///         name: "final-user-is-root",
///         severity: High,
///         practice: NeverRunAsRoot,
///         fix: Unsafe,
///         hadolint: ["DL3002"],
///     }
/// }
/// ```
#[macro_export]
macro_rules! declare_rule {
    (
        $(#[doc = $doc:literal])*
        $vis:vis static $ident:ident = {
            code: $code:literal,
            name: $name:literal,
            language: $language:ident,
            severity: $severity:ident,
            practice: $practice:ident,
            fix: $fix:ident,
            $(activation: $activation:ident,)?
            hadolint: [$($alias:literal),* $(,)?] $(,)?
        }
    ) => {
        $vis static $ident: $crate::rule::RuleMeta = $crate::rule::RuleMeta {
            code: $code,
            name: $name,
            language: $crate::rule::Language::$language,
            severity: $crate::diagnostic::Severity::$severity,
            practice: $crate::rule::Practice::$practice,
            fix: $crate::rule::FixKind::$fix,
            activation: $crate::declare_rule!(@activation $($activation)?),
            hadolint: &[$($alias),*],
            docs: concat!($($doc, "\n"),*),
        };
    };
    (@activation) => { $crate::rule::Activation::Default };
    (@activation $activation:ident) => { $crate::rule::Activation::$activation };
}

/// A rule's fixture test: `fixture_test!("latest-base-image.Dockerfile");`
/// at the end of the rule's file checks `fixtures/rules/<file>` against the
/// rule's `META` with `testing::check_fixture` and records the report as the
/// rule's `fixture` snapshot.
#[macro_export]
macro_rules! fixture_test {
    ($file:literal) => {
        #[cfg(test)]
        #[test]
        fn fixture() {
            let report = $crate::testing::check_fixture(
                &META,
                include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/../../fixtures/rules/", $file)),
            );
            insta::assert_snapshot!(report);
        }
    };
}
