//! Neovim end to end.
fn main() {}
