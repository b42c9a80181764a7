//! What an editor may fold in a Compose file: every entry whose value is a
//! mapping or a sequence spanning lines, and runs of comment lines.

use crate::compose::ComposeFile;
use crate::compose::yaml::NodeKind;
use crate::ide::{Fold, FoldKind};
use crate::text::TextRange;

pub fn folds(file: &ComposeFile) -> Vec<Fold> {
    let tree = &file.tree;
    let text = file.text();
    let spans_lines = |range: TextRange| range.slice(text).trim_end().contains('\n');
    let mut folds = Vec::new();
    for id in tree.node_ids() {
        let NodeKind::Mapping(mapping) = &tree.node(id).kind else { continue };
        for entry in mapping.entries() {
            let value = &tree.node(entry.value).kind;
            if !matches!(value, NodeKind::Mapping(_) | NodeKind::Sequence(_)) {
                continue;
            }
            let range = tree.entry_range(entry);
            let content = range.slice(text).trim_end();
            let range = TextRange::at(range.start, content.len());
            if spans_lines(range) {
                folds.push(Fold { range, kind: FoldKind::Region });
            }
        }
    }
    let mut run: Option<TextRange> = None;
    for comment in &tree.comments {
        run = match run {
            Some(current)
                if text[current.end as usize..comment.range.start as usize].trim().is_empty() =>
            {
                Some(current.cover(comment.range))
            }
            Some(current) => {
                if spans_lines(current) {
                    folds.push(Fold { range: current, kind: FoldKind::Comment });
                }
                Some(comment.range)
            }
            None => Some(comment.range),
        };
    }
    if let Some(current) = run.filter(|current| spans_lines(*current)) {
        folds.push(Fold { range: current, kind: FoldKind::Comment });
    }
    folds.sort_by_key(|fold| (fold.range.start, std::cmp::Reverse(fold.range.end)));
    folds
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mappings_sequences_and_comments() {
        let text = "# one\n# two\nservices:\n  web:\n    ports:\n      - \"80:80\"\n      - \"443:443\"\n    image: x\n";
        let found: Vec<&str> =
            folds(&ComposeFile::parse(text)).iter().map(|fold| fold.range.slice(text)).collect();
        assert_eq!(found[0], "# one\n# two");
        assert!(found[1].starts_with("services:") && found[1].ends_with("image: x"));
        assert!(found.contains(&"ports:\n      - \"80:80\"\n      - \"443:443\""), "{found:?}");
    }
}
