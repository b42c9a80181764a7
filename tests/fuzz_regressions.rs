//! Replays the inputs the fuzz targets once failed on (`fuzz/regressions/`)
//! through the same checks, and the fixtures too, so that a fuzz bug, once
//! fixed, stays fixed.

mod support;

use dockwarden_analysis::testing::fuzz;

#[test]
fn fuzz_regressions_and_fixtures_pass_the_fuzz_checks() {
    let root = support::repo_root();
    let regressions = root.join("fuzz/regressions");
    let mut replayed = 0;
    for (target, check) in [
        ("dockerfile_parse", fuzz::dockerfile as fn(&[u8])),
        ("compose_parse", fuzz::compose as fn(&[u8])),
        ("compose_incremental", fuzz::compose_edits_from_bytes as fn(&[u8])),
    ] {
        for path in support::files_under(&regressions.join(target), &|_| true) {
            check(&std::fs::read(&path).unwrap());
            replayed += 1;
        }
    }
    // The fixtures, which seed the fuzzers, pass the same checks.
    for path in support::files_under(&root.join("fixtures"), &|path| path.is_file()) {
        let bytes = std::fs::read(&path).unwrap();
        let name = support::file_name(&path);
        if name.ends_with(".yaml") || name.ends_with(".yml") {
            fuzz::compose(&bytes);
        } else {
            fuzz::dockerfile(&bytes);
        }
        replayed += 1;
    }
    assert!(replayed > 20, "only {replayed} inputs replayed");
}
