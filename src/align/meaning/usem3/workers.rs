//! [`Workers`]: the threads that run the encoder's forward pass, one per core, kept for the
//! life of the process.
//!
//! Why not threads spawned per call, as the rest of the engine does: a batch needs a few
//! megabytes of scratch matrices, and memory touched for the first time costs more in page
//! faults than the arithmetic done on it (on the sample pair, a fifth of the encoder's CPU).
//! Threads made afresh for every call made their scratch afresh too, and the two documents of
//! a pair, embedded side by side, each started their own threads: four sets of scratch
//! memory on two cores. Workers that stay keep their scratch from call to call, and every
//! caller shares the same cores.

use std::any::Any;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::mpsc::{Receiver, Sender, channel};
use std::sync::{Arc, Mutex, OnceLock};

use ndarray::Array2;

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

/// A task to run, and where its result goes.
struct Job {
    network: Arc<Network>,
    task: Task,
    place: usize,
    reply: Sender<(usize, Outcome)>,
}

/// The encoder's worker threads, fed through one queue.
pub struct Workers {
    queue: Mutex<Sender<Job>>,
    count: usize,
}

impl Workers {
    /// The process's workers, started on first use: one per core this process may run on.
    pub fn get() -> &'static Workers {
        static WORKERS: OnceLock<Workers> = OnceLock::new();
        WORKERS.get_or_init(|| {
            let count = std::thread::available_parallelism().map_or(1, |n| n.get());
            let (queue, jobs) = channel::<Job>();
            let jobs = Arc::new(Mutex::new(jobs));
            let mut started = 0;
            for k in 0..count {
                let jobs = Arc::clone(&jobs);
                let spawned = std::thread::Builder::new()
                    .name(format!("encoder-{k}"))
                    .spawn(move || work(&jobs));
                started += usize::from(spawned.is_ok());
            }
            Workers {
                queue: Mutex::new(queue),
                count: started,
            }
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
        let total = tasks.len();
        if self.count == 0 {
            // No thread could be started: the caller does every task itself.
            let mut ws = Workspace::default();
            let mut out = Vec::with_capacity(total);
            for task in &tasks {
                if progress.is_cancelled() {
                    return None;
                }
                out.push(task.run(network, &mut ws));
                progress.advance(1);
            }
            return Some(out);
        }
        let (reply, results) = channel();
        let mut waiting = tasks.into_iter().enumerate();
        // A worker's share is handed out only as it is taken, so that a cancel stops the work
        // within a task or so, and callers on other threads are served in turn.
        let mut hand = |n: usize| -> usize {
            let queue = self.queue.lock().unwrap_or_else(|e| e.into_inner());
            let mut handed = 0;
            for (place, task) in waiting.by_ref().take(n) {
                let job = Job {
                    network: Arc::clone(network),
                    task,
                    place,
                    reply: reply.clone(),
                };
                if queue.send(job).is_err() {
                    // The workers are gone (they never end): nothing will answer.
                    break;
                }
                handed += 1;
            }
            handed
        };
        let mut handed = hand(self.count);
        let mut parts: Vec<Option<Array2<f32>>> = (0..total).map(|_| None).collect();
        let mut done = 0;
        while done < handed {
            let (place, part) = results.recv().ok()?;
            match part {
                Ok(part) => parts[place] = Some(part),
                Err(payload) => std::panic::resume_unwind(payload),
            }
            done += 1;
            progress.advance(1);
            if !progress.is_cancelled() {
                handed += hand(1);
            }
        }
        parts.into_iter().collect()
    }
}

/// A worker's life: take a job, compute it with this thread's scratch, send it back.
fn work(jobs: &Mutex<Receiver<Job>>) {
    let mut ws = Workspace::default();
    loop {
        let job = {
            let jobs = jobs.lock().unwrap_or_else(|e| e.into_inner());
            match jobs.recv() {
                Ok(job) => job,
                Err(_) => return,
            }
        };
        let out = catch_unwind(AssertUnwindSafe(|| job.task.run(&job.network, &mut ws)));
        if out.is_err() {
            // The scratch may be half written; start the next job from a fresh one.
            ws = Workspace::default();
        }
        // The caller may have stopped waiting (it panicked on an earlier part).
        let _ = job.reply.send((job.place, out));
    }
}
