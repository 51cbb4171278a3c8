use super::*;
use std::sync::atomic::AtomicU64;
use std::sync::mpsc::{Receiver, channel};
use std::time::Duration;

/// Ask until the answer is current, as frames would; each "frame" waits for the wake-up.
fn until_current<T: Send + Sync + 'static>(
    a: &Analyses,
    woke: &Receiver<()>,
    key: u64,
    work: impl Fn() -> Work<T>,
) -> Arc<T> {
    for _ in 0..1000 {
        let answer = a.get("test", key, false, &work);
        if answer.current {
            return answer.value.expect("a current answer has a value");
        }
        let _ = woke.recv_timeout(Duration::from_secs(5));
    }
    panic!("no answer after 1000 frames");
}

fn service() -> (Analyses, Receiver<()>) {
    let (tx, rx) = channel();
    let tx = Mutex::new(tx);
    let wake = Arc::new(move || {
        if let Ok(t) = tx.lock() {
            let _ = t.send(());
        }
    });
    (Analyses::new(wake), rx)
}

#[test]
fn work_that_fits_in_the_frame_is_done_at_once_and_kept() {
    let (a, _) = service();
    let mut calls = 0;
    let first = a.get("test", 1, true, || {
        calls += 1;
        Box::new(|_: &AtomicBool| Some(2 + 2))
    });
    assert!(first.current);
    assert_eq!(first.value.as_deref(), Some(&4));
    let again = a.get::<i32>("test", 1, true, || unreachable!("kept once per key"));
    assert!(again.current);
    assert_eq!(again.value.as_deref(), Some(&4));
    assert_eq!(calls, 1);
}

#[test]
fn long_work_returns_at_once_with_the_previous_answer_marked_not_current() {
    let (a, woke) = service();
    let first = until_current(&a, &woke, 1, || Box::new(|_: &AtomicBool| Some("one")));
    assert_eq!(*first, "one");
    // The second run waits until the test lets it go: the frame must not wait with it.
    let (go, gate) = channel::<()>();
    let gate = Mutex::new(Some(gate));
    let answer = a.get("test", 2, false, || {
        let gate = gate.lock().unwrap().take().unwrap();
        Box::new(move |_: &AtomicBool| {
            let _ = gate.recv();
            Some("two")
        })
    });
    assert!(!answer.current);
    assert_eq!(answer.value.as_deref(), Some(&"one"));
    assert!(a.busy());
    go.send(()).unwrap();
    let second = until_current(&a, &woke, 2, || -> Work<&str> { unreachable!("running") });
    assert_eq!(*second, "two");
    assert!(!a.busy());
}

#[test]
fn a_new_key_stops_the_run_under_way_and_only_one_thread_runs_per_kind() {
    let (a, woke) = service();
    let started = Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let running = Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let most = Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let job = |n: u64| {
        let (started, running, most) = (started.clone(), running.clone(), most.clone());
        move || -> Work<u64> {
            started.fetch_add(1, Ordering::SeqCst);
            Box::new(move |stop: &AtomicBool| {
                let now = running.fetch_add(1, Ordering::SeqCst) + 1;
                most.fetch_max(now, Ordering::SeqCst);
                // Runs until stopped, as a long analysis would, except the last one asked.
                while n < 50 && !stop.load(Ordering::Relaxed) {
                    std::thread::yield_now();
                }
                running.fetch_sub(1, Ordering::SeqCst);
                (!stop.load(Ordering::Relaxed)).then_some(n)
            })
        }
    };
    // A drag: fifty frames, each for a new state.
    for n in 1..=50 {
        let answer = a.get("test", n, false, job(n));
        assert!(!answer.current);
        assert!(answer.value.is_none(), "nothing was ever finished");
    }
    let last = until_current(&a, &woke, 50, || job(50)());
    assert_eq!(*last, 50);
    assert_eq!(most.load(Ordering::SeqCst), 1, "never two threads at once");
    assert!(started.load(Ordering::SeqCst) >= 2);
}

