//! Span tests for the YAML tree: the spike's cases, kept as regression tests
//! for the library choice, and the tree's own guarantees.

use super::*;
use proptest::prelude::*;

/// The text of every scalar, in source order, as `range-text`.
fn scalar_texts(text: &str) -> Vec<String> {
    let tree = YamlTree::parse(text);
    tree.node_ids()
        .filter(|id| matches!(tree.node(*id).kind, NodeKind::Scalar(_)))
        .map(|id| tree.range(id).slice(text).to_owned())
        .collect()
}

fn root(tree: &YamlTree) -> NodeId {
    tree.documents[0].root.expect("a root")
}

#[test]
fn a_quoted_value_stops_before_its_trailing_comment() {
    let text = "key: \"v\" # c\nk2: 'x' # d\n";
    assert_eq!(scalar_texts(text), ["key", "\"v\"", "k2", "'x'"]);
    let tree = YamlTree::parse(text);
    let comments: Vec<&str> = tree.comments.iter().map(|c| c.range.slice(text)).collect();
    assert_eq!(comments, ["# c", "# d"]);
}

#[test]
fn plain_multi_word_scalars_end_at_their_last_word() {
    assert_eq!(
        scalar_texts("a: hello big world   # c\nb: x\n"),
        ["a", "hello big world", "b", "x"]
    );
}

#[test]
fn block_scalars_span_from_their_indicator_to_their_last_line() {
    let text = "a: |\n  line1\n  line2\nb: >- # folded\n  folded\n  text\n\nc: 1\n";
    assert_eq!(
        scalar_texts(text),
        ["a", "|\n  line1\n  line2", "b", ">- # folded\n  folded\n  text", "c", "1"]
    );
    let tree = YamlTree::parse(text);
    assert_eq!(tree.str(tree.get(root(&tree), "a").unwrap()), Some("line1\nline2\n"));
    assert_eq!(tree.str(tree.get(root(&tree), "b").unwrap()), Some("folded text"));
}

#[test]
fn flow_collections_span_their_brackets() {
    let text = "a: [a, b]\nb: {a: 1, b: \"x\"}\n";
    let tree = YamlTree::parse(text);
    let a = tree.get(root(&tree), "a").unwrap();
    let b = tree.get(root(&tree), "b").unwrap();
    assert_eq!(tree.range(a).slice(text), "[a, b]");
    assert_eq!(tree.range(b).slice(text), "{a: 1, b: \"x\"}");
    assert!(tree.sequence(a).unwrap().flow);
    assert!(tree.mapping(b).unwrap().flow);
    assert_eq!(tree.str(tree.get(b, "b").unwrap()), Some("x"));
}

#[test]
fn block_collections_span_their_first_to_last_child() {
    let text = "a:\n  - x\n  - y # c\n\nb:\n  k: v\n  l: w\n";
    let tree = YamlTree::parse(text);
    let a = tree.get(root(&tree), "a").unwrap();
    let b = tree.get(root(&tree), "b").unwrap();
    assert_eq!(tree.range(a).slice(text), "- x\n  - y");
    assert_eq!(tree.range(b).slice(text), "k: v\n  l: w");
    assert!(!tree.sequence(a).unwrap().flow);
}

#[test]
fn aliases_keep_their_own_range_and_link_to_the_anchor() {
    let text = "x: &anc {p: 1}\ny: *anc\n";
    let tree = YamlTree::parse(text);
    let x = tree.get(root(&tree), "x").unwrap();
    let y = tree.get(root(&tree), "y").unwrap();
    assert_eq!(tree.range(y).slice(text), "*anc");
    assert_eq!(tree.resolve(y), x);
    assert_eq!(tree.node(x).anchor().unwrap().range.slice(text), "&anc");
    assert_eq!(tree.str(tree.get(y, "p").unwrap()), Some("1"));
}

