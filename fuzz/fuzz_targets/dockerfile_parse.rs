//! Any bytes, as a Dockerfile: parsing and every rule must not panic, the
//! tree must keep every byte, and every fix must apply to the text.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| dockwarden_analysis::testing::fuzz::dockerfile(data));
