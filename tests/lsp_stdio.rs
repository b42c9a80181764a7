//! The transport: the built `dockwarden server` over stdio.
fn main() {}
