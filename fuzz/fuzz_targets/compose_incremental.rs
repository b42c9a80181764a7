//! A Compose file and a sequence of edits: the incremental `apply_edit` must
//! equal a fresh parse after every edit. The input is raw bytes, decoded by
//! `compose_edits_from_bytes` (text, then `0xFF`-separated edits), so that a
//! crash replays in `tests/fuzz_regressions.rs` without the fuzzer.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    dockwarden_analysis::testing::fuzz::compose_edits_from_bytes(data);
});
