//! `rules`, `explain`, `server`, and the pre-commit hooks' file pattern.

use dockwarden_analysis::files::language_of;
use dockwarden_analysis::registry::RULES;
use serde_json::Value;

use crate::support::{dockwarden, repo_root};

#[test]
fn rules_lists_the_catalog_as_a_table_and_as_json() {
    let run = dockwarden(&repo_root(), &["rules"]);
    assert_eq!(run.status, 0, "{run:?}");
    let lines: Vec<&str> = run.stdout.lines().collect();
    assert!(lines[0].starts_with("CODE") && lines[0].contains("SEVERITY"), "{}", lines[0]);
    assert_eq!(lines.len(), RULES.len() + 1);
    for (line, rule) in lines[1..].iter().zip(RULES) {
        let meta = rule.meta;
        assert!(line.starts_with(meta.code), "{line}");
        assert!(line.contains(meta.name) && line.contains(meta.severity.as_str()), "{line}");
        assert!(line.ends_with(meta.fix.as_str()), "{line}");
    }

    let run = dockwarden(&repo_root(), &["rules", "--format", "json"]);
    assert_eq!(run.status, 0, "{run:?}");
    let rules: Value = serde_json::from_str(&run.stdout).unwrap();
    let rules = rules.as_array().unwrap();
    assert_eq!(rules.len(), RULES.len());
    for (json, rule) in rules.iter().zip(RULES) {
        assert_eq!(json["code"], rule.meta.code);
        assert_eq!(json["name"], rule.meta.name);
        assert_eq!(json["severity"], rule.meta.severity.as_str());
        assert_eq!(json["fix"], rule.meta.fix.as_str());
        assert_eq!(json["opt_in"], rule.meta.is_opt_in());
        assert_eq!(json["url"], rule.meta.url());
    }
}

#[test]
fn explain_prints_the_page_committed_in_docs_rules() {
    for rule in RULES {
        for wanted in [rule.meta.code.to_owned(), rule.meta.name.to_uppercase()] {
            let run = dockwarden(&repo_root(), &["explain", &wanted]);
            assert_eq!(run.status, 0, "{run:?}");
            let committed = std::fs::read_to_string(
                repo_root().join("docs/rules").join(format!("{}.md", rule.meta.code)),
            )
            .unwrap();
            // The committed page is the printed one after its generated-file note.
            assert_eq!(committed.split_once('\n').unwrap().1, run.stdout, "{wanted}");
        }
    }
}

#[test]
fn explain_of_an_unknown_rule_suggests_the_nearest_and_exits_2() {
    let name = RULES[0].meta.name;
    let typo = &name[..name.len() - 1];
    let run = dockwarden(&repo_root(), &["explain", typo]);
    assert_eq!(run.status, 2, "{run:?}");
    assert_eq!(run.stdout, "");
    assert_eq!(run.stderr, format!("error: unknown rule `{typo}`; did you mean `{name}`?\n"));
    let run = dockwarden(&repo_root(), &["explain", "nothing-like-any-rule-at-all"]);
    assert_eq!(run.status, 2, "{run:?}");
    assert!(run.stderr.contains("`dockwarden rules` lists them"), "{run:?}");
}

#[test]
fn server_without_a_client_stops_with_status_1_and_writes_nothing() {
    // stdin is closed at once: no initialize, no shutdown, no exit. The
    // protocol round trips are tests/lsp_stdio.rs.
    let run = dockwarden(&repo_root(), &["server"]);
    assert_eq!(run.status, 1, "{run:?}");
    assert_eq!(run.stdout, "", "stdout belongs to the protocol");
    assert!(run.stderr.contains("closed the connection"), "{run:?}");
}

#[test]
fn the_pre_commit_hooks_match_exactly_the_recognised_names() {
    let hooks = std::fs::read_to_string(repo_root().join(".pre-commit-hooks.yaml")).unwrap();
    let pattern = |key: &str| -> regex::Regex {
        let line = hooks
            .lines()
            .find(|line| line.trim_start().starts_with(&format!("{key}: &")))
            .unwrap_or_else(|| panic!("no anchored `{key}:` in .pre-commit-hooks.yaml"));
        let quoted = line.split_once('\'').unwrap().1.rsplit_once('\'').unwrap().0;
        regex::Regex::new(quoted).unwrap()
    };
    let (files, exclude) = (pattern("files"), pattern("exclude"));
    assert!(hooks.contains("id: dockwarden\n") && hooks.contains("id: dockwarden-fix\n"));
    assert!(hooks.contains("entry: dockwarden check\n"));
    let names = [
        "Dockerfile",
        "dockerfile",
        "DOCKERFILE",
        "Containerfile",
        "app.Dockerfile",
        "app.dockerfile",
        "Dockerfile.dev",
        "Containerfile.prod",
        "Dockerfile.",
        ".dockerfile",
        "x.Dockerfile.dockerignore",
        "Dockerfile.dockerignore",
        "Dockerfiles",
        "MyDockerfile",
        "README",
        "compose.yaml",
        "compose.yml",
        "docker-compose.yaml",
        "docker-compose.yml",
        "compose.override.yaml",
        "docker-compose.ci.yml",
        "compose.prod.yaml",
        "compose.a.b.yml",
        "Compose.YAML",
        "composer.yaml",
        "compose.json",
        "my-compose.yaml",
        "compose..yaml",
        "compose.x..yaml",
        "compose.yaml.bak",
        "values.yaml",
    ];
    for name in names {
        for path in [name.to_owned(), format!("deploy/app/{name}")] {
            let hooked = files.is_match(&path) && !exclude.is_match(&path);
            assert_eq!(hooked, language_of(&path).is_some(), "{path}");
        }
    }
}
