//! Entry point: parse the command line, then run the GUI or a subcommand.

use clap::Parser;
use muscat::app::{MuscatApp, StartOptions};
use muscat::cli::{Cli, EXIT_BAD_INPUT, EXIT_OK, run};

fn main() {
    let cli = Cli::parse();
    let code = match cli.command {
        Some(command) => run(command),
        None => run_gui(StartOptions {
            file: cli.file,
            present: cli.present,
        }),
    };
    std::process::exit(code);
}

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
        Ok(()) => EXIT_OK,
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
