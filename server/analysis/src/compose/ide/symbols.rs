//! The outline of a Compose file: services, networks, volumes, secrets and
//! configs, each under its section.

use crate::compose::ComposeFile;
use crate::compose::model::Declared;
use crate::ide::{Symbol, SymbolKind};

pub fn symbols(file: &ComposeFile) -> Vec<Symbol> {
    let tree = &file.tree;
    let model = &file.model;
    let mut symbols: Vec<Symbol> = model
        .services
        .iter()
        .map(|service| Symbol {
            name: service.name.clone(),
            detail: service.image(tree).map(|image| image.value),
            kind: SymbolKind::Service,
            range: tree.entry_range(service.entry),
            selection_range: tree.range(service.entry.key),
            children: Vec::new(),
        })
        .collect();
    let mut add = |declared: &[Declared], kind: SymbolKind, detail: &str| {
        symbols.extend(declared.iter().map(|declared| Symbol {
            name: declared.name.clone(),
            detail: Some(detail.to_owned()),
            kind,
            range: tree.entry_range(declared.entry),
            selection_range: tree.range(declared.entry.key),
            children: Vec::new(),
        }));
    };
    add(&model.networks, SymbolKind::Network, "network");
    add(&model.volumes, SymbolKind::Volume, "volume");
    add(&model.secrets, SymbolKind::Secret, "secret");
    add(&model.configs, SymbolKind::Config, "config");
    symbols.sort_by_key(|symbol| symbol.range.start);
    symbols
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn services_and_declared_names() {
        let text = "services:\n  web:\n    image: nginx:1.27\n  db: {}\nnetworks:\n  front: {}\nsecrets:\n  key:\n    file: ./k\n";
        let found = symbols(&ComposeFile::parse(text));
        let names: Vec<(&str, SymbolKind)> =
            found.iter().map(|s| (s.name.as_str(), s.kind)).collect();
        assert_eq!(
            names,
            [
                ("web", SymbolKind::Service),
                ("db", SymbolKind::Service),
                ("front", SymbolKind::Network),
                ("key", SymbolKind::Secret)
            ]
        );
        assert_eq!(found[0].detail.as_deref(), Some("nginx:1.27"));
    }
}
