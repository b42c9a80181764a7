//! Incremental equals full: random edits of Compose-shaped texts, applied
//! one after another, must give what a fresh parse of the edited text gives
//! (tree, model, schema issues and the per-service cache); and the typical
//! edit must take the fast path.

use proptest::prelude::*;
use proptest::strategy::ValueTree;
use proptest::test_runner::{Config, RngAlgorithm, TestRng, TestRunner};

use crate::compose::ComposeFile;
use crate::compose::yaml::YamlTree;
use crate::text::{TextEdit, TextRange, apply_edits, to_u32};

const FIXTURES: &[&str] = &[
    include_str!("../../../../../../fixtures/compose/tricky.yaml"),
    include_str!("../../../../../../fixtures/example/compose.yaml"),
    include_str!("../../../../../../fixtures/rules/capabilities-not-dropped.yaml"),
    include_str!("../../../../../../fixtures/rules/duplicate-key.yaml"),
    include_str!("../../../../../../fixtures/rules/invalid-value.yaml"),
    include_str!("../../../../../../fixtures/rules/port-bound-to-all-interfaces.yaml"),
    include_str!("../../../../../../fixtures/rules/privileged-service.yaml"),
    include_str!("../../../../../../fixtures/rules/runtime-socket-mounted.yaml"),
    include_str!("../../../../../../fixtures/rules/secret-in-environment.yaml"),
    include_str!("../../../../../../fixtures/rules/undefined-reference.yaml"),
    include_str!("../../../../../../fixtures/rules/unknown-key.yaml"),
    include_str!("../../../../../../fixtures/rules/yaml-syntax-error.yaml"),
];

/// How many nodes of `new` share their data with `old`: the ones the
/// reparse moved rather than made.
fn shared_nodes(old: &YamlTree, new: &YamlTree) -> usize {
    let old: std::collections::HashSet<*const _> =
        old.nodes.iter().map(|slot| std::sync::Arc::as_ptr(&slot.data)).collect();
    new.nodes.iter().filter(|slot| old.contains(&std::sync::Arc::as_ptr(&slot.data))).count()
}

/// A file of many services like a real one, as the keystroke example makes.
fn many_services(count: usize) -> String {
    let mut text = String::from("# The demo's services.\n\nservices:\n");
    for index in 0..count {
        text.push_str(&format!(
            "  app{index}:\n    image: ghcr.io/acme/app{index}:1.{index}\n    user: \"10001\"\n    cap_drop: [ALL]\n    environment:\n      LOG_LEVEL: info\n    ports:\n      - \"127.0.0.1:{port}:80\"\n    deploy:\n      resources:\n        limits: {{cpus: \"0.5\", memory: 256M}}\n",
            port = 8000 + index
        ));
    }
    text.push_str("networks:\n  backend:\n    internal: true\n");
    text
}

#[test]
fn typical_edits_reparse_one_entry_and_keep_every_other_node() {
    let text = many_services(40);
    let file = ComposeFile::parse(&text);
    let nodes = file.tree.len();
    let service_nodes = nodes / 40;
    let mut edits = Vec::new();
    // A character typed on every line of one service in the middle, at the
    // start, middle and end of its text.
    let service = text.find("  app20:").unwrap();
    let end = text.find("  app21:").unwrap();
    let mut line = service;
    while line < end {
        let line_end = line + text[line..].find('\n').unwrap();
        let first = line + text[line..line_end].len() - text[line..line_end].trim_start().len();
        for at in [first, (first + line_end) / 2, line_end] {
            edits.push(TextEdit::insert(to_u32(at), "x"));
        }
        // Delete the line, and add one like it.
        edits.push(TextEdit::delete(TextRange::new(to_u32(line), to_u32(line_end + 1))));
        let indentation = &text[line..first];
        edits.push(TextEdit::insert(to_u32(line), format!("{indentation}init: true\n")));
        line = line_end + 1;
    }
    // The header comment edited, and a line added to it.
    edits.push(TextEdit::insert(6, "x"));
    edits.push(TextEdit::insert(0, "# More.\n"));
    // A whole service added and removed.
    edits.push(TextEdit::insert(to_u32(end), "  extra:\n    image: x\n"));
    edits.push(TextEdit::delete(TextRange::new(to_u32(service), to_u32(end))));
    let mut tried = 0;
    for edit in &edits {
        let edited = apply_edits(&text, std::slice::from_ref(edit)).unwrap();
        // A half-typed file (`app20:x`) is broken until the next keystroke:
        // its syntax error stops the parse, and a full parse is needed.
        if !YamlTree::parse(&edited).errors.is_empty() {
            continue;
        }
        tried += 1;
        let Some((tree, _)) = file.tree.reparse(&text, &edited, edit) else {
            panic!("{edit:?} took the slow path");
        };
        // At most the service and the one before it (a deleted key line
        // moves lines into it) are new, with their ancestors.
        let shared = shared_nodes(&file.tree, &tree);
        assert!(
            shared + 2 * service_nodes + 4 >= nodes,
            "{edit:?}: only {shared} of {nodes} nodes shared"
        );
        assert_same(&file.apply_edit(edit), &ComposeFile::parse(&edited), edit, &text);
    }
    assert!(tried * 10 >= edits.len() * 7, "only {tried} of {} edits tried", edits.len());
}

