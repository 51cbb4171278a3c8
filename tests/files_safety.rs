//! Files that never lose work: atomic saves under SIGKILL, backups, failed saves.

mod common;

use common::TempDir;

use muscat::io::{self, backup_path, write_atomic};
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

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

/// A cheap deterministic sequence of fractions in [0, 1) (no extra crates, same on every run).
struct Fractions(u64);

impl Fractions {
    fn next(&mut self) -> f64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 >> 11) as f64 / (1u64 << 53) as f64
    }
}

/// Temporary files of a save of `target` now in its folder.
fn temps_of(target: &Path) -> Vec<std::path::PathBuf> {
    let name = target
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let dir = target.parent().expect("a folder");
    std::fs::read_dir(dir)
        .expect("list")
        .flatten()
        .filter(|e| io::is_temp_of(&name, &e.file_name().to_string_lossy()))
        .map(|e| e.path())
        .collect()
}

/// Whether the child has exited.
fn exited(child: &mut std::process::Child) -> bool {
    matches!(child.try_wait(), Ok(Some(_)))
}

/// Saves killed with SIGKILL at every stage: while the scenario is being built, right as the
/// temporary file appears, and part-way through writing it. A kill counts as landing mid-write
/// from what is on disk (a temporary file left behind), never from the clock, so the test
/// means the same on a fast machine and a slow one: it keeps going until enough kills have
/// landed mid-write.
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
    // One uninterrupted save, timed from start to end and from the temporary file's
    // appearance to the end, to spread the kills over this machine's own timings.
    let started = Instant::now();
    let mut child = generate(&target, 2, 6000).spawn().expect("spawn");
    let mut appeared = None;
    while !exited(&mut child) {
        if appeared.is_none() && !temps_of(&target).is_empty() {
            appeared = Some(started.elapsed());
        }
        std::thread::sleep(Duration::from_micros(100));
    }
    let whole = started.elapsed();
    let write_window = whole.saturating_sub(appeared.unwrap_or_default());
    assert_eq!(std::fs::read(&target).expect("saved"), versions[1]);

    let mut fractions = Fractions(0x2545_F491_4F6C_DD1D);
    let (mut kills, mut mid_write, mut stale_cleared) = (0, 0, 0);
    while mid_write < 10 && kills < 400 {
        let seed = 1 + (kills as u64) % 2;
        let mut child = generate(&target, seed, 6000).spawn().expect("spawn");
        if kills % 3 == 0 {
            // Anywhere in the run, building included.
            std::thread::sleep(whole.mul_f64(fractions.next()));
        } else {
            // Once the temporary file is there, somewhere in the write.
            while !exited(&mut child) && temps_of(&target).is_empty() {
                std::thread::sleep(Duration::from_micros(50));
            }
            std::thread::sleep(write_window.mul_f64(0.8 * fractions.next()));
        }
        let _ = child.kill(); // SIGKILL on Unix
        let _ = child.wait();
        kills += 1;
        let now = std::fs::read(&target).expect("the target always exists");
        assert!(
            now == versions[0] || now == versions[1],
            "kill {kills}: the file is neither version ({} bytes)",
            now.len()
        );
        let left = temps_of(&target);
        if !left.is_empty() {
            mid_write += 1;
            // Opening the scenario clears what the killed save left, and only that.
            let other = dir.0.join(".big.ron.notes.muscat-tmp");
            std::fs::write(&other, b"not a temporary file of big.ron").expect("decoy");
            io::load_file(&target).expect("always a valid scenario");
            assert!(
                temps_of(&target).is_empty(),
                "stale temporary files stay: {left:?}"
            );
            assert!(other.exists(), "a file of another pattern was removed");
            stale_cleared += 1;
        } else {
            io::load_file(&target).expect("always a valid scenario");
        }
    }
    assert!(
        mid_write >= 10,
        "only {mid_write} of {kills} kills landed while the file was being written"
    );
    assert_eq!(stale_cleared, mid_write);
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
    s2.header.title = "Changed".into();
    io::save_file(&target, &s2).expect("second save");
    assert_eq!(std::fs::read(backup_path(&target)).expect("bak"), first);
    assert_eq!(
        io::load_file(&target)
            .expect("reload")
            .scenario
            .header
            .title,
        "Changed"
    );
    // No temporary files are left behind: every one Muscat makes ends `.muscat-tmp`.
    let leftovers: Vec<_> = std::fs::read_dir(&dir.0)
        .expect("list")
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().ends_with(".muscat-tmp"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
    // The pattern the check looks for is the one saves use.
    assert!(io::is_temp_of(
        "s.ron",
        ".s.ron.0123456789abcdef.muscat-tmp"
    ));
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

/// Private export folders now in `dir`.
fn export_folders(dir: &Path) -> Vec<std::path::PathBuf> {
    std::fs::read_dir(dir)
        .expect("list")
        .flatten()
        .filter(|e| {
            let n = e.file_name().to_string_lossy().into_owned();
            n.starts_with(".export-") && n.ends_with(".muscat-tmp")
        })
        .map(|e| e.path())
        .collect()
}

/// Exports killed while they write their private folder leave it behind; the next export into
/// the same folder removes it. A kill counts only if it left the folder there (from what is on
/// disk, never the clock), so the test means the same on any machine.
#[test]
fn a_killed_export_leaves_nothing_the_next_one_does_not_clear() {
    let dir = TempDir::new("export-kill");
    let scenario = dir.file("s.ron", muscat::io::DEFAULT_SCENARIO);
    let out = dir.0.join("out");
    std::fs::create_dir_all(&out).expect("out");
    let export = || {
        let mut c = Command::new(env!("CARGO_BIN_EXE_muscat"));
        c.args(["export"])
            .arg(&scenario)
            .arg("--out")
            .arg(&out)
            .args(["--format", "svg,png,html,pdf", "--force"])
            .stdout(Stdio::null())
            .stderr(Stdio::null());
        c
    };
    let (mut left, mut tries) = (0, 0);
    while left < 3 && tries < 50 {
        tries += 1;
        let mut child = export().spawn().expect("spawn");
        while !exited(&mut child) && export_folders(&out).is_empty() {
            std::thread::sleep(Duration::from_micros(100));
        }
        let _ = child.kill();
        let _ = child.wait();
        if !export_folders(&out).is_empty() {
            left += 1;
            // The next export clears it, and leaves nothing of its own.
            let ok = export().status().expect("export");
            assert!(ok.success());
            assert_eq!(export_folders(&out), Vec::<std::path::PathBuf>::new());
        }
    }
    assert!(
        left >= 3,
        "only {left} of {tries} kills left a folder behind"
    );
}