#[test]
fn work_that_panics_is_not_run_again_for_the_same_key() {
    let (a, woke) = service();
    let mut calls = 0;
    let mut ask = |key| {
        a.get::<u8>("test", key, false, || {
            calls += 1;
            Box::new(|_: &AtomicBool| panic!("a bug in the engine"))
        })
    };
    assert!(!ask(1).current);
    // The thread panics at once; wait until it has ended.
    let started = std::time::Instant::now();
    while a.busy() {
        assert!(started.elapsed() < Duration::from_secs(600));
        let _ = woke.recv_timeout(Duration::from_millis(1));
    }
    for _ in 0..10 {
        assert!(!ask(1).current);
    }
    assert_eq!(calls, 1);
    assert!(!a.busy());
}

#[test]
fn a_snapshot_is_copied_once_per_state() {
    let a = Analyses::default();
    let s = Scenario::default();
    let one = a.snapshot(1, &s);
    let again = a.snapshot(1, &s);
    assert!(Arc::ptr_eq(&one, &again));
    let other = a.snapshot(2, &s);
    assert!(!Arc::ptr_eq(&one, &other));
}

#[test]
fn keys_tell_questions_apart() {
    assert_eq!(key_of(&(1u64, "a")), key_of(&(1u64, "a")));
    assert_ne!(key_of(&(1u64, "a")), key_of(&(2u64, "a")));
    assert_ne!(key_of(&(1u64, "a")), key_of(&(1u64, "b")));
}

/// A value that says when it is dropped, and on which thread.
struct Tell(std::sync::mpsc::Sender<Option<String>>);

impl Drop for Tell {
    fn drop(&mut self) {
        let _ = self
            .0
            .send(std::thread::current().name().map(str::to_owned));
    }
}

#[test]
fn a_value_dropped_later_is_dropped_on_the_drop_thread() {
    let (tx, rx) = channel();
    drop_later(Tell(tx));
    let thread = rx
        .recv_timeout(Duration::from_secs(60))
        .expect("the value is dropped");
    assert_eq!(thread.as_deref(), Some("muscat-drop"));
}

#[test]
fn staged_work_shows_its_early_answer_as_current_until_the_last_replaces_it() {
    let (a, woke) = service();
    let (open, gate) = channel::<()>();
    let gate = Mutex::new(Some(gate));
    let work = || -> Staged<u32> {
        let gate = gate.lock().ok().and_then(|mut g| g.take());
        Box::new(move |stage: &Stage<'_, u32>| {
            stage.progress.done.store(5, Ordering::Relaxed);
            stage.show(1);
            gate?.recv().ok()?;
            Some(2)
        })
    };
    let mut early = None;
    for _ in 0..1000 {
        let answer = a.get_staged("staged", 7, work);
        if answer.current {
            early = answer.value;
            break;
        }
        let _ = woke.recv_timeout(Duration::from_secs(5));
    }
    assert_eq!(
        early.as_deref(),
        Some(&1),
        "the early answer is current for its key"
    );
    assert_eq!(
        a.progress("staged"),
        Some((7, 5)),
        "the count of the run under way"
    );
    assert!(a.busy());
    open.send(()).expect("the work waits at the gate");
    let mut last = None;
    for _ in 0..1000 {
        let answer = a.get_staged("staged", 7, work);
        if answer.value.as_deref() == Some(&2) {
            last = answer.value;
            break;
        }
        let _ = woke.recv_timeout(Duration::from_secs(5));
    }
    assert_eq!(last.as_deref(), Some(&2));
    assert_eq!(
        a.progress("staged"),
        None,
        "nothing runs once the last answer is in"
    );
    // Forgotten (Rerun), nothing of it is kept: the next request runs afresh.
    a.forget("staged");
    assert_eq!(a.last::<u32>("staged"), None);
}