#[test]
fn merge_keys_single_and_list_with_own_keys_first() {
    let text = "\
a: &a {p: 1, q: 1}
b: &b {q: 2, r: 2}
c:
  <<: [*a, *b]
  p: 0
d:
  <<: *b
";
    let tree = YamlTree::parse(text);
    let c = tree.get(root(&tree), "c").unwrap();
    let values: Vec<(&str, &str)> = tree
        .entries(c)
        .iter()
        .map(|entry| (tree.str(entry.key).unwrap(), tree.range(entry.value).slice(text)))
        .collect();
    assert_eq!(values, [("p", "0"), ("q", "1"), ("r", "2")]);
    let d = tree.get(root(&tree), "d").unwrap();
    assert_eq!(tree.get(d, "r").map(|v| tree.range(v).slice(text)), Some("2"));
    // A merge is not a duplicate of an explicit key.
    assert!(tree.duplicate_keys.is_empty());
}

#[test]
fn multi_byte_characters_and_crlf() {
    assert_eq!(scalar_texts("é: 日本語 # ü\nk: \"😀\"\n"), ["é", "日本語", "k", "\"😀\""]);
    let text = "a: 1\r\nb: \"x\" # c\r\nc:\r\n  - d\r\n";
    assert_eq!(scalar_texts(text), ["a", "1", "b", "\"x\"", "c", "d"]);
    assert_eq!(YamlTree::parse(text).comments[0].range.slice(text), "# c");
}

#[test]
fn tags_reset_and_override() {
    let text = "a: !reset null\nb: !override [1]\nc: !reset\n";
    let tree = YamlTree::parse(text);
    let r = root(&tree);
    assert_eq!(tree.tag(tree.get(r, "a").unwrap()), Some("!reset"));
    assert_eq!(tree.node(tree.get(r, "b").unwrap()).tag().unwrap().range.slice(text), "!override");
    assert_eq!(tree.tag(tree.get(r, "c").unwrap()), Some("!reset"));
}

#[test]
fn several_documents() {
    let tree = YamlTree::parse("---\na: 1\n---\nb: 2\n");
    assert_eq!(tree.documents.len(), 2);
    let second = tree.documents[1].root.unwrap();
    assert_eq!(tree.str(tree.get(second, "b").unwrap()), Some("2"));
}

#[test]
fn duplicate_keys_are_found() {
    let text = "a: 1\nb:\n  c: 1\n  c: 2\na: 3\n";
    let tree = YamlTree::parse(text);
    let found: Vec<(&str, u32)> = tree
        .duplicate_keys
        .iter()
        .map(|d| (tree.range(d.duplicate).slice(text), tree.range(d.first).start))
        .collect();
    assert_eq!(found, [("c", 10), ("a", 0)]);
}

#[test]
fn empty_values_are_nulls_right_after_their_key() {
    let text = "a:\nb: ~\nc:\n  -\n  - x\n";
    let tree = YamlTree::parse(text);
    let a = tree.get(root(&tree), "a").unwrap();
    assert!(tree.is_null(a));
    assert_eq!(tree.range(a), TextRange::empty(1));
    assert!(tree.is_null(tree.get(root(&tree), "b").unwrap()));
}

#[test]
fn syntax_errors_have_their_position_and_keep_what_came_before() {
    let cases = [
        ("a: [1, 2\nb: 3\n", 10),
        ("a:\n  b: 1\n c: 2\n", 11),
        ("a: \"unterminated\n", 3),
        ("a:\n\tb: 1\n", 3),
        ("a: [1, 2]]\n", 9),
        ("a: b: c\n", 4),
    ];
    for (text, offset) in cases {
        let tree = YamlTree::parse(text);
        assert_eq!(tree.errors.len(), 1, "{text:?}: {:?}", tree.errors);
        assert_eq!(tree.errors[0].range.start, offset, "{text:?}: {:?}", tree.errors);
        assert!(tree.documents.iter().any(|d| d.broken), "{text:?}");
    }
    let tree = YamlTree::parse("a: [1, 2\nb: 3\n");
    assert_eq!(tree.str(tree.mapping(root(&tree)).unwrap().entry(0).unwrap().key), Some("a"));
}

