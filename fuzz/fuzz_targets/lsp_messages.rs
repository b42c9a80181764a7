//! Any messages (one JSON value per line) must leave the server's main loop
//! running, with no handler panicking, until `shutdown` and `exit`.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|input: &[u8]| {
    dockwarden_lsp::fuzzing::messages(input);
});
