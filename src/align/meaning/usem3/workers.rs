//! [`Workers`]: the threads that run the encoder's forward pass, one per core, kept for the
//! life of the process, taking tasks from one queue.
//!
//! Why not threads spawned per call, as the rest of the engine does: a batch needs about 6 MB
//! of scratch matrices, and memory touched for the first time is dear (clearing fresh pages
//! was 7% of the sample pair's CPU on the development machine). Threads made afresh for every
//! call made their scratch afresh too, and the two documents of a pair, embedded side by side,
//! each started their own threads: four sets of scratch memory on two cores. Workers that
//! stay keep their scratch from call to call (and give it back after a second with nothing to
//! do), and every caller shares the same cores. They start with the encoder, and the first
//! [`EAGER`] make their scratch then, which in the reader is while the articles load, before
//! there is work for them; the others make theirs with their first batch, so a machine of
//! many cores does not hold scratch for each on a pair that keeps two of them busy.
//!
//! One queue for all the workers, not one each: a task goes to whichever worker is free
//! first. With a queue each, two callers both handed their last task (each document's head)
//! to the same worker, which did them one after the other while the other core stood idle.

use std::any::Any;
use std::collections::VecDeque;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::mpsc::{Sender, channel};
use std::sync::{Arc, Condvar, Mutex, OnceLock, PoisonError};
use std::time::Duration;

use ndarray::Array2;

use super::BATCH_TOKENS;
use super::network::{Network, Stretch, Workspace};
use crate::progress::Progress;

/// A piece of the encoder's work, and what it gives: a matrix.
pub enum Task {
    /// The summed features of a batch of stretches ([`Network::features_in`]).
    Features(Vec<Stretch>),
    /// The unit vectors of runs from their summed features and token counts
    /// ([`Network::head`]).
    Head {
        /// A row of summed features per run.
        run_sums: Array2<f32>,
        /// Each run's token count.
        tokens: Vec<usize>,
    },
}

impl Task {
    fn run(&self, network: &Network, ws: &mut Workspace) -> Array2<f32> {
        match self {
            Task::Features(batch) => network.features_in(batch, ws),
            Task::Head { run_sums, tokens } => network.head(&run_sums.view(), tokens),
        }
    }
}

/// What a task gave, or the panic it raised.
type Outcome = Result<Array2<f32>, Box<dyn Any + Send>>;

/// A task to run, and where its result goes: its place among the caller's tasks.
struct Job {
    network: Arc<Network>,
    task: Task,
    place: usize,
    reply: Sender<(usize, Outcome)>,
}

/// How many workers make their scratch as they start; the others make it with their first
/// batch. A news pair's batches keep about two workers busy, and it is their first batches
/// that ahead-made scratch speeds up; scratch made ahead for every core cost 6 MB a core
/// (two news articles took 0.40–0.53 GB, not 0.18–0.20 GB, with 64 worker threads), most of it never
/// used. On a long pair every worker gets batches, and a millisecond of fresh pages each is
/// nothing there.
const EAGER: usize = 2;

/// How long a worker keeps its scratch matrices with nothing to do: long enough to carry them
/// from batch to batch and call to call in one alignment, short enough that a reader left open
/// does not hold a few megabytes for every core of the machine.
const IDLE: Duration = Duration::from_secs(1);

/// The jobs waiting for a worker.
struct Queue {
    jobs: Mutex<VecDeque<Job>>,
    ready: Condvar,
}

static QUEUE: Queue = Queue {
    jobs: Mutex::new(VecDeque::new()),
    ready: Condvar::new(),
};

impl Queue {
    fn push(&self, job: Job) {
        // Nothing panics while holding the lock, so a poisoned one is still whole.
        self.jobs
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .push_back(job);
        self.ready.notify_one();
    }

