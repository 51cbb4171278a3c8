//! The one place the window asks the engine for work: every analysis a panel shows (the checks,
//! the signposts board, the compare table, a set's achieved ranges, Compare with File) is
//! requested here by kind and by a key of what it is for (document state and question).
//!
//! Work that fits in the frame is done at once. Longer work runs on a thread of its own, one per
//! kind: a request for a new key stops the run under way (the work polls its stop flag), and the
//! newest request starts once it has ended, so a drag never piles threads up. Each answer is kept
//! once per kind; until the answer for the key asked arrives, the previous one is returned,
//! marked as not current, and panels show it as updating.

use crate::engine::McProgress;
use crate::model::Scenario;
use std::any::Any;
use std::cell::RefCell;
use std::collections::HashMap;
use std::hash::{Hash, Hasher};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};

/// A kind of analysis: one slot, one answer kept, at most one thread.
pub type Kind = &'static str;

/// Work to run off the UI thread. It returns `None` when its stop flag was raised before it
/// finished.
pub type Work<T> = Box<dyn FnOnce(&AtomicBool) -> Option<T> + Send>;

/// Work that shows answers on its way to the last one (a simulation's quick pass before its
/// full run), and counts what it has done.
pub type Staged<T> = Box<dyn FnOnce(&Stage<'_, T>) -> Option<T> + Send>;

/// What staged work is given: its stop flag and counter, and a way to show an answer before
/// the last.
pub struct Stage<'a, T> {
    /// The count of work done (`done`), read by `Analyses::progress`, and the stop flag
    /// (`cancel`), raised when the document moves on.
    pub progress: &'a McProgress,
    early: &'a Mutex<Option<Value>>,
    wake: &'a (dyn Fn() + Send + Sync),
    answer: std::marker::PhantomData<fn(T)>,
}

impl<T: Send + Sync + 'static> Stage<'_, T> {
    /// Show `v` as the answer for the key asked until a later one (or the last) replaces it.
    pub fn show(&self, v: T) {
        if let Ok(mut e) = self.early.lock() {
            *e = Some(Arc::new(v));
        }
        (self.wake)();
    }

    /// Whether the work should stop: a newer question was asked.
    pub fn stopped(&self) -> bool {
        self.progress.cancel.load(Ordering::Relaxed)
    }
}

/// What a panel gets back.
pub struct Answer<T> {
    /// The answer for the key asked, or while that is being worked out, the previous one
    /// (`None` before the first).
    pub value: Option<Arc<T>>,
    /// Whether `value` is the answer for the key asked.
    pub current: bool,
}

impl<T> Answer<T> {
    /// Whether a newer answer is being worked out.
    pub fn updating(&self) -> bool {
        !self.current
    }
}

type Value = Arc<dyn Any + Send + Sync>;

/// Where a thread leaves its answer: `Some` once it has ended, with `None` inside when it was
/// stopped.
type Slot = Arc<Mutex<Option<Option<Value>>>>;

struct Running {
    key: u64,
    out: Slot,
    /// An answer shown on the way (`Stage::show`), not yet taken.
    early: Arc<Mutex<Option<Value>>>,
    progress: Arc<McProgress>,
    handle: std::thread::JoinHandle<()>,
}

impl Running {
    fn stop(&self) {
        self.progress.cancel.store(true, Ordering::Relaxed);
    }
}

#[derive(Default)]
struct Entry {
    shown: Option<(u64, Value)>,
    /// Whether `shown` is an answer staged work showed on its way: current only while that
    /// work still runs, so a run stopped before its last answer is started again when its key
    /// is asked for again.
    early: bool,
    running: Option<Running>,
    /// A key whose work ended without an answer (it panicked): not run again.
    failed: Option<u64>,
}

impl Entry {
    /// Take the answer of a thread that has ended.
    fn poll(&mut self) {
        let Some(r) = &self.running else {
            return;
        };
        if let Some(v) = r.early.lock().ok().and_then(|mut e| e.take()) {
            drop_later(self.shown.replace((r.key, v)));
            self.early = true;
        }
        let done = r.out.lock().ok().and_then(|mut o| o.take());
        match done {
            Some(Some(v)) => {
                drop_later(self.shown.replace((r.key, v)));
                self.early = false;
                self.running = None;
            }
            Some(None) => self.running = None, // stopped
            None if r.handle.is_finished() => {
                // Ended without leaving anything: the work panicked.
                self.failed = Some(r.key);
                self.running = None;
            }
            None => {}
        }
    }
}

impl Entry {
    /// The answer shown, after taking what a thread has left, and whether it is for `key`.
    fn answer_for<T: Send + Sync + 'static>(&mut self, key: u64) -> Answer<T> {
        self.poll();
        match &self.shown {
            Some((k, v)) => {
                let value = Arc::clone(v).downcast::<T>().ok();
                let running = self.running.as_ref().is_some_and(|r| r.key == key);
                Answer {
                    current: *k == key && value.is_some() && (!self.early || running),
                    value,
                }
            }
            None => Answer {
                value: None,
                current: false,
            },
        }
    }
}