#[test]
fn parsing_resumes_at_the_next_document() {
    let tree = YamlTree::parse("k: v\n---\nz: [\n---\nq: 1\n");
    assert_eq!(tree.errors.len(), 1);
    let healthy: Vec<bool> = tree.documents.iter().map(|d| d.broken).collect();
    assert_eq!(healthy, [false, true, false]);
}

#[test]
fn an_unknown_anchor_is_an_error_with_the_alias_range() {
    let text = "a: *nope\n";
    let tree = YamlTree::parse(text);
    assert_eq!(tree.errors[0].range.slice(text), "*nope");
    assert!(!tree.documents[0].broken);
}

#[test]
fn scalar_types_follow_the_core_schema() {
    let text = "a: 1\nb: 1.5\nc: true\nd: ~\ne: yes\nf: '1'\ng: 0x1F\nh: 1e3\ni: 1.2.3\n";
    let tree = YamlTree::parse(text);
    let types: Vec<ScalarType> = tree
        .mapping(root(&tree))
        .unwrap()
        .entries()
        .map(|entry| tree.scalar(entry.value).unwrap().resolved_type())
        .collect();
    use ScalarType::*;
    assert_eq!(types, [Integer, Float, Bool, Null, String, String, Integer, Float, String]);
}

#[test]
fn a_bom_is_skipped() {
    let text = "\u{feff}a: 1\n";
    assert_eq!(scalar_texts(text), ["a", "1"]);
}

#[test]
fn the_entry_after_a_comment_is_found_in_a_broken_document_too() {
    // The flow sequence never closes: its item's range is empty, though the
    // item holds an entry (found once by the property test below).
    let tree = YamlTree::parse("---\n<<: [: \naa");
    assert_eq!(tree.entry_range_from(5), Some(TextRange::new(9, 14)));
    assert_eq!(tree.entry_range_from(10), None);
}

/// What every tree must hold, whatever the input.
fn check_invariants(text: &str) {
    let tree = YamlTree::parse(text);
    for id in tree.node_ids() {
        let range = tree.range(id);
        assert!(range.end as usize <= text.len(), "{text:?}: {range:?}");
        assert!(
            text.is_char_boundary(range.start as usize)
                && text.is_char_boundary(range.end as usize),
            "{text:?}: {range:?}"
        );
    }
    for error in &tree.errors {
        assert!(text.get(error.range.start as usize..error.range.end as usize).is_some());
    }
    for comment in &tree.comments {
        assert!(comment.range.slice(text).starts_with('#'), "{text:?}");
    }
    let _ = tree.entry_ranges();
    for document in &tree.documents {
        if let Some(root) = document.root {
            let _ = tree.entries(root);
        }
    }
}

fn yamlish() -> impl Strategy<Value = String> {
    let pieces = prop::sample::select(vec![
        "a",
        "key",
        ": ",
        ":",
        "- ",
        "-",
        "\n",
        "\r\n",
        "  ",
        "\t",
        "#",
        " # c",
        "\"",
        "'",
        "[",
        "]",
        "{",
        "}",
        ",",
        "&x ",
        "*x",
        "<<: ",
        "!reset ",
        "|",
        ">-",
        "---\n",
        "...\n",
        "é",
        "😀",
        "?",
        "%YAML 1.2\n",
        "${V}",
        "\\",
        "~",
    ]);
    prop::collection::vec(pieces, 0..60).prop_map(|pieces| pieces.concat())
}

