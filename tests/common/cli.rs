//! Running the `muscat` binary from the tests.

use std::path::Path;
use std::process::{Command, Output};

/// Run `muscat` with `args` and wait for it.
pub fn muscat(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_muscat"))
        .args(args)
        .output()
        .expect("run muscat")
}

/// Output bytes as text.
pub fn text(o: &[u8]) -> String {
    String::from_utf8_lossy(o).into_owned()
}

/// A path as an argument.
pub fn s(p: &Path) -> &str {
    p.to_str().expect("utf-8 path")
}