/// The analysis service the app owns and every panel asks.
pub struct Analyses {
    entries: RefCell<HashMap<Kind, Entry>>,
    wake: Arc<dyn Fn() + Send + Sync>,
    snapshot: RefCell<Option<(u64, Arc<Scenario>)>>,
    shape: RefCell<Option<(u64, u64)>>,
}

impl Default for Analyses {
    fn default() -> Self {
        Self::new(Arc::new(|| {}))
    }
}

impl std::fmt::Debug for Analyses {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Analyses")
            .field("kinds", &self.entries.borrow().len())
            .finish_non_exhaustive()
    }
}

/// Drop `v` on a thread of its own. Freeing a large answer (a scenario, the checks and their
/// maps) takes milliseconds that the window's frame cannot spare; the thread starts with the
/// first value and frees them one after the other. Without a thread, `v` is dropped here.
pub fn drop_later<T: Send + 'static>(v: T) {
    use std::sync::OnceLock;
    use std::sync::mpsc::{Sender, channel};
    type Garbage = Box<dyn Send>;
    static BIN: OnceLock<Option<Mutex<Sender<Garbage>>>> = OnceLock::new();
    let bin = BIN.get_or_init(|| {
        let (tx, rx) = channel::<Garbage>();
        std::thread::Builder::new()
            .name("muscat-drop".into())
            .spawn(move || {
                in_background();
                rx.into_iter().for_each(drop)
            })
            .ok()
            .map(|_| Mutex::new(tx))
    });
    let v: Garbage = Box::new(v);
    match bin.as_ref().and_then(|m| m.lock().ok()) {
        Some(tx) => {
            // A send fails only when the thread has gone; the value is dropped here then.
            let _ = tx.send(v);
        }
        None => drop(v),
    }
}

/// Lower the calling thread's priority below the window's, for the threads that work out
/// analyses, run simulations, export and free old answers. On a machine with two cores these
/// threads would otherwise take the window's thread's turn, and a drag's frames would wait for
/// them. On Linux the priority (nice 10) is the thread's own, and the threads it starts (a
/// simulation's workers) inherit it; elsewhere this does nothing.
pub fn in_background() {
    #[cfg(target_os = "linux")]
    {
        // With no id, setpriority names the calling thread on Linux. A refusal leaves the
        // thread at the window's priority, which is only slower.
        let _ = rustix::process::setpriority_process(None, BACKGROUND_NICE);
    }
}

/// The nice value of background threads: 10 gives the window's thread (at 0) about ten
/// times their share of a core they both want.
pub const BACKGROUND_NICE: i32 = 10;

/// A key of anything hashable: a document state and a question.
pub fn key_of(what: &impl Hash) -> u64 {
    let mut h = std::collections::hash_map::DefaultHasher::new();
    what.hash(&mut h);
    h.finish()
}

impl Analyses {
    /// A service that calls `wake` (the window's repaint) when a thread has an answer.
    pub fn new(wake: Arc<dyn Fn() + Send + Sync>) -> Self {
        Self {
            entries: RefCell::new(HashMap::new()),
            wake,
            snapshot: RefCell::new(None),
            shape: RefCell::new(None),
        }
    }

    /// A shared copy of the document's scenario at `state`, made once per state for all the
    /// threads that need it.
    pub fn snapshot(&self, state: u64, s: &Scenario) -> Arc<Scenario> {
        let mut snap = self.snapshot.borrow_mut();
        match &*snap {
            Some((k, a)) if *k == state => Arc::clone(a),
            _ => {
                let a = Arc::new(s.clone());
                drop_later(snap.replace((state, Arc::clone(&a))));
                a
            }
        }
    }

    /// The fingerprint of the tree's shape at `state` (see `view::shape_of`), worked out once
    /// per state.
    pub fn shape(&self, state: u64, s: &Scenario) -> u64 {
        let mut shape = self.shape.borrow_mut();
        match *shape {
            Some((k, v)) if k == state => v,
            _ => {
                let v = crate::view::shape_of(s);
                *shape = Some((state, v));
                v
            }
        }
    }

