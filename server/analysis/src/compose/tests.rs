//! Model tests: what the typed model reads from the syntaxes Compose
//! accepts, on the tricky fixture and small cases.

use super::ComposeFile;
use super::model::{HostIp, Literalness, MountKind, PortSyntax};

const TRICKY: &str = include_str!("../../../../fixtures/compose/tricky.yaml");

#[test]
fn the_tricky_fixture_is_clean() {
    let file = ComposeFile::parse(TRICKY);
    assert!(file.tree.errors.is_empty(), "{:?}", file.tree.errors);
    assert!(file.tree.duplicate_keys.is_empty());
    assert_eq!(file.schema_issues, []);
    let names: Vec<&str> = file.model.services.iter().map(|s| s.name.as_str()).collect();
    assert_eq!(names, ["web", "api"]);
    assert_eq!(file.model.name.as_ref().unwrap().value, "tricky");
    let declared = |section: &[super::model::Declared]| -> Vec<String> {
        section.iter().map(|d| d.name.clone()).collect()
    };
    assert_eq!(declared(&file.model.networks), ["front", "back"]);
    assert_eq!(declared(&file.model.volumes), ["cache"]);
    assert_eq!(declared(&file.model.secrets), ["db_password", "api_key"]);
}

#[test]
fn merge_keys_give_services_their_base() {
    let file = ComposeFile::parse(TRICKY);
    let tree = &file.tree;
    for service in &file.model.services {
        let cap_drop: Vec<String> =
            service.strings(tree, "cap_drop").into_iter().map(|s| s.value).collect();
        assert_eq!(cap_drop, ["ALL"], "{}", service.name);
        // The range points at what the user wrote: the anchor's list.
        let range = service.strings(tree, "cap_drop")[0].range;
        assert_eq!(range.slice(TRICKY), "ALL");
        assert!(range.start < TRICKY.find("services:").unwrap() as u32);
    }
}

#[test]
fn ports_short_long_ranges_and_ipv6() {
    let file = ComposeFile::parse(TRICKY);
    let web = &file.model.services[0];
    let ports = web.ports(&file.tree);
    let ips: Vec<HostIp> = ports.iter().map(|p| p.host_ip()).collect();
    assert_eq!(
        ips,
        [
            HostIp::Known("127.0.0.1".into()),
            HostIp::Known("127.0.0.1".into()),
            HostIp::Known("::1".into())
        ]
    );
    let published: Vec<Option<String>> = ports.iter().map(|p| p.published()).collect();
    assert_eq!(published, [Some("8080".into()), Some("8443".into()), Some("9000-9001".into())]);
    assert!(matches!(ports[1].syntax, PortSyntax::Long { .. }));
}

#[test]
fn volumes_short_and_long() {
    let file = ComposeFile::parse(TRICKY);
    let mounts = file.model.services[0].volumes(&file.tree);
    let summary: Vec<(MountKind, Option<&str>, Option<&str>, bool)> = mounts
        .iter()
        .map(|m| {
            (m.kind, m.source.as_ref().map(|s| s.value.as_str()), m.target.as_deref(), m.read_only)
        })
        .collect();
    assert_eq!(
        summary,
        [
            (MountKind::Bind, Some("./site"), Some("/usr/share/nginx/html"), true),
            (MountKind::Volume, Some("cache"), Some("/var/cache/nginx"), false),
            (MountKind::Tmpfs, None, Some("/tmp"), false),
        ]
    );
    assert_eq!(mounts[0].source.as_ref().unwrap().range.slice(TRICKY), "./site");
}

#[test]
fn environment_list_and_map_with_interpolation() {
    let file = ComposeFile::parse(TRICKY);
    let tree = &file.tree;
    let web = file.model.services[0].environment(tree);
    assert_eq!(web[0].name, "NGINX_HOST");
    assert_eq!(web[0].name_range.slice(TRICKY), "NGINX_HOST");
    assert_eq!(web[0].literalness, Literalness::Interpolated);
    assert_eq!(web[1].value.as_deref(), Some("$$5"));
    assert_eq!(web[1].literalness, Literalness::Literal);
    let api = file.model.services[1].environment(tree);
    assert_eq!(api[1].name, "DB_PASSWORD_FILE");
    assert_eq!(api[1].value.as_deref(), Some("/run/secrets/db_password"));
}

#[test]
fn build_secrets_networks_depends_on_limits() {
    let file = ComposeFile::parse(TRICKY);
    let tree = &file.tree;
    let (web, api) = (&file.model.services[0], &file.model.services[1]);
    let build = api.build(tree).unwrap();
    assert_eq!(build.context.unwrap().value, "./api");
    assert_eq!(build.target.unwrap().value, "runtime");
    assert_eq!(build.args[0].name, "VERSION");
    let secrets: Vec<String> = api.secrets(tree).into_iter().map(|r| r.name).collect();
    assert_eq!(secrets, ["db_password", "api_key"]);
    let networks: Vec<String> = api.networks(tree).into_iter().map(|r| r.name).collect();
    assert_eq!(networks, ["front", "back"]);
    let depends: Vec<String> = web.depends_on(tree).into_iter().map(|r| r.name).collect();
    assert_eq!(depends, ["api"]);
    let limits = web.limits(tree);
    assert_eq!(limits.memory.unwrap().value, "128M");
    assert_eq!(limits.cpus.unwrap().value, "0.5");
    assert_eq!(limits.pids.unwrap().value, "100");
    let limits = api.limits(tree);
    assert_eq!(
        (limits.memory.unwrap().value, limits.pids.unwrap().value),
        ("256m".into(), "200".into())
    );
    assert!(web.boolean(tree, "read_only").unwrap().value);
}

