//! The rule pages: `dockwarden explain` prints one, and `docs/rules/` holds
//! them all (one `CODE.md` per rule and a `README.md` index), generated from
//! the rules' doc comments and metadata. The generator runs in this module's
//! test, which fails when the committed files differ from what it makes;
//! `DOCKWARDEN_UPDATE_DOCS=1 cargo test -p dockwarden rule_pages` rewrites them.

use std::fmt::Write as _;

use dockwarden_analysis::Language;
use dockwarden_analysis::rule::{Activation, RuleMeta};

/// A rule's doc comment as Markdown for people (test annotations removed
/// from its examples).
pub fn docs_markdown(meta: &RuleMeta) -> String {
    meta.markdown()
}

/// A rule's page, as `explain` prints it and `docs/rules/CODE.md` holds it
/// (after the generated-file note).
pub fn rule_page(meta: &RuleMeta) -> String {
    let docs = docs_markdown(meta);
    // The first paragraph is the summary; the table follows it.
    let (summary, body) = match docs.split_once("\n\n") {
        Some((summary, body)) => (summary.trim(), body.trim()),
        None => (docs.as_str(), ""),
    };
    let mut page = String::new();
    let _ = writeln!(page, "# {} `{}`\n", meta.code, meta.name);
    let _ = writeln!(page, "{summary}\n");
    page.push_str("| | |\n|---|---|\n");
    let _ = writeln!(page, "| Code | `{}` |", meta.code);
    let _ = writeln!(page, "| Name | `{}` |", meta.name);
    let _ = writeln!(page, "| Checks | {} |", language_title(meta.language));
    let _ = writeln!(page, "| Default severity | {} |", meta.severity);
    let _ = writeln!(page, "| Practice | {} |", practice(meta));
    let _ = writeln!(page, "| Quick fix | {} |", meta.fix.as_str());
    let enabled = match meta.activation {
        Activation::Default => "by default",
        Activation::OptIn => "opt-in: select it by code or name",
    };
    let _ = writeln!(page, "| Enabled | {enabled} |");
    if !meta.hadolint.is_empty() {
        let _ = writeln!(page, "| hadolint | {} |", meta.hadolint.join(", "));
    }
    if !body.is_empty() {
        let _ = writeln!(page, "\n{body}");
    }
    let _ = writeln!(
        page,
        "\nTo silence it on one {place}, put `# dockwarden ignore={} -- reason` on the line \
         above; for the whole file, `# dockwarden global ignore={}`.",
        meta.code,
        meta.code,
        place = match meta.language {
            Language::Dockerfile => "instruction",
            Language::Compose => "key",
        },
    );
    page
}

/// The practice, as RULES.md numbers it: `2. never run as root`.
pub fn practice(meta: &RuleMeta) -> String {
    match meta.practice.number() {
        Some(number) => format!("{number}. {}", meta.practice.title()),
        None => meta.practice.title().to_owned(),
    }
}

fn language_title(language: Language) -> &'static str {
    match language {
        Language::Dockerfile => "Dockerfiles",
        Language::Compose => "Compose files",
    }
}

#[cfg(test)]
mod tests {
    //! The generator of `docs/rules/`, and the test that keeps it fresh.

    use std::collections::BTreeSet;
    use std::fs;
    use std::path::PathBuf;

    use dockwarden_analysis::registry::RULES;

    use super::*;

    /// The first line of every generated file.
    const GENERATED_NOTE: &str = "<!-- Generated from the rule's doc comment and metadata by \
    `dockwarden`; do not edit. Regenerate: DOCKWARDEN_UPDATE_DOCS=1 cargo test -p dockwarden -->";

    /// The index of every rule, `docs/rules/README.md`.
    fn index_page() -> String {
        let mut page = String::new();
        page.push_str("# Rules\n\n");
        page.push_str(
            "Every rule dockwarden has, by code. Each page says what the rule flags, why it \
             matters and how to fix it; `dockwarden explain CODE` prints the same page in a \
             terminal, and `dockwarden rules` lists the catalog.\n",
        );
        for (language, title) in
            [(Language::Dockerfile, "Dockerfile rules"), (Language::Compose, "Compose rules")]
        {
            let _ = writeln!(page, "\n## {title}\n");
            page.push_str("| Code | Name | Summary | Severity | Practice | Fix |\n");
            page.push_str("|---|---|---|---|---|---|\n");
            for meta in RULES.iter().map(|rule| rule.meta).filter(|meta| meta.language == language)
            {
                let opt_in = if meta.is_opt_in() { " (opt-in)" } else { "" };
                let _ = writeln!(
                    page,
                    "| [{code}]({code}.md) | `{}`{opt_in} | {} | {} | {} | {} |",
                    meta.name,
                    meta.summary().replace('|', "\\|"),
                    meta.severity,
                    practice(meta),
                    meta.fix.as_str(),
                    code = meta.code,
                );
            }
        }
        page
    }

    /// Every generated file under `docs/rules/`: its name and its content.
    fn generated_files() -> Vec<(String, String)> {
        let mut files =
            vec![("README.md".to_owned(), format!("{GENERATED_NOTE}\n{}", index_page()))];
        for rule in RULES {
            let content = format!("{GENERATED_NOTE}\n{}", rule_page(rule.meta));
            files.push((format!("{}.md", rule.meta.code), content));
        }
        files
    }

    /// STYLE.md point 12: the committed pages are what the code generates.
    #[test]
    fn rule_pages_in_docs_rules_are_fresh() {
        let folder = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../docs/rules");
        let generated = generated_files();
        if std::env::var_os("DOCKWARDEN_UPDATE_DOCS").is_some() {
            fs::create_dir_all(&folder).unwrap();
            for entry in fs::read_dir(&folder).unwrap() {
                let path = entry.unwrap().path();
                if path.extension().is_some_and(|extension| extension == "md") {
                    fs::remove_file(path).unwrap();
                }
            }
            for (name, content) in &generated {
                fs::write(folder.join(name), content).unwrap();
            }
            return;
        }
        let mut stale = Vec::new();
        for (name, content) in &generated {
            match fs::read_to_string(folder.join(name)) {
                Ok(committed) if committed == *content => {}
                Ok(_) => stale.push(format!("{name} differs")),
                Err(_) => stale.push(format!("{name} is missing")),
            }
        }
        let expected: BTreeSet<&str> = generated.iter().map(|(name, _)| name.as_str()).collect();
        if let Ok(entries) = fs::read_dir(&folder) {
            for entry in entries.flatten() {
                let name = entry.file_name().to_string_lossy().into_owned();
                if name.ends_with(".md") && !expected.contains(name.as_str()) {
                    stale.push(format!("{name} is for no rule"));
                }
            }
        }
        assert!(
            stale.is_empty(),
            "docs/rules/ is out of date ({}).\nRegenerate it with: \
             DOCKWARDEN_UPDATE_DOCS=1 cargo test -p dockwarden rule_pages",
            stale.join(", ")
        );
    }

    #[test]
    fn every_rule_has_a_page_with_its_metadata_and_docs() {
        for rule in RULES {
            let page = rule_page(rule.meta);
            assert!(page.starts_with(&format!("# {} `{}`", rule.meta.code, rule.meta.name)));
            assert!(page.contains(rule.meta.summary()), "{}", rule.meta.code);
            assert!(page.contains(&format!("| Default severity | {} |", rule.meta.severity)));
            assert!(index_page().contains(&format!("[{0}]({0}.md)", rule.meta.code)));
        }
    }
}