/// One service of a generated file, from pieces that stress the reparse.
fn service() -> impl Strategy<Value = String> {
    let keys = prop::sample::select(vec![
        "    image: nginx:1.27\n",
        "    image: \"ghcr.io/acme/app:1.0\" # pinned\n",
        "    user: \"10001\"\n",
        "    privileged: true\n",
        "    read_only: yes\n",
        "    cap_drop: [ALL]\n",
        "    cap_add:\n      - NET_ADMIN\n",
        "    ports:\n      - \"8080:80\"\n      - target: 443\n        published: \"8443\"\n",
        "    ports:\n    - 80\n    - \"0.0.0.0:53:53/udp\"\n",
        "    environment:\n      DB_PASSWORD: hunter2\n      MODE: ${MODE:-prod}\n",
        "    environment:\n      - API_KEY=abc\n      - EMPTY\n",
        "    volumes:\n      - /var/run/docker.sock:/var/run/docker.sock\n",
        "    command: >-\n      serve\n      --port 80\n",
        "    x-notes: |+\n      keep\n\n",
        "    healthcheck: {test: [\"CMD\", \"true\"], interval: 30s}\n",
        "    deploy:\n      resources:\n        limits: {cpus: \"0.5\", memory: 256M}\n",
        "    # a comment\n",
        "\n",
        "    labels: !reset null\n",
        "    networks: [front, back]\n",
        "    depends_on:\n      db:\n        condition: service_healthy\n",
        "    mem_limit: lots\n",
        "    bogus_key: 1\n",
        "    <<: *base\n",
        "    env_file: 日本語.env\n",
        "    command: echo\n      continued plain\n",
        "    entrypoint: \"quoted\n      across lines\"\n",
        "    healthcheck: {test: [\"CMD\",\n      \"true\"]}\n",
        "    !!str tagged: v\n",
        "    labels: !!map\n      a: b\n",
        "    ? explicit\n    : value\n",
        "    dns:\n      - - nested\n        - list\n      -\n      - last\n",
        "  # a comment at the services' level\n",
        "    x-a: &anc\n      k: v\n    x-b: *anc\n",
        "    tmpfs:   \n      - /run   \n",
        "    devices: []\n    sysctls: {}\n",
    ]);
    let name = prop::sample::select(vec!["web", "api", "db", "web", "wörker"]);
    (name, prop::collection::vec(keys, 0..6))
        .prop_map(|(name, keys)| format!("  {name}:\n{}", keys.concat()))
}

/// A Compose-shaped file: a header, services, top-level sections.
fn compose_text() -> impl Strategy<Value = String> {
    let header = prop::sample::select(vec![
        "",
        "name: demo\n",
        "# top comment\n",
        "x-base: &base\n  restart: always\n\n",
        "x-base: &base\n  restart: sometimes\n  bogus: 1\n  cap_drop: [ALL]\nx-other: &other {init: true}\n",
        "---\n",
        "version: \"3\"\n",
    ]);
    let footer = prop::sample::select(vec![
        "",
        "networks:\n  front: {}\n  back:\n    internal: true\n",
        "volumes:\n  data:\n",
        "secrets:\n  db:\n    file: ./db.txt\n",
        "---\nservices:\n  other:\n    image: x\n",
        "...\n",
        "# trailing\n",
    ]);
    let crlf = prop::bool::weighted(0.15);
    (header, prop::collection::vec(service(), 0..5), footer, crlf).prop_map(
        |(header, services, footer, crlf)| {
            let text = format!("{header}services:\n{}{footer}", services.concat());
            if crlf { text.replace('\n', "\r\n") } else { text }
        },
    )
}