/// Ask for `key` as frames would until `done` holds for the answer; fails as soon as the
/// answer is not there and nothing works on it.
fn until_staged(
    a: &Analyses,
    woke: &Receiver<()>,
    key: u64,
    work: impl Fn() -> Staged<u32>,
    done: impl Fn(&Answer<u32>) -> bool,
) -> Answer<u32> {
    for _ in 0..1000 {
        let answer = a.get_staged("staged", key, &work);
        if done(&answer) {
            return answer;
        }
        assert!(a.busy(), "no such answer and nothing works on it");
        let _ = woke.recv_timeout(Duration::from_secs(5));
    }
    panic!("no such answer after 1000 frames");
}

#[test]
fn staged_work_stopped_before_its_last_answer_runs_again_when_its_key_comes_back() {
    let (a, woke) = service();
    let runs = AtomicU64::new(0);
    // The first run of key 7 shows its early answer, then waits to be stopped; later runs
    // finish.
    let work = || -> Staged<u32> {
        let first = runs.fetch_add(1, Ordering::Relaxed) == 0;
        Box::new(move |stage: &Stage<'_, u32>| {
            stage.show(1);
            while first && !stage.stopped() {
                std::thread::sleep(Duration::from_millis(1));
            }
            (!first).then_some(2)
        })
    };
    let early = until_staged(&a, &woke, 7, work, |x| x.current);
    assert_eq!(early.value.as_deref(), Some(&1));
    // Another question, asked for one frame (a slide passed on the way), stops the run
    // before it starts its own.
    let other = || -> Staged<u32> { Box::new(|_: &Stage<'_, u32>| Some(3)) };
    assert!(!a.get_staged("staged", 8, other).current);
    // Back to key 7: the stopped run's early answer is not its answer, so it runs again.
    let again = until_staged(&a, &woke, 7, work, |x| x.value.as_deref() == Some(&2));
    assert!(again.current);
    assert_eq!(runs.load(Ordering::Relaxed), 2, "key 7 ran twice");
}

/// The calling thread's nice value (Linux).
#[cfg(target_os = "linux")]
fn nice() -> i32 {
    rustix::process::getpriority_process(None).expect("read the thread's priority")
}

#[cfg(target_os = "linux")]
#[test]
fn analysis_threads_run_behind_the_window_thread() {
    let (a, woke) = service();
    let window = nice();
    let worker = until_current(&a, &woke, 1, || Box::new(|_: &AtomicBool| Some(nice())));
    // A thread already at the background's nice or beyond (a niced test run) cannot rise.
    assert_eq!(*worker, window.max(BACKGROUND_NICE));
    assert_eq!(nice(), window, "the asking thread keeps its priority");
    // The threads a worker starts (a simulation's) inherit the priority.
    let inner = until_current(&a, &woke, 2, || {
        Box::new(|_: &AtomicBool| std::thread::spawn(nice).join().ok())
    });
    assert_eq!(*inner, window.max(BACKGROUND_NICE));
}

#[test]
fn the_shape_fingerprint_follows_ids_and_parents_and_not_numbers() {
    let base = crate::io::default_scenario();
    let shape = crate::view::shape_of(&base);
    let mut numbers = base.clone();
    numbers.branches[0].probability = crate::model::Prob::Value(0.01);
    numbers.branches[0].name.push_str(" (renamed)");
    assert_eq!(crate::view::shape_of(&numbers), shape);
    let mut moved = base.clone();
    moved.branches.swap(0, 1);
    assert_ne!(crate::view::shape_of(&moved), shape);
    let mut reparented = base.clone();
    let leaf = reparented
        .branches
        .iter()
        .position(|b| b.parent.is_some())
        .expect("a branch with a parent");
    reparented.branches[leaf].parent = None;
    assert_ne!(crate::view::shape_of(&reparented), shape);
    let mut added = base.clone();
    added.branches.pop();
    assert_ne!(crate::view::shape_of(&added), shape);
    // The service works it out once per state.
    let (a, _) = service();
    assert_eq!(a.shape(7, &base), shape);
    assert_eq!(a.shape(7, &moved), shape, "state 7's fingerprint is kept");
    assert_ne!(a.shape(8, &moved), shape);
}
