//! Replays the fuzzing corpus (fuzz/corpus/loader) as an ordinary test: every input must load,
//! or fail with located problems, and never panic. Whatever loads must save and load back
//! identical, as the fuzz target checks.

#[test]
fn the_malformed_input_corpus_replays_cleanly() {
    let dir = std::path::Path::new("fuzz/corpus/loader");
    let mut entries: Vec<_> = std::fs::read_dir(dir)
        .expect("the corpus is in the repository")
        .flatten()
        .map(|e| e.path())
        .collect();
    entries.sort();
    assert!(
        entries.len() >= 50,
        "the corpus has {} inputs",
        entries.len()
    );
    let (mut ok, mut failed) = (0, 0);
    for path in entries {
        let bytes = std::fs::read(&path).expect("read");
        let name = path.display().to_string();
        match muscat::io::load_bytes(&bytes, &name) {
            Ok(loaded) => {
                ok += 1;
                let text = muscat::io::to_ron_string(&loaded.scenario);
                let again = muscat::io::load_str(&text, "again.ron")
                    .unwrap_or_else(|e| panic!("{name}: saved text does not load: {e}"));
                assert_eq!(again.scenario, loaded.scenario, "{name}");
            }
            Err(e) => {
                failed += 1;
                assert!(!e.problems.is_empty(), "{name}");
                assert!(e.to_string().starts_with(&name), "{name}: {e}");
            }
        }
    }
    assert!(ok >= 4 && failed >= 40, "{ok} loaded, {failed} rejected");
}
