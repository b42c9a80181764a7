//! A Dockerfile and a sequence of edits: the incremental reparse must equal
//! a fresh parse after every edit.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|input: (String, Vec<(u16, u8, String)>)| {
    dockwarden_analysis::testing::fuzz::dockerfile_edits(&input.0, &input.1);
});
