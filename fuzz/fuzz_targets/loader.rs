//! Fuzz the scenario loader: any bytes must give a scenario or a located error, never a panic
//! or a hang. Run with `cargo +nightly fuzz run loader`; the corpus in `corpus/loader` is also
//! replayed by `tests/fuzz_corpus.rs` on stable.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    match muscat::io::load_bytes(data, "fuzz.ron") {
        Ok(loaded) => {
            // Whatever loads must save and load back identical.
            let text = muscat::io::to_ron_string(&loaded.scenario);
            let again = muscat::io::load_str(&text, "again.ron").expect("a saved file loads");
            assert_eq!(again.scenario, loaded.scenario);
        }
        Err(e) => assert!(!e.problems.is_empty()),
    }
});
