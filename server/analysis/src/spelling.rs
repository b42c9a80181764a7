//! Did-you-mean: the nearest known word to a misspelling.

/// The candidate closest to `word` by edit distance (case-insensitive), when
/// it is close enough to be a plausible typo: at most a third of the word's
/// length, and at most three edits.
pub fn nearest<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let word = word.to_ascii_lowercase();
    let limit = (word.chars().count() / 3).clamp(1, 3);
    let length = word.chars().count();
    candidates
        .into_iter()
        // A length difference alone past the limit rules a candidate out.
        .filter(|candidate| candidate.chars().count().abs_diff(length) <= limit)
        .map(|candidate| (edit_distance(&word, &candidate.to_ascii_lowercase()), candidate))
        .filter(|(distance, _)| *distance <= limit)
        .min_by_key(|(distance, _)| *distance)
        .map(|(_, candidate)| candidate)
}

/// Optimal-string-alignment distance: insertions, deletions, substitutions
/// and swaps of neighbours each cost one.
pub fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let mut previous2 = vec![0usize; b.len() + 1];
    let mut previous: Vec<usize> = (0..=b.len()).collect();
    let mut current = vec![0usize; b.len() + 1];
    for i in 1..=a.len() {
        current[0] = i;
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut best = (previous[j] + 1).min(current[j - 1] + 1).min(previous[j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                best = best.min(previous2[j - 2] + 1);
            }
            current[j] = best;
        }
        std::mem::swap(&mut previous2, &mut previous);
        std::mem::swap(&mut previous, &mut current);
    }
    previous[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn distances() {
        assert_eq!(edit_distance("copy", "copy"), 0);
        assert_eq!(edit_distance("cpoy", "copy"), 1);
        assert_eq!(edit_distance("entrypiont", "entrypoint"), 1);
        assert_eq!(edit_distance("", "run"), 3);
    }

    #[test]
    fn nearest_needs_a_plausible_typo() {
        let words = ["FROM", "RUN", "COPY", "ENTRYPOINT"];
        assert_eq!(nearest("form", words), Some("FROM"));
        assert_eq!(nearest("entrypont", words), Some("ENTRYPOINT"));
        assert_eq!(nearest("xyzzy", words), None);
    }
}
