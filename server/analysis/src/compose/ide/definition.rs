//! Go to definition in a Compose file: an alias to its anchor, and the
//! names a service refers to (networks, volumes, secrets, configs, services
//! in `depends_on`, `links` and `extends`) to where the file declares them.

use super::place_at;
use crate::compose::ComposeFile;
use crate::compose::model::Declared;
use crate::compose::yaml::{Entry, NodeKind};
use crate::ide::Target;

pub fn definition(file: &ComposeFile, offset: u32) -> Option<Target> {
    let tree = &file.tree;
    let place = place_at(file, offset);
    let node = place.node?;
    let origin = tree.range(node);
    if let NodeKind::Alias(alias) = &tree.node(node).kind {
        let target = alias.target?;
        let anchor = tree.node(target).anchor()?;
        return Some(Target {
            origin,
            range: anchor.range.cover(tree.range(target)),
            selection_range: anchor.range,
        });
    }
    let name = tree.str(node)?;
    let model = &file.model;
    let keys: Vec<&str> = place.keys.iter().map(String::as_str).collect();
    let entry: Entry = match keys.as_slice() {
        ["services", _, "networks", ..] => find(&model.networks, name)?,
        ["services", _, "secrets", ..] => find(&model.secrets, name)?,
        ["services", _, "configs", ..] => find(&model.configs, name)?,
        ["services", _, "volumes", ..] => {
            let source = name.split(':').next().unwrap_or(name);
            find(&model.volumes, source)?
        }
        ["services", this, "depends_on" | "links" | "extends", ..] => {
            let service_name = name.split(':').next().unwrap_or(name);
            if service_name == *this {
                return None;
            }
            model.service(service_name)?.entry
        }
        _ => return None,
    };
    Some(Target { origin, range: tree.entry_range(entry), selection_range: tree.range(entry.key) })
}

fn find(declared: &[Declared], name: &str) -> Option<Entry> {
    declared.iter().find(|declared| declared.name == name).map(|declared| declared.entry)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn defined(marked: &str) -> Option<String> {
        let offset = marked.find('|').unwrap();
        let text = marked.replace('|', "");
        let file = ComposeFile::parse(&text);
        definition(&file, offset as u32)
            .map(|target| target.selection_range.slice(&text).to_owned())
    }

    #[test]
    fn references_anchors_and_extends() {
        let text = "services:\n  web:\n    networks: [fr|ont]\n    secrets:\n      - source: db_pass\n    volumes:\n      - data:/var/lib\n  db:\n    extends: web\nnetworks:\n  front: {}\nsecrets:\n  db_pass:\n    file: ./p\nvolumes:\n  data: {}\n";
        assert_eq!(defined(text).as_deref(), Some("front"));
        assert_eq!(
            defined(
                &text.replace("fr|ont", "front").replace("db_pass\n    vol", "db_p|ass\n    vol")
            )
            .as_deref(),
            Some("db_pass")
        );
        assert_eq!(
            defined(&text.replace("fr|ont", "front").replace("- data:", "- da|ta:")).as_deref(),
            Some("data")
        );
        assert_eq!(
            defined(&text.replace("fr|ont", "front").replace("extends: web", "extends: w|eb"))
                .as_deref(),
            Some("web")
        );
        let anchors = "x-base: &base\n  image: nginx\nservices:\n  web:\n    <<: *ba|se\n";
        assert_eq!(defined(anchors).as_deref(), Some("&base"));
        assert_eq!(defined("services:\n  web:\n    image: ngi|nx\n"), None);
    }
}