/// Any of the fixtures or a generated file.
fn any_text() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => compose_text(),
        1 => prop::sample::select(FIXTURES).prop_map(str::to_owned),
    ]
}

/// An edit, chosen before the text it applies to is known.
#[derive(Clone, Debug)]
enum EditKind {
    /// Type one character somewhere.
    Type(usize, char),
    /// Delete a few characters.
    Delete(usize, usize),
    /// Insert a line indented like the line it goes before.
    InsertLine(usize, &'static str),
    /// Delete the line holding the offset.
    DeleteLine(usize),
    /// Replace any range with any piece, at a line start when `snap`.
    Raw(usize, usize, &'static str, bool),
}

fn edit_strategy() -> impl Strategy<Value = EditKind> {
    let typed = prop::sample::select(vec!['a', 'x', '1', ' ', '_', '-', '.', ':', '"', 'é']);
    let lines = prop::sample::select(vec![
        "user: root",
        "privileged: true",
        "image: alpine:3",
        "- item",
        "- \"0.0.0.0:80:80\"",
        "cap_drop: [ALL]",
        "environment:",
        "  PASSWORD: x",
        "  - A=1",
        "# a comment",
        "",
        "ports:",
        "new:",
        "mem_limit: 1g",
        "bogus: 1",
        "- - nested",
        "? explicit",
        ": value",
        "multi: \"a",
        "  b\"",
        "x: |",
        "  text",
        "!!str tagged: v",
        "<<: *base",
        "<<: [*other, *base]",
        "logging: *base",
        "extra: *nowhere",
    ]);
    let pieces = prop::sample::select(vec![
        "",
        "x",
        " ",
        "  ",
        "\n",
        "\r\n",
        "\r",
        "\t",
        ":",
        ": ",
        "- ",
        "-",
        "#",
        " # note",
        "\"",
        "'",
        "[",
        "]",
        "{",
        "}",
        ",",
        "&a ",
        "*a",
        "<<: *base\n",
        "!reset ",
        "|",
        "|+\n",
        ">-\n      folded\n",
        "---\n",
        "...\n",
        "%YAML 1.2\n",
        "😀",
        "\u{feff}",
        "\u{85}",
        "${VAR}",
        "    user: root\n",
        "      - item\n",
        "    - flush\n",
        "  new:\n    image: x\n",
        "  bad:\n  image: y\n",
        "    env:\n      A: 1\n",
        "key: value\n",
        "        deep: [1, {a: b}]\n",
        "\n\n",
        "      \n",
        "    x: |\n      text\n\n",
        "? complex\n: value\n",
    ]);
    let at = 0usize..100_000;
    prop_oneof![
        4 => (at.clone(), typed).prop_map(|(at, c)| EditKind::Type(at, c)),
        2 => (at.clone(), 1usize..4).prop_map(|(at, len)| EditKind::Delete(at, len)),
        2 => (at.clone(), lines).prop_map(|(at, line)| EditKind::InsertLine(at, line)),
        1 => at.clone().prop_map(EditKind::DeleteLine),
        2 => (at, 0usize..48, pieces, prop::bool::weighted(0.4))
            .prop_map(|(at, len, piece, snap)| EditKind::Raw(at, len, piece, snap)),
    ]
}

/// The edit in `text`, on character boundaries.
fn make_edit(text: &str, kind: &EditKind) -> TextEdit {
    let boundaries: Vec<usize> = (0..=text.len()).filter(|&i| text.is_char_boundary(i)).collect();
    let pick = |at: usize| boundaries[at % boundaries.len()];
    let after = |start: usize, len: usize| {
        boundaries.iter().copied().rfind(|&b| b >= start && b <= start + len).unwrap_or(start)
    };
    let range = |start: usize, end: usize| TextRange::new(to_u32(start), to_u32(end));
    match kind {
        EditKind::Type(at, c) => TextEdit::insert(to_u32(pick(*at)), c.to_string()),
        EditKind::Delete(at, len) => {
            let start = pick(*at);
            TextEdit::delete(range(start, after(start, *len)))
        }
        EditKind::InsertLine(at, line) => {
            let start = crate::text::line_start(text, to_u32(pick(*at)));
            let indentation = crate::text::indentation_at(text, start);
            let ending = crate::text::line_ending(text);
            TextEdit::insert(start, format!("{indentation}{line}{ending}"))
        }
        EditKind::DeleteLine(at) => {
            let offset = to_u32(pick(*at));
            let start = crate::text::line_start(text, offset);
            let end = crate::text::line_end(text, offset) as usize;
            let rest = &text[end..];
            let end =
                end + if rest.starts_with("\r\n") { 2 } else { usize::from(!rest.is_empty()) };
            TextEdit::delete(range(start as usize, end))
        }
        EditKind::Raw(at, len, piece, snap) => {
            let mut start = pick(*at);
            if *snap {
                start = crate::text::line_start(text, to_u32(start)) as usize;
            }
            TextEdit::replace(range(start, after(start, *len)), *piece)
        }
    }
}

/// Compares part by part, so that a failure says which part differs.
fn assert_same(file: &ComposeFile, fresh: &ComposeFile, edit: &TextEdit, before: &str) {
    let context = format!("after {edit:?} on {before:?}");
    let (tree, expected) = (&file.tree, &fresh.tree);
    for (index, (got, want)) in tree.nodes.iter().zip(&expected.nodes).enumerate() {
        assert_eq!(got, want, "node {index} {context}");
    }
    assert_eq!(tree.nodes.len(), expected.nodes.len(), "{context}");
    assert_eq!(tree.documents, expected.documents, "{context}");
    assert_eq!(tree.comments, expected.comments, "{context}");
    assert_eq!(tree.errors, expected.errors, "{context}");
    assert_eq!(tree.duplicate_keys, expected.duplicate_keys, "{context}");
    assert_eq!(tree.aliases, expected.aliases, "{context}");
    assert_eq!(tree.anchors, expected.anchors, "{context}");
    assert_eq!(file.model, fresh.model, "{context}");
    assert_eq!(file.schema_issues, fresh.schema_issues, "{context}");
    assert_eq!(file, fresh, "{context}");
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(4000))]