    /// The next job, waiting as long as it takes; `idle` is called (without the lock) once the
    /// wait has lasted [`IDLE`].
    fn next(&self, idle: &mut dyn FnMut()) -> Job {
        let mut jobs = self.jobs.lock().unwrap_or_else(PoisonError::into_inner);
        let mut rested = false;
        loop {
            if let Some(job) = jobs.pop_front() {
                return job;
            }
            if rested {
                jobs = self
                    .ready
                    .wait(jobs)
                    .unwrap_or_else(PoisonError::into_inner);
            } else {
                let (guard, waited) = self
                    .ready
                    .wait_timeout(jobs, IDLE)
                    .unwrap_or_else(PoisonError::into_inner);
                jobs = guard;
                if waited.timed_out() && jobs.is_empty() {
                    // Freeing the scratch takes a moment: not while holding up the queue.
                    drop(jobs);
                    idle();
                    rested = true;
                    jobs = self.jobs.lock().unwrap_or_else(PoisonError::into_inner);
                }
            }
        }
    }
}

/// The encoder's worker threads.
pub struct Workers {
    /// How many were started.
    count: usize,
}

impl Workers {
    /// The process's workers, started on first use: one per core this process may run on.
    ///
    /// The first [`EAGER`] make their scratch for a full batch as they start.
    pub fn get() -> &'static Workers {
        static WORKERS: OnceLock<Workers> = OnceLock::new();
        WORKERS.get_or_init(|| {
            let count = (0..crate::parallel::threads())
                .filter(|&k| {
                    std::thread::Builder::new()
                        .name(format!("encoder-{k}"))
                        .spawn(move || work(k < EAGER))
                        .is_ok()
                })
                .count();
            Workers { count }
        })
    }

    /// The result of each task, in order.
    ///
    /// Each task is counted into `progress` as it is done; `None` once `progress` is
    /// cancelled (the tasks not yet handed out are skipped). A panic in a worker reaches the
    /// caller as it was.
    pub fn run(
        &self,
        network: &Arc<Network>,
        tasks: Vec<Task>,
        progress: &Progress,
    ) -> Option<Vec<Array2<f32>>> {
        let mut parts: Vec<Option<Array2<f32>>> = (0..tasks.len()).map(|_| None).collect();
        let mut waiting = tasks.into_iter().enumerate();
        if self.count == 0 {
            // No worker could be started: this thread does the work.
            let mut ws = Workspace::default();
            for (place, task) in waiting {
                if progress.is_cancelled() {
                    break;
                }
                parts[place] = Some(task.run(network, &mut ws));
                progress.advance(1);
            }
            return parts.into_iter().collect();
        }
        let (reply, results) = channel();
        // No more out at once than there are workers: a cancel stops the work within a task
        // or so, and callers on other threads are served in turn.
        let mut out = 0;
        loop {
            while out < self.count && !progress.is_cancelled() {
                let Some((place, task)) = waiting.next() else {
                    break;
                };
                QUEUE.push(Job {
                    network: Arc::clone(network),
                    task,
                    place,
                    reply: reply.clone(),
                });
                out += 1;
            }
            if out == 0 {
                break;
            }
            // It cannot fail: this thread holds a sender.
            let (place, outcome) = results.recv().ok()?;
            out -= 1;
            match outcome {
                Ok(part) => parts[place] = Some(part),
                Err(payload) => std::panic::resume_unwind(payload),
            }
            progress.advance(1);
        }
        parts.into_iter().collect()
    }
}

/// A worker's life: take a job, compute it with this thread's scratch, send it back. An
/// `eager` worker makes its scratch for a full batch before its first job, the others with
/// their first batch (as every worker does again after resting).
fn work(eager: bool) {
    let mut ws = if eager {
        Workspace::for_tokens(BATCH_TOKENS)
    } else {
        Workspace::default()
    };
    loop {
        // Nothing to do for a while: the scratch goes back (freed by the thread that made it,
        // so the allocator can return it).
        let job = QUEUE.next(&mut || ws = Workspace::default());
        if ws.is_empty() && matches!(job.task, Task::Features(_)) {
            // Made for a full batch at once, as the eager workers make theirs: grown to each
            // batch's size instead, it would be made again, larger, batch after batch.
            ws = Workspace::for_tokens(BATCH_TOKENS);
        }
        let out = catch_unwind(AssertUnwindSafe(|| job.task.run(&job.network, &mut ws)));
        if out.is_err() {
            // The scratch may be half written; start the next job from a fresh one.
            ws = Workspace::default();
        }
        // The caller may have stopped waiting (it panicked on an earlier part).
        let _ = job.reply.send((job.place, out));
    }
}
