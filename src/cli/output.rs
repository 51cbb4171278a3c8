//! Standard output and error that never panic. `println!` panics when the reader has gone away
//! (`muscat report FILE | head -5`); here a closed pipe ends the output quietly and the command
//! finishes with its own exit code, as other command-line tools do. Any other write error (a
//! full disk behind `> FILE`) is reported once on standard error and makes the exit code 1.

use std::io::{ErrorKind, Write};
use std::sync::atomic::{AtomicBool, Ordering};

/// The reader of standard output went away: nothing more is written to it.
static CLOSED: AtomicBool = AtomicBool::new(false);
/// Writing standard output failed for another reason.
static FAILED: AtomicBool = AtomicBool::new(false);

/// Write `text` to standard output.
pub(crate) fn write_out(text: &str) {
    if CLOSED.load(Ordering::Relaxed) || FAILED.load(Ordering::Relaxed) {
        return;
    }
    let mut stdout = std::io::stdout().lock();
    if let Err(e) = stdout
        .write_all(text.as_bytes())
        .and_then(|()| stdout.flush())
    {
        if e.kind() == ErrorKind::BrokenPipe {
            CLOSED.store(true, Ordering::Relaxed);
        } else {
            FAILED.store(true, Ordering::Relaxed);
            write_err(&format!(
                "muscat: cannot write the output: {}\n",
                crate::io::describe(&e)
            ));
        }
    }
}

/// Write `text` to standard error. With nowhere to report it, a failure is ignored.
pub(crate) fn write_err(text: &str) {
    let mut stderr = std::io::stderr().lock();
    let _ = stderr
        .write_all(text.as_bytes())
        .and_then(|()| stderr.flush());
}

/// Whether writing standard output failed for a reason other than a closed pipe.
pub(crate) fn failed() -> bool {
    FAILED.load(Ordering::Relaxed)
}

/// `print!` that never panics.
macro_rules! out {
    ($($arg:tt)*) => { $crate::cli::output::write_out(&format!($($arg)*)) };
}

/// `println!` that never panics.
macro_rules! outln {
    ($($arg:tt)*) => { $crate::cli::output::write_out(&(format!($($arg)*) + "\n")) };
}

/// `eprintln!` that never panics.
macro_rules! errln {
    ($($arg:tt)*) => { $crate::cli::output::write_err(&(format!($($arg)*) + "\n")) };
}

pub(crate) use {errln, out, outln};