    #[test]
    fn incremental_reparse_equals_a_full_parse(
        text in any_text(),
        edits in prop::collection::vec(edit_strategy(), 1..16),
    ) {
        let mut file = ComposeFile::parse(&text);
        for kind in edits {
            let current = file.text().to_owned();
            let edit = make_edit(&current, &kind);
            let expected_text = apply_edits(&current, std::slice::from_ref(&edit)).unwrap();
            file = file.apply_edit(&edit);
            prop_assert_eq!(file.text(), expected_text.as_str());
            let fresh = ComposeFile::parse(&expected_text);
            assert_same(&file, &fresh, &edit, &current);
        }
    }
}

#[test]
fn edits_that_once_broke_the_splice() {
    let comments_after_a_key = format!("a:\n{}  b: 1\n", "# c\n".repeat(90));
    let nested = |depth: usize| -> String {
        (0..depth).map(|level| format!("{}k:\n", " ".repeat(level))).collect()
    };
    let deep = format!("{}{}v: 1\n", nested(250), " ".repeat(250));
    let deeper = format!(
        "{}v: 1\n",
        nested(10).lines().map(|line| format!("{}{line}\n", " ".repeat(250))).collect::<String>()
            + &" ".repeat(260)
    );
    let cases: &[(&str, TextEdit)] = &[
        // The first entry's line became a comment: the mapping now starts
        // at the next line.
        (
            "name: demo\nservices:\n  db:\n# trailing\n",
            TextEdit::replace(TextRange::new(0, 12), "    # comment\n"),
        ),
        // A tab in the new indentation, with the same byte column.
        (
            "services:\n  w:\n    c: 1\n    h: 2\n",
            TextEdit::replace(TextRange::new(15, 28), "\t   "),
        ),
        // An empty block scalar, whose library range ran to the next line.
        ("a:\n  x: |+\n    keep\n\n  e: 1\n", TextEdit::replace(TextRange::new(9, 11), " # note")),
        // The parent's start moved, and its anchor must not.
        (
            "x-base: &base\n  restart: always\n\nservices: {}\n",
            TextEdit::insert(14, "  # a comment\n"),
        ),
        // An explicit key without a value, whose null the library puts at
        // the next token: first in the region, then just before it.
        ("s:\n  w:\n    a: 1\n  v: 2\n", TextEdit::replace(TextRange::new(12, 16), "? z")),
        ("x:\n  ? e\n  r: 1\n", TextEdit::delete(TextRange::new(9, 16))),
        // The library buffers at most 96 comments after `key:`: ten more at
        // the start of the first child's region are too many in place.
        (&comments_after_a_key, TextEdit::insert(363, "# d\n".repeat(10))),
        // Ten more levels where 250 block collections nest: too deep in
        // place (the library stops at 255), not alone.
        (
            &deep,
            TextEdit::replace(
                TextRange::new(to_u32(deep.len() - 255), to_u32(deep.len())),
                deeper.as_str(),
            ),
        ),
        // `? key` and `: value` lines, once apart, meet.
        ("a: true\n? b\nc: 1\n: value\n", TextEdit::delete(TextRange::new(12, 17))),
    ];
    for (text, edit) in cases {
        let edited = apply_edits(text, std::slice::from_ref(edit)).unwrap();
        assert_same(
            &ComposeFile::parse(text).apply_edit(edit),
            &ComposeFile::parse(&edited),
            edit,
            text,
        );
    }
}

