//! `dockwarden rules` (the catalog as a table or JSON) and `dockwarden
//! explain` (one rule's page). Both build strings; `main` prints them.

use std::fmt::Write as _;

use dockwarden_analysis::Language;
use dockwarden_analysis::registry::{self, RULES};
use dockwarden_analysis::rule::RuleMeta;
use serde::Serialize;

use crate::docs;

#[derive(Serialize, Debug)]
struct RuleJson {
    code: &'static str,
    name: &'static str,
    language: &'static str,
    severity: &'static str,
    practice: Option<u8>,
    practice_title: &'static str,
    fix: &'static str,
    opt_in: bool,
    hadolint: &'static [&'static str],
    summary: &'static str,
    url: String,
}

/// The catalog as an aligned table, one rule a line.
pub fn rules_table() -> String {
    let header = ["CODE", "NAME", "SEVERITY", "PRACTICE", "FIX"];
    let rows: Vec<[String; 5]> = RULES
        .iter()
        .map(|rule| {
            let meta = rule.meta;
            let name = if meta.is_opt_in() {
                format!("{} (opt-in)", meta.name)
            } else {
                meta.name.to_owned()
            };
            [
                meta.code.to_owned(),
                name,
                meta.severity.to_string(),
                docs::practice(meta),
                meta.fix.as_str().to_owned(),
            ]
        })
        .collect();
    let mut widths = header.map(str::len);
    for row in &rows {
        for (width, cell) in widths.iter_mut().zip(row) {
            *width = (*width).max(cell.chars().count());
        }
    }
    let mut out = String::new();
    let mut line = |cells: [&str; 5]| {
        let mut text = String::new();
        for (index, cell) in cells.iter().enumerate() {
            if index + 1 == cells.len() {
                text.push_str(cell);
            } else {
                let _ = write!(text, "{cell:<width$}  ", width = widths[index]);
            }
        }
        out.push_str(text.trim_end());
        out.push('\n');
    };
    line(header);
    for row in &rows {
        line([&row[0], &row[1], &row[2], &row[3], &row[4]]);
    }
    out
}

/// The catalog as a JSON array.
pub fn rules_json() -> String {
    let rules: Vec<RuleJson> = RULES
        .iter()
        .map(|rule| {
            let meta = rule.meta;
            RuleJson {
                code: meta.code,
                name: meta.name,
                language: meta.language.as_str(),
                severity: meta.severity.as_str(),
                practice: meta.practice.number(),
                practice_title: meta.practice.title(),
                fix: meta.fix.as_str(),
                opt_in: meta.is_opt_in(),
                hadolint: meta.hadolint,
                summary: meta.summary(),
                url: meta.url(),
            }
        })
        .collect();
    let mut out = serde_json::to_string_pretty(&rules).unwrap_or_else(|_| "[]".to_owned());
    out.push('\n');
    out
}

/// The page of the rule a code, name or hadolint code names; the reason,
/// with a did-you-mean, when it names none.
pub fn explain(wanted: &str) -> Result<String, String> {
    if let Some(id) = registry::find(wanted) {
        return Ok(docs::rule_page(registry::rule(id).meta));
    }
    let aliased: Vec<&RuleMeta> = [Language::Dockerfile, Language::Compose]
        .into_iter()
        .flat_map(|language| registry::hadolint_alias(wanted, language))
        .collect();
    if !aliased.is_empty() {
        let pages: Vec<String> = aliased.into_iter().map(docs::rule_page).collect();
        return Ok(pages.join("\n---\n\n"));
    }
    let hint = match registry::nearest_name(wanted) {
        Some(name) => format!("; did you mean `{name}`?"),
        None => "; `dockwarden rules` lists them".to_owned(),
    };
    Err(format!("unknown rule `{}`{hint}", wanted.trim()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn explain_finds_codes_names_and_hadolint_aliases() {
        let first = RULES[0].meta;
        assert_eq!(explain(first.code), explain(&first.name.to_uppercase()));
        assert!(explain(first.code).unwrap().contains(first.summary()));
        if let Some(alias) = RULES.iter().find_map(|rule| rule.meta.hadolint.first()) {
            assert!(explain(alias).is_ok(), "{alias}");
        }
        let typo = format!("{}x", first.name);
        assert_eq!(
            explain(&typo),
            Err(format!("unknown rule `{typo}`; did you mean `{}`?", first.name))
        );
    }

    #[test]
    fn the_table_lists_every_rule() {
        let table = rules_table();
        assert_eq!(table.lines().count(), RULES.len() + 1);
        for rule in RULES {
            assert!(table.contains(rule.meta.code) && table.contains(rule.meta.name));
        }
    }
}
