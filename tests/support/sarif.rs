//! A structural check of a SARIF 2.1.0 log: what the specification requires
//! and GitHub code scanning reads. Returns every violation found.

use std::collections::HashSet;

use serde_json::Value;

const LEVELS: &[&str] = &["none", "note", "warning", "error"];

/// The ways `log` breaks SARIF 2.1.0; empty when it keeps it.
pub fn violations(log: &Value) -> Vec<String> {
    let mut found = Vec::new();
    let mut check = |ok: bool, what: String| {
        if !ok {
            found.push(what);
        }
    };
    check(log["version"] == "2.1.0", "version is not 2.1.0".into());
    check(
        log["$schema"].as_str().is_some_and(|schema| schema.contains("sarif")),
        "$schema does not name the SARIF schema".into(),
    );
    let Some(runs) = log["runs"].as_array() else {
        return vec!["runs is not an array".into()];
    };
    check(!runs.is_empty(), "no run".into());
    for (run_index, run) in runs.iter().enumerate() {
        let at = format!("runs[{run_index}]");
        let driver = &run["tool"]["driver"];
        check(
            driver["name"].as_str().is_some_and(|name| !name.is_empty()),
            format!("{at}.tool.driver.name is missing"),
        );
        check(driver["version"].is_string(), format!("{at}.tool.driver.version is missing"));
        check(
            driver["informationUri"].is_string(),
            format!("{at}.tool.driver.informationUri is missing"),
        );
        if let Some(kind) = run.get("columnKind") {
            check(
                kind == "utf16CodeUnits" || kind == "unicodeCodePoints",
                format!("{at}.columnKind is {kind}"),
            );
        }
        let rules = driver["rules"].as_array().cloned().unwrap_or_default();
        let mut ids = HashSet::new();
        for (index, rule) in rules.iter().enumerate() {
            let rule_at = format!("{at}.tool.driver.rules[{index}]");
            match rule["id"].as_str() {
                Some(id) => {
                    check(ids.insert(id.to_owned()), format!("{rule_at}: duplicate id {id}"))
                }
                None => check(false, format!("{rule_at}.id is missing")),
            }
            check(
                rule["shortDescription"]["text"].as_str().is_some_and(|text| !text.is_empty()),
                format!("{rule_at}.shortDescription.text is missing"),
            );
            check(rule["helpUri"].is_string(), format!("{rule_at}.helpUri is missing"));
            let level = rule["defaultConfiguration"]["level"].as_str().unwrap_or("");
            check(
                LEVELS.contains(&level),
                format!("{rule_at}.defaultConfiguration.level is `{level}`"),
            );
        }
        let bases = &run["originalUriBaseIds"];
        let Some(results) = run["results"].as_array() else {
            check(false, format!("{at}.results is not an array"));
            continue;
        };
        for (index, result) in results.iter().enumerate() {
            let result_at = format!("{at}.results[{index}]");
            let rule_id = result["ruleId"].as_str().unwrap_or("");
            check(ids.contains(rule_id), format!("{result_at}.ruleId `{rule_id}` is not a rule"));
            if let Some(rule_index) = result.get("ruleIndex") {
                let named = rule_index.as_u64().and_then(|i| rules.get(i as usize));
                check(
                    named.is_some_and(|rule| rule["id"] == rule_id),
                    format!("{result_at}.ruleIndex {rule_index} is not rule {rule_id}"),
                );
            }
            let level = result["level"].as_str().unwrap_or("warning");
            check(LEVELS.contains(&level), format!("{result_at}.level is `{level}`"));
            check(
                result["message"]["text"].as_str().is_some_and(|text| !text.is_empty()),
                format!("{result_at}.message.text is missing"),
            );
            let locations = result["locations"].as_array().cloned().unwrap_or_default();
            check(!locations.is_empty(), format!("{result_at} has no location"));
            for location in &locations {
                let physical = &location["physicalLocation"];
                physical_location(physical, bases, &result_at, &mut check);
            }
            for related in result["relatedLocations"].as_array().into_iter().flatten() {
                physical_location(&related["physicalLocation"], bases, &result_at, &mut check);
            }
            for suppression in result["suppressions"].as_array().into_iter().flatten() {
                let kind = suppression["kind"].as_str().unwrap_or("");
                check(
                    kind == "inSource" || kind == "external",
                    format!("{result_at}: suppression kind `{kind}`"),
                );
            }
            for fix in result["fixes"].as_array().into_iter().flatten() {
                let changes = fix["artifactChanges"].as_array().cloned().unwrap_or_default();
                check(!changes.is_empty(), format!("{result_at}: a fix without artifactChanges"));
                for change in &changes {
                    check(
                        change["artifactLocation"]["uri"].is_string(),
                        format!("{result_at}: a fix's artifactLocation has no uri"),
                    );
                    let replacements =
                        change["replacements"].as_array().cloned().unwrap_or_default();
                    check(
                        !replacements.is_empty(),
                        format!("{result_at}: a change without replacements"),
                    );
                    for replacement in &replacements {
                        region(&replacement["deletedRegion"], &result_at, &mut check);
                    }
                }
            }
        }
    }
    found
}

fn physical_location(
    physical: &Value,
    bases: &Value,
    at: &str,
    check: &mut impl FnMut(bool, String),
) {
    let artifact = &physical["artifactLocation"];
    check(
        artifact["uri"].as_str().is_some_and(|uri| !uri.is_empty() && !uri.contains(' ')),
        format!("{at}: artifactLocation.uri is missing or not encoded: {artifact}"),
    );
    if let Some(base) = artifact["uriBaseId"].as_str() {
        check(bases.get(base).is_some(), format!("{at}: uriBaseId {base} is not declared"));
    }
    if let Some(found) = physical.get("region") {
        region(found, at, check);
    }
}

/// Regions are one-based and do not end before they start.
fn region(region: &Value, at: &str, check: &mut impl FnMut(bool, String)) {
    let number = |key: &str| region[key].as_u64();
    let (Some(start_line), Some(start_column), Some(end_line), Some(end_column)) =
        (number("startLine"), number("startColumn"), number("endLine"), number("endColumn"))
    else {
        check(false, format!("{at}: region lacks a line or column: {region}"));
        return;
    };
    check(start_line >= 1 && start_column >= 1, format!("{at}: region is not one-based: {region}"));
    check(
        end_line > start_line || (end_line == start_line && end_column >= start_column),
        format!("{at}: region ends before it starts: {region}"),
    );
}
