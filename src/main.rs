//! Entry point: parse the command line, then run the GUI or a subcommand.

use clap::Parser;
use muscat::cli::{Cli, run};

fn main() {
    let cli = Cli::parse();
    let code = match cli.command {
        Some(command) => run(command),
        None => {
            eprintln!("the GUI comes next");
            0
        }
    };
    std::process::exit(code);
}
