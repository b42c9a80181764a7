//! Fix-all: apply every bulk-allowed fix, reparse, and repeat until nothing
//! is left to apply. The editor's `source.fixAll` and `dockwarden check --fix`
//! both use it.

use crate::config::RuleSettings;
use crate::diagnostic::Fix;
use crate::rule::Language;
use crate::text::{TextEdit, TextRange, apply_edits};
use crate::{SideFiles, check_source};

/// The most rounds fix-all takes; a rule set that has not settled by then has
/// fixes that fight each other, which the fix harness reports as a bug.
pub const MAX_ROUNDS: usize = 10;

/// What fix-all did.
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct FixAllOutcome {
    /// The fixed text.
    pub text: String,
    /// How many fixes were applied in all.
    pub applied: usize,
    /// How many rounds applied at least one fix.
    pub rounds: usize,
    /// Whether a last round found nothing more to apply.
    pub converged: bool,
}

/// Applies the fixes that bulk fixing allows until a fixed point.
/// `unsafe_fixes` lets unsafe and template fixes in too. Fixes that edit
/// other files are left to be applied one by one.
pub fn fix_all(
    language: Language,
    text: &str,
    settings: &RuleSettings,
    side_files: &SideFiles,
    unsafe_fixes: bool,
) -> FixAllOutcome {
    let mut current = text.to_owned();
    let mut applied = 0;
    for round in 0..MAX_ROUNDS {
        let report = check_source(language, &current, settings, side_files);
        let fixes = report.diagnostics.iter().filter_map(|diagnostic| {
            diagnostic.fixes.iter().find(|fix| {
                fix.applicability.allowed_in_bulk(unsafe_fixes) && fix.side_file_edits.is_empty()
            })
        });
        let edits = non_overlapping_edits(fixes);
        if edits.is_empty() {
            return FixAllOutcome { text: current, applied, rounds: round, converged: true };
        }
        let Ok(next) = apply_edits(&current, &edits.concat()) else {
            // The selection keeps fixes apart, so this means a rule made a bad
            // edit; stop rather than corrupt the text.
            return FixAllOutcome { text: current, applied, rounds: round, converged: false };
        };
        applied += edits.len();
        if next == current {
            return FixAllOutcome { text: current, applied, rounds: round, converged: true };
        }
        current = next;
    }
    FixAllOutcome { text: current, applied, rounds: MAX_ROUNDS, converged: false }
}

/// Picks whole fixes, first come first served, whose edits touch nothing an
/// earlier pick edits. Two insertions at the same place conflict too: their
/// order would be a guess, so the second waits for the next round.
fn non_overlapping_edits<'a>(fixes: impl Iterator<Item = &'a Fix>) -> Vec<Vec<TextEdit>> {
    let mut taken: Vec<TextRange> = Vec::new();
    let mut chosen = Vec::new();
    for fix in fixes {
        let clashes =
            fix.edits.iter().any(|edit| taken.iter().any(|range| edit.range.intersects(*range)));
        let self_overlapping = fix.edits.iter().enumerate().any(|(i, a)| {
            fix.edits[i + 1..]
                .iter()
                .any(|b| a.range.start < b.range.end && b.range.start < a.range.end)
        });
        if clashes || self_overlapping || fix.edits.is_empty() {
            continue;
        }
        taken.extend(fix.edits.iter().map(|edit| edit.range));
        chosen.push(fix.edits.clone());
    }
    chosen
}

/// The one edit that turns `before` into `after`: their common prefix and
/// suffix kept, the middle replaced. What the editor gets for fix-all.
pub fn minimal_edit(before: &str, after: &str) -> Option<TextEdit> {
    if before == after {
        return None;
    }
    let mut prefix = before.bytes().zip(after.bytes()).take_while(|(a, b)| a == b).count();
    while !before.is_char_boundary(prefix) || !after.is_char_boundary(prefix) {
        prefix -= 1;
    }
    let max_suffix = before.len().min(after.len()) - prefix;
    let mut suffix = before
        .bytes()
        .rev()
        .zip(after.bytes().rev())
        .take(max_suffix)
        .take_while(|(a, b)| a == b)
        .count();
    while !before.is_char_boundary(before.len() - suffix)
        || !after.is_char_boundary(after.len() - suffix)
    {
        suffix -= 1;
    }
    let range = TextRange::new(prefix as u32, (before.len() - suffix) as u32);
    Some(TextEdit::replace(range, &after[prefix..after.len() - suffix]))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn minimal_edit_turns_before_into_after(before in "[ab\\n😀é]{0,12}", after in "[ab\\n😀é]{0,12}") {
            match minimal_edit(&before, &after) {
                None => prop_assert_eq!(&before, &after),
                Some(edit) => prop_assert_eq!(apply_edits(&before, &[edit]).unwrap(), after),
            }
        }
    }
}