/// Mappings that merge anchored mappings, which merge others, with keys
/// in common.
fn merges() -> impl Strategy<Value = String> {
    let key = prop::sample::select(vec!["k1", "k2", "k3", "'<<'", "k1"]);
    let entries = prop::collection::vec((key, 0u8..9), 0..4);
    let anchored = prop::collection::vec((entries.clone(), any::<bool>(), any::<bool>()), 1..4);
    let users = prop::collection::vec((entries, 0usize..4, 0usize..4, 0u8..3), 1..4);
    (anchored, users).prop_map(|(anchored, users)| {
        let mut text = String::new();
        for (index, (entries, merge_previous, flow)) in anchored.iter().enumerate() {
            let mut lines: Vec<String> =
                entries.iter().map(|(key, value)| format!("{key}: {value}")).collect();
            if *merge_previous && index > 0 {
                lines.insert(0, format!("<<: *a{}", index - 1));
            }
            if *flow {
                text.push_str(&format!("a{index}: &a{index} {{{}}}\n", lines.join(", ")));
            } else if lines.is_empty() {
                text.push_str(&format!("a{index}: &a{index} {{}}\n"));
            } else {
                text.push_str(&format!("a{index}: &a{index}\n"));
                for line in lines {
                    text.push_str(&format!("  {line}\n"));
                }
            }
        }
        for (index, (entries, first, second, form)) in users.iter().enumerate() {
            text.push_str(&format!("u{index}:\n"));
            let (first, second) = (first % anchored.len(), second % anchored.len());
            match form {
                0 => text.push_str(&format!("  <<: *a{first}\n")),
                1 => text.push_str(&format!("  <<: [*a{first}, *a{second}]\n")),
                _ => {}
            }
            for (key, value) in entries {
                text.push_str(&format!("  {key}: {value}\n"));
            }
            text.push_str("  own: 1\n");
        }
        text
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(3000))]

    #[test]
    fn never_panics_on_yaml_like_text(text in yamlish()) {
        check_invariants(&text);
    }

    #[test]
    fn the_entry_after_an_offset_is_found_by_descent(text in yamlish(), compose in any::<bool>()) {
        let text = if compose {
            include_str!("../../../../../fixtures/compose/tricky.yaml").replace("name", &text)
        } else {
            text
        };
        let tree = YamlTree::parse(&text);
        let all = tree.entry_ranges();
        for offset in 0..=text.len() as u32 + 1 {
            let expected = all.iter().find(|range| range.start >= offset && !range.is_empty()).copied();
            prop_assert_eq!(tree.entry_range_from(offset), expected, "{:?} at {}", text, offset);
        }
    }

    #[test]
    fn a_key_is_found_as_the_merged_entries_list_it(text in prop_oneof![yamlish(), merges()]) {
        let tree = YamlTree::parse(&text);
        let keys: Vec<&str> = tree.node_ids().filter_map(|id| tree.str(id)).collect();
        for id in tree.node_ids() {
            if tree.mapping(id).is_none() {
                continue;
            }
            let entries = tree.entries(id);
            for key in keys.iter().chain(&["k1", "k2", "k3", "<<", "own"]) {
                let expected = entries.iter().find(|entry| tree.str(entry.key) == Some(key)).copied();
                prop_assert_eq!(tree.get_entry(id, key), expected, "{:?}: {}", text, key);
            }
        }
    }

    #[test]
    fn never_panics_on_random_bytes(bytes in prop::collection::vec(any::<u8>(), 0..200)) {
        check_invariants(&String::from_utf8_lossy(&bytes));
    }

    #[test]
    fn never_panics_on_edits_of_a_compose_file(at in 0usize..400, cut in 0usize..40, insert in yamlish()) {
        let text = include_str!("../../../../../fixtures/compose/tricky.yaml");
        let boundaries: Vec<usize> = (0..=text.len()).filter(|&i| text.is_char_boundary(i)).collect();
        let start = boundaries[at % boundaries.len()];
        let end = boundaries[(at + cut).min(boundaries.len() - 1)];
        let edited = format!("{}{}{}", &text[..start], insert, &text[end.max(start)..]);
        check_invariants(&edited);
    }
}
