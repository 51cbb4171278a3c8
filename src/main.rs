//! Entry point: parse the command line, then run the GUI or a subcommand.

use clap::Parser;
#[cfg(feature = "gui")]
use muscat::app::{MuscatApp, StartOptions};
use muscat::cli::{Cli, EXIT_BAD_INPUT, run};

fn main() {
    let cli = Cli::parse();
    let code = match cli.command {
        Some(command) => {
            let code = run(command);
            report_peak_memory();
            code
        }
        #[cfg(feature = "gui")]
        None => run_gui(StartOptions {
            file: cli.file,
            present: cli.present,
        }),
        #[cfg(not(feature = "gui"))]
        None => no_gui(),
    };
    std::process::exit(code);
}

/// With `MUSCAT_PEAK_MEMORY` set, say on standard error how much memory the command took at
/// most (the kernel's high-water mark of resident memory), for the benchmarks.
fn report_peak_memory() {
    if std::env::var_os("MUSCAT_PEAK_MEMORY").is_none() {
        return;
    }
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    if let Some(line) = status.lines().find(|l| l.starts_with("VmHWM:")) {
        let kb: u64 = line
            .split_whitespace()
            .nth(1)
            .and_then(|n| n.parse().ok())
            .unwrap_or(0);
        eprintln!("muscat: peak memory {} MB", kb / 1024);
    } else {
        eprintln!("muscat: peak memory unknown on this system");
    }
}

/// A build without the `gui` feature has no window: say so and how to get one.
#[cfg(not(feature = "gui"))]
fn no_gui() -> i32 {
    use std::io::Write;
    let _ = writeln!(
        std::io::stderr(),
        "muscat: this build has no window (built without the `gui` feature); see `muscat --help` for the commands, or build with `cargo build --release` for the app"
    );
    EXIT_BAD_INPUT
}

#[cfg(feature = "gui")]
fn run_gui(start: StartOptions) -> i32 {
    let options = eframe::NativeOptions {
        viewport: egui::ViewportBuilder::default()
            .with_title("Muscat")
            .with_app_id("muscat")
            .with_inner_size([1500.0, 920.0])
            .with_min_inner_size([960.0, 600.0])
            .with_drag_and_drop(true),
        renderer: eframe::Renderer::Glow,
        persist_window: true,
        ..Default::default()
    };
    let result = eframe::run_native(
        "Muscat",
        options,
        Box::new(move |cc| Ok(Box::new(MuscatApp::new(cc, start)))),
    );
    match result {
        Ok(()) => muscat::cli::EXIT_OK,
        Err(e) => {
            // A closed standard error must not turn this message into a panic.
            use std::io::Write;
            let _ = writeln!(
                std::io::stderr(),
                "muscat: cannot open the window: {e}\nmuscat: the command line still works without a display: see `muscat --help`"
            );
            EXIT_BAD_INPUT
        }
    }
}
