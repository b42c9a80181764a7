//! `--fix` writes what fix-all makes, atomically, and nothing else;
//! `--diff` shows the same change and writes nothing.

use std::fs;
use std::path::Path;

use crate::oracle;
use crate::support::{dockwarden, repo_root};

/// A copy of the example project to fix.
fn example_copy() -> tempfile::TempDir {
    let folder = tempfile::tempdir().unwrap();
    for entry in fs::read_dir(repo_root().join("fixtures/example")).unwrap() {
        let entry = entry.unwrap();
        fs::copy(entry.path(), folder.path().join(entry.file_name())).unwrap();
    }
    folder
}

fn snapshot(folder: &Path) -> Vec<(String, Vec<u8>)> {
    let mut files: Vec<(String, Vec<u8>)> = fs::read_dir(folder)
        .unwrap()
        .map(|entry| {
            let entry = entry.unwrap();
            (entry.file_name().to_string_lossy().into_owned(), fs::read(entry.path()).unwrap())
        })
        .collect();
    files.sort();
    files
}

#[test]
fn diff_writes_nothing_and_exits_1_only_when_fixes_would_change_a_file() {
    for unsafe_fixes in [false, true] {
        let folder = example_copy();
        let before = snapshot(folder.path());
        let mut args = vec!["check", "--diff"];
        if unsafe_fixes {
            args.push("--unsafe-fixes");
        }
        let run = dockwarden(folder.path(), &args);
        assert_eq!(snapshot(folder.path()), before, "--diff wrote a file");
        let changed: Vec<&str> = ["Dockerfile", "compose.yaml"]
            .into_iter()
            .filter(|file| {
                let path = folder.path().join(file);
                oracle::fixed_text(&path, unsafe_fixes) != fs::read_to_string(&path).unwrap()
            })
            .collect();
        assert_eq!(run.status, if changed.is_empty() { 0 } else { 1 }, "{run:?}");
        for file in ["Dockerfile", "compose.yaml"] {
            let header = format!("--- a/{file}\n+++ b/{file}\n");
            assert_eq!(run.stdout.contains(&header), changed.contains(&file), "{run:?}");
        }
        if changed.is_empty() {
            assert_eq!(run.stdout, "");
            assert_eq!(run.stderr, "No fixes to apply.\n");
        }
    }
}

#[test]
fn fix_writes_what_fix_all_makes_and_a_second_run_changes_nothing() {
    for unsafe_fixes in [false, true] {
        let folder = example_copy();
        let expected: Vec<(String, String)> = ["Dockerfile", "compose.yaml"]
            .into_iter()
            .map(|file| {
                (file.to_owned(), oracle::fixed_text(&folder.path().join(file), unsafe_fixes))
            })
            .collect();
        let mut args = vec!["check", "--fix"];
        if unsafe_fixes {
            args.push("--unsafe-fixes");
        }
        let run = dockwarden(folder.path(), &args);
        assert_ne!(run.status, 2, "{run:?}");
        for (file, text) in &expected {
            assert_eq!(&fs::read_to_string(folder.path().join(file)).unwrap(), text, "{file}");
        }
        // What is left is reported, and the fixed files parse no worse: no
        // correctness finding (syntax, schema) that the original lacked.
        for (file, _) in &expected {
            let after = oracle::report(&folder.path().join(file)).1;
            let broken = after
                .diagnostics
                .iter()
                .filter(|d| d.rule.practice == dockwarden_analysis::rule::Practice::Correctness)
                .count();
            let original = oracle::report(&repo_root().join("fixtures/example").join(file)).1;
            let broken_before = original
                .diagnostics
                .iter()
                .filter(|d| d.rule.practice == dockwarden_analysis::rule::Practice::Correctness)
                .count();
            assert!(broken <= broken_before, "{file} parses worse after --fix");
        }
        let remaining: usize = expected
            .iter()
            .map(|(file, _)| oracle::findings(&folder.path().join(file)).len())
            .sum();
        assert_eq!(run.status, if remaining == 0 { 0 } else { 1 }, "{run:?}");
        assert!(run.stdout.lines().last().unwrap().starts_with("Fixed "), "{run:?}");

        let before = snapshot(folder.path());
        let again = dockwarden(folder.path(), &args);
        assert_eq!(snapshot(folder.path()), before, "a second --fix changed a file");
        assert!(again.stdout.lines().last().unwrap().starts_with("Fixed 0 findings in 0 files."));
        // No temporary file is left behind.
        assert_eq!(
            before.len(),
            4,
            "{:?}",
            before.iter().map(|(name, _)| name).collect::<Vec<_>>()
        );
    }
}
