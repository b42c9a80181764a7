//! The rule registry: one line per rule, and lookups by code, name, prefix
//! and hadolint alias.

use crate::compose::{self, ComposeContext};
use crate::diagnostic::Diagnostic;
use crate::dockerfile::{self, DockerfileContext};
use crate::rule::{Language, RuleMeta};

/// A rule's check, by the language it reads.
#[derive(Clone, Copy)]
pub enum Check {
    Dockerfile(fn(&DockerfileContext<'_>, &mut Vec<Diagnostic>)),
    Compose(fn(&ComposeContext<'_>, &mut Vec<Diagnostic>)),
}

impl std::fmt::Debug for Check {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Check::Dockerfile(_) => "Check::Dockerfile",
            Check::Compose(_) => "Check::Compose",
        })
    }
}

/// A rule: what it is and how it checks.
#[derive(Debug)]
pub struct Rule {
    pub meta: &'static RuleMeta,
    pub check: Check,
}

/// A rule's index in [`RULES`].
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Debug)]
pub struct RuleId(u16);

impl RuleId {
    pub fn index(self) -> usize {
        usize::from(self.0)
    }
}

macro_rules! dockerfile_rule {
    ($module:ident) => {
        Rule {
            meta: &dockerfile::rules::$module::META,
            check: Check::Dockerfile(dockerfile::rules::$module::check),
        }
    };
}

macro_rules! compose_rule {
    ($module:ident) => {
        Rule {
            meta: &compose::rules::$module::META,
            check: Check::Compose(compose::rules::$module::check),
        }
    };
}

/// Every rule, in code order.
pub static RULES: &[Rule] = &[
    // Dockerfile
    dockerfile_rule!(final_user_is_root),
    dockerfile_rule!(missing_user),
    dockerfile_rule!(copy_from_unknown_stage),
    dockerfile_rule!(untagged_base_image),
    dockerfile_rule!(latest_base_image),
    dockerfile_rule!(secret_in_arg_or_env),
    // Dockerfile correctness
    dockerfile_rule!(syntax_error),
    dockerfile_rule!(unknown_instruction),
    dockerfile_rule!(invalid_flag),
    dockerfile_rule!(undefined_variable),
    dockerfile_rule!(instruction_before_from),
    // Compose
    compose_rule!(privileged_service),
    compose_rule!(capabilities_not_dropped),
    compose_rule!(runtime_socket_mounted),
    compose_rule!(secret_in_environment),
    compose_rule!(port_bound_to_all_interfaces),
    // Compose correctness
    compose_rule!(yaml_syntax_error),
    compose_rule!(unknown_key),
    compose_rule!(invalid_value),
    compose_rule!(undefined_reference),
    compose_rule!(duplicate_key),
];

/// The rule with this index.
pub fn rule(id: RuleId) -> &'static Rule {
    &RULES[id.index()]
}

/// The id of a rule's metadata.
pub fn id_of(meta: &RuleMeta) -> Option<RuleId> {
    RULES.iter().position(|rule| std::ptr::eq(rule.meta, meta)).map(|index| RuleId(index as u16))
}

/// Finds a rule by its code or name, in any case.
pub fn find(code_or_name: &str) -> Option<RuleId> {
    let wanted = code_or_name.trim();
    RULES
        .iter()
        .position(|rule| {
            rule.meta.code.eq_ignore_ascii_case(wanted)
                || rule.meta.name.eq_ignore_ascii_case(wanted)
        })
        .map(|index| RuleId(index as u16))
}

/// The rules whose code starts with `prefix` (`DF`, `CP0`), or all for `ALL`.
pub fn matching_prefix(prefix: &str) -> Vec<RuleId> {
    let prefix = prefix.trim();
    if prefix.is_empty() {
        return Vec::new();
    }
    let all = prefix.eq_ignore_ascii_case("ALL");
    RULES
        .iter()
        .enumerate()
        .filter(|(_, rule)| {
            all || rule
                .meta
                .code
                .get(..prefix.len())
                .is_some_and(|head| head.eq_ignore_ascii_case(prefix))
        })
        .map(|(index, _)| RuleId(index as u16))
        .collect()
}

/// The rules a hadolint code stands for in a language (`DL3002` is DF001;
/// `DL3026` is DF026 in a Dockerfile and CP040 in Compose).
pub fn hadolint_alias(code: &str, language: Language) -> Vec<&'static RuleMeta> {
    RULES
        .iter()
        .filter(|rule| rule.meta.language == language)
        .filter(|rule| {
            rule.meta.hadolint.iter().any(|alias| alias.eq_ignore_ascii_case(code.trim()))
        })
        .map(|rule| rule.meta)
        .collect()
}

/// The code or name closest to a misspelling, when one is close enough.
pub fn nearest_name(text: &str) -> Option<&'static str> {
    let candidates = RULES.iter().flat_map(|rule| [rule.meta.code, rule.meta.name]);
    crate::spelling::nearest(text, candidates)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn codes_and_names_are_unique_and_well_formed() {
        let mut seen = HashSet::new();
        for rule in RULES {
            let meta = rule.meta;
            assert!(seen.insert(meta.code), "duplicate code {}", meta.code);
            assert!(seen.insert(meta.name), "duplicate name {}", meta.name);
            let prefix = match meta.language {
                Language::Dockerfile => "DF",
                Language::Compose => "CP",
            };
            assert!(meta.code.starts_with(prefix) && meta.code.len() == 5, "{}", meta.code);
            assert!(meta.name.chars().all(|c| c.is_ascii_lowercase() || c == '-'), "{}", meta.name);
            assert!(!meta.docs.trim().is_empty(), "{} has no docs", meta.code);
            let check_language = match rule.check {
                Check::Dockerfile(_) => Language::Dockerfile,
                Check::Compose(_) => Language::Compose,
            };
            assert_eq!(check_language, meta.language, "{}", meta.code);
        }
    }

    #[test]
    fn rules_are_in_code_order_dockerfile_first() {
        let key = |rule: &Rule| (rule.meta.language == Language::Compose, rule.meta.code);
        assert!(RULES.windows(2).all(|pair| key(&pair[0]) < key(&pair[1])));
    }

    /// Every rule's documentation runs its examples as tests: an example
    /// fires exactly where its annotations say, and stays silent elsewhere.
    #[test]
    fn documentation_examples_hold() {
        for rule in RULES {
            let examples = rule.meta.examples();
            let fires =
                examples.iter().any(|example| example.contains(&format!(" {}", rule.meta.code)));
            assert!(fires, "{}: the docs need an example that fires", rule.meta.code);
            for example in examples {
                for case in crate::testing::parse_fixture(&example) {
                    crate::testing::check_case(rule.meta, &case);
                }
            }
            let markdown = rule.meta.markdown();
            assert!(
                !markdown.contains("#^") && !markdown.contains(&format!("^ {}", rule.meta.code)),
                "{}",
                rule.meta.code
            );
        }
    }

    #[test]
    fn lookups() {
        assert_eq!(find("df001"), find("final-user-is-root"));
        assert!(find("DF999").is_none());
        assert_eq!(matching_prefix("ALL").len(), RULES.len());
        assert!(matching_prefix("DF").iter().all(|id| rule(*id).meta.code.starts_with("DF")));
        assert_eq!(hadolint_alias("dl3002", Language::Dockerfile)[0].code, "DF001");
    }
}
