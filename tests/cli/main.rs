//! Black-box tests of the `dockwarden` command line: the built binary run
//! on throw-away projects and on `fixtures/example`.
//!
//! No rule is named here: where a finding is needed, the test asks the
//! analysis in-process what it finds (`oracle`) and holds the binary's
//! output to that, so these tests exercise every rule as rules land.

#[path = "../support/mod.rs"]
mod support;

mod catalog;
mod example;
mod exit_codes;
mod fixing;
mod formats;
mod oracle;
mod walking;