    /// The answer of `kind` for `key`. `inline` says the work fits in the frame: it is then done
    /// at once. Otherwise `work` is called (to build what the thread needs, a snapshot say) only
    /// when a thread starts for `key`; meanwhile the previous answer is returned, not current.
    pub fn get<T: Send + Sync + 'static>(
        &self,
        kind: Kind,
        key: u64,
        inline: bool,
        work: impl FnOnce() -> Work<T>,
    ) -> Answer<T> {
        let mut entries = self.entries.borrow_mut();
        let e = entries.entry(kind).or_default();
        let previous = match e.answer_for(key) {
            answer @ Answer { current: true, .. } => return answer,
            Answer { value, .. } => value,
        };
        if inline {
            if let Some(r) = &e.running {
                r.stop();
            }
            let never = AtomicBool::new(false);
            if let Some(v) = work()(&never) {
                let v = Arc::new(v);
                drop_later(e.shown.replace((key, Arc::clone(&v) as Value)));
                e.early = false;
                return Answer {
                    value: Some(v),
                    current: true,
                };
            }
            return Answer {
                value: previous,
                current: false,
            };
        }
        self.start(e, kind, key, || {
            let job = work();
            Box::new(move |stage: &Stage<'_, T>| job(&stage.progress.cancel))
        });
        Answer {
            value: previous,
            current: false,
        }
    }

    /// The answer of `kind` for `key`, worked out off the UI thread by staged work: like
    /// `get`, except that an answer the work shows on its way (`Stage::show`) is returned as
    /// current for `key` until the last one replaces it.
    pub fn get_staged<T: Send + Sync + 'static>(
        &self,
        kind: Kind,
        key: u64,
        work: impl FnOnce() -> Staged<T>,
    ) -> Answer<T> {
        let mut entries = self.entries.borrow_mut();
        let e = entries.entry(kind).or_default();
        let answer = e.answer_for(key);
        if !answer.current {
            self.start(e, kind, key, work);
        }
        answer
    }

    /// Start a thread for `key` unless one runs for it; stop one that runs for another key
    /// (the next request after it has ended starts the newest).
    fn start<T: Send + Sync + 'static>(
        &self,
        e: &mut Entry,
        kind: Kind,
        key: u64,
        work: impl FnOnce() -> Staged<T>,
    ) {
        match &e.running {
            Some(r) if r.key == key => {}
            Some(r) => r.stop(), // starts once this one ends
            None if e.failed == Some(key) => {}
            None => {
                let out: Slot = Arc::new(Mutex::new(None));
                let early = Arc::new(Mutex::new(None));
                let progress = Arc::new(McProgress::default());
                let job = work();
                let (out2, early2, progress2) =
                    (Arc::clone(&out), Arc::clone(&early), Arc::clone(&progress));
                let wake = self.wake.clone();
                let spawned = std::thread::Builder::new()
                    .name(format!("muscat-{kind}"))
                    .spawn(move || {
                        in_background();
                        let stage = Stage {
                            progress: &progress2,
                            early: &early2,
                            wake: &*wake,
                            answer: std::marker::PhantomData,
                        };
                        let v = job(&stage).map(|v| Arc::new(v) as Value);
                        if let Ok(mut o) = out2.lock() {
                            *o = Some(v);
                        }
                        wake();
                    });
                match spawned {
                    Ok(handle) => {
                        e.running = Some(Running {
                            key,
                            out,
                            early,
                            progress,
                            handle,
                        });
                    }
                    Err(_) => e.failed = Some(key), // no thread to be had
                }
            }
        }
    }

    /// The work done so far by the thread running for `kind` (what its `Stage::progress`
    /// counts), with the key it runs for; `None` when none runs.
    pub fn progress(&self, kind: Kind) -> Option<(u64, u64)> {
        let mut entries = self.entries.borrow_mut();
        let e = entries.get_mut(kind)?;
        e.poll();
        let r = e.running.as_ref()?;
        Some((r.key, r.progress.done.load(Ordering::Relaxed)))
    }

    /// The key whose work for `kind` ended without an answer (it panicked, or no thread could
    /// start), if the last one did.
    pub fn failed(&self, kind: Kind) -> Option<u64> {
        self.entries.borrow().get(kind).and_then(|e| e.failed)
    }

    /// Stop the work of `kind` and forget its answers and failures, so the next request runs
    /// afresh (Rerun).
    pub fn forget(&self, kind: Kind) {
        let Some(e) = self.entries.borrow_mut().remove(kind) else {
            return;
        };
        if let Some(r) = &e.running {
            r.stop();
        }
        drop_later(e.shown);
    }

    /// The last answer of `kind`, whatever it was for, without asking for anything: what a
    /// panel shows while a request would only be stopped again (during a drag on a large file).
    pub fn last<T: Send + Sync + 'static>(&self, kind: Kind) -> Option<Arc<T>> {
        let mut entries = self.entries.borrow_mut();
        let e = entries.get_mut(kind)?;
        e.poll();
        let (_, v) = e.shown.as_ref()?;
        Arc::clone(v).downcast::<T>().ok()
    }

    /// Whether any analysis is being worked out off the UI thread.
    pub fn busy(&self) -> bool {
        let mut entries = self.entries.borrow_mut();
        entries.values_mut().any(|e| {
            e.poll();
            e.running.is_some()
        })
    }

    /// Stop everything under way and forget every answer: a new document.
    pub fn clear(&self) {
        for e in self.entries.borrow().values() {
            if let Some(r) = &e.running {
                r.stop();
            }
        }
        self.entries.borrow_mut().clear();
        *self.snapshot.borrow_mut() = None;
    }
}

impl Drop for Analyses {
    fn drop(&mut self) {
        for e in self.entries.get_mut().values() {
            if let Some(r) = &e.running {
                r.stop();
            }
        }
    }
}

#[cfg(test)]
mod tests;
