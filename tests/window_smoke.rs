//! The real window opens on the bundled scenario and keeps running, under a virtual X display
//! (Xvfb) with software GL. Behind the `snapshots` feature with the other tests that need
//! display drivers; `.ci/run` installs Xvfb and Mesa.
#![cfg(feature = "snapshots")]

use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

#[test]
fn the_window_opens_and_stays_up() {
    // A display no X server holds: a stale lock or socket left by a killed server (seen on a
    // developer's machine) would make Xvfb refuse to start while the old socket fooled the wait
    // below.
    let start_at = 150 + std::process::id() % 50;
    let display = (0..100)
        .map(|k| 150 + (start_at - 150 + k) % 100)
        .find(|n| {
            !std::path::Path::new(&format!("/tmp/.X{n}-lock")).exists()
                && !std::path::Path::new(&format!("/tmp/.X11-unix/X{n}")).exists()
        })
        .map(|n| format!(":{n}"))
        .expect("a free X display between :150 and :249");
    let mut xvfb = match Command::new("Xvfb")
        .args([
            display.as_str(),
            "-screen",
            "0",
            "1600x1000x24",
            "-nolisten",
            "tcp",
        ])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
    {
        Ok(c) => c,
        Err(e) => panic!("Xvfb is needed for this test (Debian: xvfb): {e}"),
    };
    // Wait for the display's socket, however long the machine takes to start Xvfb.
    let socket = std::path::PathBuf::from(format!("/tmp/.X11-unix/X{}", &display[1..]));
    let start = Instant::now();
    // Until the server accepts a connection, not merely until its socket file appears.
    let ready = || std::os::unix::net::UnixStream::connect(&socket).is_ok();
    while !ready() && start.elapsed() < Duration::from_secs(60) {
        if let Ok(Some(status)) = xvfb.try_wait() {
            panic!("Xvfb exited at once ({status}) on display {display}");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    assert!(ready(), "Xvfb did not start a display");
    let runtime = std::env::temp_dir().join(format!("muscat-smoke-{}", std::process::id()));
    let _ = std::fs::create_dir_all(&runtime);
    let mut app = Command::new(env!("CARGO_BIN_EXE_muscat"))
        .env("DISPLAY", &display)
        .env_remove("WAYLAND_DISPLAY")
        .env("XDG_RUNTIME_DIR", &runtime)
        .env("XDG_DATA_HOME", &runtime)
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start muscat");
    let start = Instant::now();
    let mut exited = None;
    while start.elapsed() < Duration::from_secs(8) {
        if let Ok(Some(status)) = app.try_wait() {
            exited = Some(status);
            break;
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    let _ = app.kill();
    let output = app.wait_with_output().expect("collect output");
    let _ = xvfb.kill();
    let _ = xvfb.wait();
    let _ = std::fs::remove_dir_all(&runtime);
    assert!(
        exited.is_none(),
        "the app exited early ({exited:?}): {}",
        String::from_utf8_lossy(&output.stderr)
    );
}
