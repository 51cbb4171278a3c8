//! Files that never lose work: atomic saves under SIGKILL, backups, failed saves.

mod common;

use common::TempDir;

use muscat::io::{self, backup_path, write_atomic};
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Duration;

fn generate(out: &Path, seed: u64, leaves: u64) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_muscat"));
    c.args([
        "generate",
        "--leaves",
        &leaves.to_string(),
        "--seed",
        &seed.to_string(),
        "--out",
    ])
    .arg(out)
    .stdout(Stdio::null())
    .stderr(Stdio::null());
    c
}

/// A cheap deterministic sequence for kill delays (no extra crates, same on every run).
fn delays(n: usize) -> Vec<Duration> {
    let mut x: u64 = 0x2545_F491_4F6C_DD1D;
    (0..n)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            Duration::from_millis(x % 400)
        })
        .collect()
}

#[test]
fn a_save_killed_at_any_point_leaves_the_old_or_the_new_file() {
    let dir = TempDir::new("kill");
    let target = dir.0.join("big.ron");
    // Two versions of a large file: seeds 1 and 2 give different, deterministic contents.
    let versions: Vec<Vec<u8>> = [1u64, 2]
        .iter()
        .map(|&seed| {
            let p = dir.0.join(format!("v{seed}.ron"));
            let ok = generate(&p, seed, 6000).status().expect("run muscat");
            assert!(ok.success());
            std::fs::read(&p).expect("read version")
        })
        .collect();
    assert!(versions[0].len() > 3_000_000, "the file should be large");
    std::fs::write(&target, &versions[0]).expect("old version");
    let mut killed_mid_write = 0;
    for (i, delay) in delays(40).into_iter().enumerate() {
        let seed = 1 + (i as u64 + 1) % 2;
        let mut child = generate(&target, seed, 6000).spawn().expect("spawn");
        std::thread::sleep(delay);
        let finished = matches!(child.try_wait(), Ok(Some(_)));
        let _ = child.kill(); // SIGKILL on Unix
        let _ = child.wait();
        if !finished {
            killed_mid_write += 1;
        }
        let now = std::fs::read(&target).expect("the target always exists");
        assert!(
            now == versions[0] || now == versions[1],
            "iteration {i}: the file is neither version ({} bytes)",
            now.len()
        );
        // It always loads.
        io::load_file(&target).expect("always a valid scenario");
    }
    assert!(
        killed_mid_write > 10,
        "the kills should land during saves ({killed_mid_write})"
    );
}

#[test]
fn saving_keeps_the_previous_version_as_bak() {
    let dir = TempDir::new("bak");
    let target = dir.0.join("s.ron");
    let s = muscat::io::default_scenario();
    io::save_file(&target, &s).expect("first save");
    assert!(!backup_path(&target).exists());
    let first = std::fs::read(&target).expect("read");
    let mut s2 = s.clone();
    s2.title = "Changed".into();
    io::save_file(&target, &s2).expect("second save");
    assert_eq!(std::fs::read(backup_path(&target)).expect("bak"), first);
    assert_eq!(
        io::load_file(&target).expect("reload").scenario.title,
        "Changed"
    );
    // No temporary files are left behind.
    let leftovers: Vec<_> = std::fs::read_dir(&dir.0)
        .expect("list")
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().ends_with(".tmp"))
        .collect();
    assert!(leftovers.is_empty());
}

#[test]
fn saving_to_a_read_only_file_fails_cleanly() {
    let dir = TempDir::new("ro");
    let target = dir.0.join("locked.ron");
    std::fs::write(&target, "old contents").expect("write");
    let mut perms = std::fs::metadata(&target).expect("meta").permissions();
    perms.set_readonly(true);
    std::fs::set_permissions(&target, perms).expect("chmod");
    let err = write_atomic(&target, b"new contents", true).expect_err("read-only");
    assert!(err.to_string().contains("read-only"), "{err}");
    assert!(err.to_string().contains("was not changed"), "{err}");
    assert_eq!(
        std::fs::read_to_string(&target).expect("read"),
        "old contents"
    );
    let mut perms = std::fs::metadata(&target).expect("meta").permissions();
    #[allow(clippy::permissions_set_readonly_false)]
    perms.set_readonly(false);
    let _ = std::fs::set_permissions(&target, perms);
}

#[test]
fn saving_into_a_missing_folder_fails_cleanly() {
    let err = write_atomic(Path::new("/no/such/folder/s.ron"), b"x", true).expect_err("missing");
    assert!(err.to_string().contains("does not exist"), "{err}");
}