#[test]
fn edits_next_to_aliases_bind_them_as_in_place() {
    // The second `&a` shadows the first; `*a` binds to the last one before it.
    let text = "x-a: &a {init: true}\nx-b: &a {bogus: 1}\nservices:\n  # the web server\n  web:\n    <<: *a\n    image: x\n  # the API\n  api:\n    image: y\n";
    let at = |needle: &str| to_u32(text.find(needle).unwrap());
    let edits = [
        // Add a merge, delete one, type in the comment before the next
        // service (whose region holds the alias), add a comment above it.
        TextEdit::insert(at("    image: y"), "    <<: *a\n"),
        TextEdit::delete(TextRange::new(at("    <<: *a"), at("    image: x"))),
        TextEdit::insert(at("the API") + 4, "x"),
        TextEdit::insert(at("  # the API"), "  # more\n"),
        TextEdit::insert(at("    image: x"), "    logging: *a\n"),
    ];
    let file = ComposeFile::parse(text);
    for edit in &edits {
        let edited = apply_edits(text, std::slice::from_ref(edit)).unwrap();
        assert!(file.tree.reparse(text, &edited, edit).is_some(), "{edit:?} took the slow path");
        assert_same(&file.apply_edit(edit), &ComposeFile::parse(&edited), edit, text);
    }
    // An alias to no anchor is an error in place: the whole text is parsed.
    let edit = TextEdit::insert(at("    image: y"), "    <<: *nowhere\n");
    let edited = apply_edits(text, std::slice::from_ref(&edit)).unwrap();
    assert!(file.tree.reparse(text, &edited, &edit).is_none());
    assert_same(&file.apply_edit(&edit), &ComposeFile::parse(&edited), &edit, text);
}

/// The property test above is only as good as the share of its edits that
/// take the fast path: most edits that leave the file healthy must.
#[test]
fn most_healthy_random_edits_take_the_fast_path() {
    let mut runner = TestRunner::new_with_rng(
        Config::default(),
        TestRng::deterministic_rng(RngAlgorithm::ChaCha),
    );
    let strategy = (compose_text(), prop::collection::vec(edit_strategy(), 1..16));
    let (mut healthy, mut fast) = (0, 0);
    for _ in 0..300 {
        let (text, edits) = strategy.new_tree(&mut runner).unwrap().current();
        let mut file = ComposeFile::parse(&text);
        for kind in edits {
            let edit = make_edit(file.text(), &kind);
            let edited = apply_edits(file.text(), std::slice::from_ref(&edit)).unwrap();
            let spliced = file.tree.reparse(file.text(), &edited, &edit).is_some();
            file = file.apply_edit(&edit);
            if !matches!(kind, EditKind::Raw(..)) && file.tree.errors.is_empty() {
                healthy += 1;
                fast += usize::from(spliced);
            }
        }
    }
    assert!(healthy > 400, "only {healthy} healthy edits");
    // What is left is mostly refused on purpose: edits in leading comments,
    // next to `---` or `...`, near anchors, or emptying a collection.
    assert!(fast * 10 >= healthy * 7, "{fast} of {healthy} healthy edits took the fast path");
}
