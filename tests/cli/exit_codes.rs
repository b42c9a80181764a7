//! Exit status and messages: 0 clean, 1 findings, 2 usage, configuration or
//! I/O errors; a file that cannot be checked never stops the others.

use crate::support::{dockwarden, project, write};

const CLEAN: &str = "FROM alpine:3.20\nUSER 10001\n";

#[test]
fn the_exit_status_is_0_without_findings_and_1_with() {
    let folder = project(&[("Dockerfile", CLEAN)]);
    let run = dockwarden(folder.path(), &["check"]);
    assert!(crate::oracle::findings(&folder.path().join("Dockerfile")).is_empty());
    assert_eq!(run.status, 0, "{run:?}");
    assert_eq!(run.stderr, "", "nothing to say on stderr: {run:?}");
    // Without a USER the image runs as root (DF002): a finding, exit 1.
    let folder = project(&[("Dockerfile", "FROM alpine:3.20\n")]);
    let run = dockwarden(folder.path(), &["check"]);
    assert_eq!(run.status, 1, "{run:?}");
    assert!(run.stdout.contains("DF002"), "{run:?}");
    assert_eq!(run.stderr, "", "nothing to say on stderr: {run:?}");
}

#[test]
fn usage_errors_exit_2_before_checking() {
    let folder = project(&[("Dockerfile", CLEAN)]);
    let run = dockwarden(folder.path(), &["check", "--select", "final-user-is-rot,DF01"]);
    assert_eq!(run.status, 2, "{run:?}");
    assert!(
        run.stderr.contains(
            "--select: unknown rule or prefix `final-user-is-rot` (did you mean `final-user-is-root`?)"
        ),
        "{run:?}"
    );
    assert_eq!(run.stdout, "", "nothing was checked");
    let run = dockwarden(folder.path(), &["check", "--severity", "loud"]);
    assert_eq!(run.status, 2, "{run:?}");
    let run = dockwarden(folder.path(), &["check", "--frobnicate"]);
    assert_eq!(run.status, 2, "{run:?}");
    let run = dockwarden(folder.path(), &["check", "--config", "missing.toml"]);
    assert_eq!(run.status, 2, "{run:?}");
    assert!(run.stderr.contains("missing.toml: cannot read the configuration"), "{run:?}");
}

#[test]
fn selection_flags_accept_codes_names_prefixes_and_lists() {
    let folder = project(&[("Dockerfile", CLEAN)]);
    for args in [
        &["check", "--select", "DF", "--ignore", "final-user-is-root,DF100"][..],
        &["check", "--select", "ALL", "--extend-select", "CP", "--severity", "high"],
        &["check", "--select", "df001", "--select", "CP0"],
    ] {
        let run = dockwarden(folder.path(), args);
        assert_ne!(run.status, 2, "{args:?}: {run:?}");
    }
}

#[test]
fn a_missing_path_is_an_error_and_the_others_are_still_checked() {
    let folder = project(&[("Dockerfile", CLEAN)]);
    let run = dockwarden(folder.path(), &["check", "nowhere", "Dockerfile"]);
    assert_eq!(run.status, 2, "{run:?}");
    assert!(run.stderr.contains("error: nowhere: no such file or folder"), "{run:?}");
    assert!(run.stdout.contains("Checked 1 file:"), "{run:?}");
}

#[test]
fn a_broken_config_is_located_its_defaults_apply_and_the_run_exits_2() {
    let folder = project(&[
        (".dockwarden.toml", "select = [\"DF\"\nignore = 3\n"),
        ("Dockerfile", CLEAN),
        ("sub/.dockwarden.toml", "ignore = [\"DF999\"]\n"),
        ("sub/compose.yaml", "services: {}\n"),
    ]);
    let run = dockwarden(folder.path(), &["check"]);
    assert_eq!(run.status, 2, "{run:?}");
    // TOML syntax error: the file's place, and that the defaults are used.
    assert!(run.stderr.contains("error: .dockwarden.toml:2:1: "), "{run:?}");
    assert!(run.stderr.contains("using the defaults"), "{run:?}");
    // An unknown rule: its place in the nested config.
    assert!(
        run.stderr.contains("error: sub/.dockwarden.toml:1:11: unknown rule or prefix `DF999`"),
        "{run:?}"
    );
    // Both files were still checked.
    assert!(run.stdout.contains("Checked 2 files"), "{run:?}");
    // Each broken config is reported once, however many files it covers.
    assert_eq!(run.stderr.matches("sub/.dockwarden.toml").count(), 1, "{run:?}");
}

