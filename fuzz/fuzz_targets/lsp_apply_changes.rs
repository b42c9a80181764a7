//! LSP content changes in any position encoding, applied through the
//! server's one conversion module, must equal a plain walk of the string.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|input: (String, Vec<dockwarden_lsp::fuzzing::Change>)| {
    dockwarden_lsp::fuzzing::apply_changes(&input.0, &input.1);
});