#[test]
fn extends_and_reset() {
    let text = "\
services:
  base:
    image: x
    cap_drop: [ALL]
  child:
    extends: base
    ports: !reset []
  remote:
    extends: {file: other.yaml, service: base}
";
    let file = ComposeFile::parse(text);
    let child = &file.model.services[1];
    let chain = file.extends_chain(child).unwrap();
    assert_eq!(chain.iter().map(|s| s.name.as_str()).collect::<Vec<_>>(), ["child", "base"]);
    assert!(child.get(&file.tree, "ports").is_none());
    assert!(file.extends_chain(&file.model.services[2]).is_none());
}

#[test]
fn several_documents_and_broken_ones() {
    let file = ComposeFile::parse(
        "services:\n  a: {image: x}\n---\nservices:\n  b: {image: y}\n---\nservices: [\n",
    );
    let names: Vec<&str> = file.model.services.iter().map(|s| s.name.as_str()).collect();
    assert_eq!(names, ["a", "b"]);
    assert_eq!(file.tree.errors.len(), 1);
}

/// The corpus beside the checkout (`../shared/corpus`), when it is there.
fn corpus_compose_files() -> Option<Vec<(String, String)>> {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/corpus");
    if !root.is_dir() {
        return None;
    }
    let mut files = Vec::new();
    let mut folders = vec![root.clone()];
    while let Some(folder) = folders.pop() {
        let Ok(entries) = std::fs::read_dir(&folder) else { continue };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                folders.push(path);
            } else if crate::files::language_of(&path.to_string_lossy())
                == Some(crate::Language::Compose)
            {
                let relative =
                    path.strip_prefix(&root).unwrap_or(&path).to_string_lossy().replace('\\', "/");
                files.push((relative, std::fs::read_to_string(&path).unwrap_or_default()));
            }
        }
    }
    files.sort();
    Some(files)
}

#[test]
fn suppressions_cover_the_next_entry_or_the_file() {
    let text = "\
# dockwarden global ignore=CP027
services:
  # dockwarden ignore=CP002 -- a vendor image that needs its capabilities
  vendor:
    image: example/vendor:1
    ports: [\"8080:80\"]
  web:
    image: nginx:1.27
    cap_drop: [ALL]
    volumes:
      # dockwarden ignore=runtime-socket-mounted
      - /var/run/docker.sock:/var/run/docker.sock
      - /run/containerd/containerd.sock:/run/containerd/containerd.sock
    # hadolint ignore=DL3002
    privileged: true
";
    let settings = crate::RuleSettings::all_rules();
    let report =
        crate::check_source(crate::Language::Compose, text, &settings, &crate::SideFiles::new());
    let shown: Vec<(&str, &str)> =
        report.diagnostics.iter().map(|d| (d.rule.code, d.range.slice(text))).collect();
    assert_eq!(
        shown,
        [("CP012", "/run/containerd/containerd.sock"), ("CP001", "privileged: true")]
    );
    let suppressed: Vec<(&str, bool)> =
        report.suppressed.iter().map(|(d, s)| (d.rule.code, s.global)).collect();
    assert_eq!(suppressed, [("CP002", false), ("CP012", false), ("CP027", true)]);
    let file = ComposeFile::parse(text);
    let reasons: Vec<Option<String>> =
        file.suppressions().entries.iter().map(|s| s.reason.clone()).collect();
    assert_eq!(reasons[1].as_deref(), Some("a vendor image that needs its capabilities"));
}

#[test]
fn truncated_corpus_and_fixture_files_never_panic() {
    let mut texts: Vec<String> =
        corpus_compose_files().unwrap_or_default().into_iter().map(|(_, text)| text).collect();
    texts.push(TRICKY.to_owned());
    let settings = crate::RuleSettings::all_rules();
    for text in &texts {
        let boundaries: Vec<usize> =
            (0..=text.len()).filter(|&i| text.is_char_boundary(i)).collect();
        // Every line end, and a spread of offsets inside lines.
        let cuts = boundaries
            .iter()
            .copied()
            .filter(|&i| i % 7 == 0 || text.as_bytes().get(i) == Some(&b'\n'));
        for cut in cuts {
            let truncated = &text[..cut];
            let report = crate::check_source(
                crate::Language::Compose,
                truncated,
                &settings,
                &crate::SideFiles::new(),
            );
            for diagnostic in &report.diagnostics {
                assert!(diagnostic.range.end as usize <= truncated.len());
                for fix in &diagnostic.fixes {
                    assert!(crate::text::apply_edits(truncated, &fix.edits).is_ok(), "{truncated}");
                }
            }
        }
    }
}

#[test]
fn breaking_the_yaml_and_mending_it_comes_back_to_the_readable_file() {
    let text = "services:\n  web:\n    image: nginx:1.27\n    cap_drop: [ALL]\n";
    let original = ComposeFile::parse(text);
    let at = text.find("[ALL]").unwrap() as u32 + 5;
    // `cap_drop: [ALL]x` does not read; deleting the x again mends it.
    let broken = original.apply_edit(&crate::text::TextEdit::insert(at, "x"));
    assert!(broken.is_unreadable());
    let broken_twice = broken.apply_edit(&crate::text::TextEdit::insert(at + 1, "y"));
    assert!(broken_twice.is_unreadable());
    let mended = broken_twice
        .apply_edit(&crate::text::TextEdit::delete(crate::text::TextRange::new(at, at + 2)));
    assert_eq!(mended.text(), text);
    assert_eq!(mended, ComposeFile::parse(text));
    assert!(!mended.is_unreadable());
}
