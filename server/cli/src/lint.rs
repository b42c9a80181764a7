//! Checking one file: read it (refusing what the analysis cannot take),
//! read the side files its rules want, run the analysis, and with `--fix`
//! write the fixed text back atomically.

use std::fs;
use std::io::{self, Read as _, Write as _};
use std::path::Path;

use dockwarden_analysis::fix_all::fix_all;
use dockwarden_analysis::text::MAX_FILE_SIZE;
use dockwarden_analysis::{Language, Report, SideFiles, check_source, side_files_wanted};

use crate::discover::{Target, describe_io_error, looks_like_dockerfile};
use crate::problem::Problem;

/// What `check` does with the fixes.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Mode {
    /// Report only.
    Check,
    /// Apply the fixes bulk fixing allows, write, then report what is left.
    Fix,
    /// Work out what the fixes would change, and write nothing.
    Diff,
}

/// One checked file.
#[derive(Debug)]
pub struct Checked {
    pub shown: String,
    /// The text as it is now: after fixing, with `--fix`.
    pub text: String,
    /// With `--diff`, the text the fixes would give when it differs.
    pub fixed_text: Option<String>,
    /// The findings in `text`.
    pub report: Report,
    /// The side files that were read, for places in them.
    pub side_files: SideFiles,
    /// Fixes applied (`--fix`) or that would be (`--diff`).
    pub fixes_applied: usize,
    /// Whether bulk fixing may apply unsafe fixes for this file.
    pub unsafe_fixes: bool,
}

/// Checks one file. A file that cannot be checked gives a problem instead;
/// a fixed file that cannot be written gives both its findings and a problem.
pub fn lint(target: &Target, mode: Mode) -> (Option<Checked>, Vec<Problem>) {
    let text = match read_source(&target.path) {
        Ok(text) => text,
        Err(reason) => {
            return (None, vec![Problem::error(format!("{}: {reason}", target.shown))]);
        }
    };
    let language = match target.language {
        Some(language) => language,
        None if looks_like_dockerfile(&text) => Language::Dockerfile,
        None => {
            let message = format!(
                "{}: not checked: neither its name nor its content says Dockerfile or Compose \
                 (name it `Dockerfile`, `*.Dockerfile` or `compose.yaml`, or map it with \
                 `[compose] files` in .dockwarden.toml)",
                target.shown
            );
            return (None, vec![Problem::warning(message)]);
        }
    };
    let file_name = target.path.file_name().map(|name| name.to_string_lossy()).unwrap_or_default();
    let folder = target.path.parent().unwrap_or(Path::new("."));
    let mut side_files = SideFiles::new();
    for relative in side_files_wanted(language, &file_name, &text) {
        let path = folder.join(&relative);
        if path.is_file() {
            match read_source(&path) {
                Ok(side_text) => side_files.insert(relative, side_text),
                Err(reason) => {
                    tracing::warn!(path = %path.display(), "side file skipped: {reason}")
                }
            }
        }
    }
    let settings = target.config.settings_for(&target.absolute);
    let unsafe_fixes = settings.unsafe_fixes;
    let mut problems = Vec::new();
    let mut checked = Checked {
        shown: target.shown.clone(),
        text,
        fixed_text: None,
        report: Report::default(),
        side_files,
        fixes_applied: 0,
        unsafe_fixes,
    };
    if mode != Mode::Check {
        let outcome =
            fix_all(language, &checked.text, &settings, &checked.side_files, unsafe_fixes);
        if !outcome.converged {
            tracing::warn!(path = %target.shown, "fixes did not settle after {} rounds", outcome.rounds);
        }
        if outcome.text != checked.text {
            checked.fixes_applied = outcome.applied;
            if mode == Mode::Diff {
                checked.fixed_text = Some(outcome.text);
            } else {
                match write_atomically(&target.path, &outcome.text) {
                    Ok(()) => checked.text = outcome.text,
                    Err(error) => {
                        checked.fixes_applied = 0;
                        problems.push(Problem::error(format!(
                            "{}: cannot write the fixes: {}",
                            target.shown,
                            describe_io_error(&error)
                        )));
                    }
                }
            }
        }
    }
    if mode != Mode::Diff {
        checked.report = check_source(language, &checked.text, &settings, &checked.side_files);
    }
    (Some(checked), problems)
}