#[test]
fn an_explicit_config_replaces_discovery() {
    let folder = project(&[
        (".dockwarden.toml", "selekt = []\n"),
        ("ci/dockwarden.toml", "severity = \"high\"\n"),
        ("Dockerfile", CLEAN),
    ]);
    let run = dockwarden(folder.path(), &["check", "--config", "ci/dockwarden.toml"]);
    assert_ne!(run.status, 2, "the broken discovered config is not read: {run:?}");
    assert_eq!(run.stderr, "", "{run:?}");
    let run = dockwarden(folder.path(), &["check"]);
    assert_eq!(run.status, 2, "{run:?}");
    assert!(run.stderr.contains(".dockwarden.toml:1:1: unknown field `selekt`"), "{run:?}");
}

#[test]
fn unreadable_non_utf8_and_huge_files_are_messages_and_the_others_are_checked() {
    let folder = project(&[("good/Dockerfile", CLEAN)]);
    write(folder.path(), "latin1/Dockerfile", b"FROM alpine\nLABEL author=\"Ren\xe9\"\n");
    // A sparse file one byte over the limit: large on paper, cheap on disk.
    let huge = std::fs::File::create(folder.path().join("huge.Dockerfile")).unwrap();
    huge.set_len(dockwarden_analysis::text::MAX_FILE_SIZE as u64 + 1).unwrap();
    // A named file whose link leads nowhere cannot be read (even by root).
    std::os::unix::fs::symlink("missing", folder.path().join("dangling.Dockerfile")).unwrap();

    let run = dockwarden(folder.path(), &["check", ".", "dangling.Dockerfile"]);
    assert_eq!(run.status, 2, "{run:?}");
    assert!(
        run.stderr
            .contains("error: latin1/Dockerfile: not valid UTF-8 (first bad byte at offset 29)"),
        "{run:?}"
    );
    assert!(
        run.stderr.contains("error: huge.Dockerfile: larger than 64 MiB; not checked"),
        "{run:?}"
    );
    assert!(run.stderr.contains("error: dangling.Dockerfile: no such file or folder"), "{run:?}");
    assert!(run.stdout.contains("Checked 1 file:"), "only good/Dockerfile: {run:?}");
    assert!(!run.stderr.contains("panicked"), "{run:?}");
}

#[test]
fn messages_are_coloured_only_when_asked() {
    let folder = project(&[]);
    let coloured = dockwarden(folder.path(), &["--color", "always", "check", "nowhere"]);
    assert!(coloured.stderr.contains("\u{1b}["), "{coloured:?}");
    let plain = dockwarden(folder.path(), &["--color", "never", "check", "nowhere"]);
    assert!(!plain.stderr.contains('\u{1b}'), "{plain:?}");
    // `auto` on a pipe is plain; NO_COLOR keeps it plain even when forced by CLICOLOR_FORCE.
    let auto = dockwarden(folder.path(), &["check", "nowhere"]);
    assert!(!auto.stderr.contains('\u{1b}'), "{auto:?}");
    let no_color = crate::support::dockwarden_with_env(
        folder.path(),
        &["check", "nowhere"],
        &[("NO_COLOR", "1"), ("CLICOLOR_FORCE", "1")],
    );
    assert!(!no_color.stderr.contains('\u{1b}'), "{no_color:?}");
    let forced = crate::support::dockwarden_with_env(
        folder.path(),
        &["check", "nowhere"],
        &[("CLICOLOR_FORCE", "1")],
    );
    assert!(forced.stderr.contains('\u{1b}'), "{forced:?}");
}

#[test]
fn logging_goes_to_stderr_only() {
    let folder = project(&[("Dockerfile", CLEAN)]);
    let quiet = dockwarden(folder.path(), &["check", "--format", "json"]);
    let verbose = dockwarden(folder.path(), &["-vv", "check", "--format", "json"]);
    assert_eq!(quiet.stdout, verbose.stdout);
    assert!(verbose.stderr.contains("checking"), "{verbose:?}");
    let by_variable = crate::support::dockwarden_with_env(
        folder.path(),
        &["check", "--format", "json"],
        &[("DOCKWARDEN_LOG", "debug")],
    );
    assert_eq!(quiet.stdout, by_variable.stdout);
    assert!(by_variable.stderr.contains("checking"), "{by_variable:?}");
}
