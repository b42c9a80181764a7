//! Any bytes, as a Compose file: the YAML tree, the model and every rule
//! must not panic, and every fix must apply to the text.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| dockwarden_analysis::testing::fuzz::compose(data));