/// Reads a file the analysis can take: a regular file, at most
/// [`MAX_FILE_SIZE`] bytes, in UTF-8. The reason otherwise.
pub fn read_source(path: &Path) -> Result<String, String> {
    // Look before opening: opening a FIFO would wait for a writer.
    let metadata = fs::metadata(path).map_err(|error| describe_io_error(&error))?;
    if !metadata.is_file() {
        return Err("not a regular file".to_owned());
    }
    let file = fs::File::open(path).map_err(|error| describe_io_error(&error))?;
    let too_large = || format!("larger than {} MiB; not checked", MAX_FILE_SIZE / (1024 * 1024));
    if metadata.len() > MAX_FILE_SIZE as u64 {
        return Err(too_large());
    }
    // Read at most one byte past the limit, in case the file grows.
    let mut bytes = Vec::new();
    file.take(MAX_FILE_SIZE as u64 + 1)
        .read_to_end(&mut bytes)
        .map_err(|error| describe_io_error(&error))?;
    if bytes.len() > MAX_FILE_SIZE {
        return Err(too_large());
    }
    String::from_utf8(bytes).map_err(|error| {
        format!(
            "not valid UTF-8 (first bad byte at offset {}); not checked",
            error.utf8_error().valid_up_to()
        )
    })
}

/// Replaces a file's content through a temporary file in the same folder
/// and a rename, so that a reader never sees half a file. The file keeps its
/// permissions; a symbolic link is followed and stays a link.
fn write_atomically(path: &Path, text: &str) -> io::Result<()> {
    let target = fs::canonicalize(path)?;
    let permissions = fs::metadata(&target)?.permissions();
    let folder = target.parent().unwrap_or(Path::new("."));
    let mut temporary = tempfile::Builder::new().prefix(".dockwarden-fix").tempfile_in(folder)?;
    temporary.write_all(text.as_bytes())?;
    temporary.as_file().sync_all()?;
    fs::set_permissions(temporary.path(), permissions)?;
    temporary.persist(&target).map_err(|error| error.error)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use std::os::unix::fs::PermissionsExt as _;

    use super::*;

    #[test]
    fn an_atomic_write_keeps_permissions_and_symbolic_links_and_leaves_no_temporary_file() {
        let folder = tempfile::tempdir().unwrap();
        let real = folder.path().join("Dockerfile.real");
        fs::write(&real, "FROM a\r\n").unwrap();
        fs::set_permissions(&real, fs::Permissions::from_mode(0o640)).unwrap();
        let link = folder.path().join("Dockerfile");
        std::os::unix::fs::symlink("Dockerfile.real", &link).unwrap();

        write_atomically(&link, "FROM b\r\n").unwrap();

        assert!(fs::symlink_metadata(&link).unwrap().file_type().is_symlink());
        assert_eq!(fs::read_to_string(&real).unwrap(), "FROM b\r\n");
        assert_eq!(fs::metadata(&real).unwrap().permissions().mode() & 0o777, 0o640);
        assert_eq!(fs::read_dir(folder.path()).unwrap().count(), 2);
    }

    #[test]
    fn sources_the_analysis_cannot_take_are_refused_with_a_reason() {
        let folder = tempfile::tempdir().unwrap();
        let bom = folder.path().join("bom");
        fs::write(&bom, "\u{feff}FROM a\n").unwrap();
        assert_eq!(read_source(&bom).unwrap(), "\u{feff}FROM a\n", "a BOM is kept, byte for byte");
        let latin1 = folder.path().join("latin1");
        fs::write(&latin1, b"FROM caf\xe9\n").unwrap();
        assert_eq!(
            read_source(&latin1),
            Err("not valid UTF-8 (first bad byte at offset 8); not checked".to_owned())
        );
        assert_eq!(read_source(folder.path()), Err("not a regular file".to_owned()));
        let fifo = folder.path().join("fifo");
        assert!(std::process::Command::new("mkfifo").arg(&fifo).status().unwrap().success());
        assert_eq!(read_source(&fifo), Err("not a regular file".to_owned()), "and no hang");
        assert_eq!(
            read_source(&folder.path().join("none")),
            Err("no such file or folder".to_owned())
        );
    }
}
