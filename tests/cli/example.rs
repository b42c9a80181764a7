//! `fixtures/example`, the README's main command: `dockwarden check
//! fixtures/example` from the repository's root.

use crate::oracle;
use crate::support::{dockwarden, repo_root};

#[test]
fn the_example_project_is_checked_from_the_repository_root() {
    let root = repo_root();
    let run = dockwarden(&root, &["check", "fixtures/example"]);
    let files = ["fixtures/example/Dockerfile", "fixtures/example/compose.yaml"];
    let expected: usize = files.iter().map(|file| oracle::findings(&root.join(file)).len()).sum();
    // The example is insecure on purpose: each milestone rule shows on it.
    assert_eq!(run.status, 1, "{run:?}");
    for code in ["DF001", "DF014", "DF019", "DF032", "CP001", "CP002", "CP012", "CP019", "CP027"] {
        assert!(
            run.stdout.contains(&format!(": {code} [")),
            "{code} should fire on the example: {run:?}"
        );
    }
    let summary = run.stdout.lines().last().unwrap();
    assert!(summary.starts_with("Checked 2 files: "), "{summary}");
    assert!(summary.contains(&format!("{expected} finding")), "{summary}");
    for file in files {
        assert!(run.stdout.contains(&format!("{file}:")), "{file} has findings: {run:?}");
    }
    assert_eq!(run.stderr, "", "{run:?}");
}
