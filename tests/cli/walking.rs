//! Which files `check` finds: the walk, ignore files, named files.

use crate::support::{dockwarden, project};

fn shown_files(folder: &std::path::Path, args: &[&str]) -> Vec<String> {
    let mut full = vec!["check", "--show-files"];
    full.extend(args);
    let run = dockwarden(folder, &full);
    assert_eq!(run.status, 0, "{run:?}");
    run.stdout.lines().map(str::to_owned).collect()
}

#[test]
fn the_walk_finds_recognised_names_in_hidden_folders_and_honours_gitignore() {
    let folder = project(&[
        ("Dockerfile", "FROM alpine:3.20\n"),
        ("app/api.Dockerfile", "FROM alpine:3.20\n"),
        ("app/Containerfile.prod", "FROM alpine:3.20\n"),
        ("compose.yaml", "services: {}\n"),
        ("deploy/docker-compose.override.yml", "services: {}\n"),
        (".devcontainer/Dockerfile", "FROM alpine:3.20\n"),
        // Not Dockerfiles or Compose files.
        ("app/Dockerfile.dockerignore", "*\n"),
        (".dockerignore", ".git\n"),
        ("values.yaml", "a: 1\n"),
        ("README.md", "FROM here\n"),
        // Ignored by .gitignore (no Git repository needed) and .ignore.
        (".gitignore", "build/\n*.generated.Dockerfile\n"),
        ("build/Dockerfile", "FROM alpine:3.20\n"),
        ("app/x.generated.Dockerfile", "FROM alpine:3.20\n"),
        ("vendor/.ignore", "Dockerfile\n"),
        ("vendor/Dockerfile", "FROM alpine:3.20\n"),
        // Never walked into.
        (".git/Dockerfile", "FROM alpine:3.20\n"),
        ("node_modules/pkg/Dockerfile", "FROM alpine:3.20\n"),
    ]);
    assert_eq!(
        shown_files(folder.path(), &[]),
        [
            ".devcontainer/Dockerfile",
            "Dockerfile",
            "app/Containerfile.prod",
            "app/api.Dockerfile",
            "compose.yaml",
            "deploy/docker-compose.override.yml",
        ]
    );
    // The same files when the folder is named, shown under its name.
    assert_eq!(
        shown_files(folder.path(), &["app"]),
        ["app/Containerfile.prod", "app/api.Dockerfile"]
    );
    // And checking them reports them all.
    let run = dockwarden(folder.path(), &["check"]);
    assert!(run.stdout.contains("Checked 6 files"), "{run:?}");
}

#[test]
fn named_files_are_checked_even_when_ignored_and_only_once() {
    let folder = project(&[
        (".gitignore", "build/\n"),
        ("build/Dockerfile", "FROM alpine:3.20\n"),
        ("Dockerfile", "FROM alpine:3.20\n"),
    ]);
    assert_eq!(shown_files(folder.path(), &["build/Dockerfile"]), ["build/Dockerfile"]);
    assert_eq!(
        shown_files(folder.path(), &[".", "Dockerfile", "./Dockerfile", "build/Dockerfile"]),
        ["Dockerfile", "build/Dockerfile"]
    );
}

#[test]
fn a_named_file_with_another_name_is_checked_by_its_content() {
    let folder = project(&[
        (
            "images/web.docker",
            "# syntax=docker/dockerfile:1\nFROM alpine:3.20 AS web\nUSER 10001\n",
        ),
        ("stack.yml", "services: {}\n"),
        ("notes.txt", "From here on, read the docs.\n"),
    ]);
    let run = dockwarden(folder.path(), &["check", "images/web.docker", "stack.yml", "notes.txt"]);
    assert_eq!(run.status, 0, "a skipped file is a warning, not an error: {run:?}");
    assert!(run.stdout.contains("Checked 2 files"), "{run:?}");
    assert!(
        run.stderr.contains("warning: notes.txt: not checked: neither its name nor its content"),
        "{run:?}"
    );
    assert!(!run.stderr.contains("web.docker") && !run.stderr.contains("stack.yml"), "{run:?}");
}

#[test]
fn yaml_files_mapped_to_compose_in_the_config_are_walked() {
    let folder = project(&[
        (".dockwarden.toml", "[compose]\nfiles = [\"deploy/*.yaml\"]\n"),
        ("deploy/stack.yaml", "services: {}\n"),
        ("deploy/values.json", "{}\n"),
        ("other/stack.yaml", "services: {}\n"),
    ]);
    assert_eq!(shown_files(folder.path(), &[]), ["deploy/stack.yaml"]);
    // From inside a subfolder the patterns stay relative to the config's folder.
    assert_eq!(shown_files(&folder.path().join("deploy"), &[]), ["stack.yaml"]);
}

#[test]
fn an_empty_folder_is_a_warning() {
    let folder = project(&[("README.md", "nothing here\n")]);
    let run = dockwarden(folder.path(), &["check"]);
    assert_eq!(run.status, 0, "{run:?}");
    assert!(run.stderr.contains("warning: no Dockerfile or Compose file found in ."), "{run:?}");
    assert!(run.stdout.contains("Checked 0 files: no findings."), "{run:?}");
}
