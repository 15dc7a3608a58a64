//! [`Workers`]: the threads that run the encoder's forward pass, one per core, kept for the
//! life of the process.
//!
//! Why not threads spawned per call, as the rest of the engine does: a batch needs about 6 MB
//! of scratch matrices, and memory touched for the first time is dear (about 1 ms of CPU a
//! megabyte on the development machine, where clearing fresh pages was 7% of the sample
//! pair's CPU). Threads made afresh for every call made their scratch afresh too, and the two
//! documents of a pair, embedded side by side, each started their own threads: four sets of
//! scratch memory on two cores. Workers that stay keep their scratch from call to call (and
//! give it back after a second with nothing to do), and every caller shares the same cores.

use std::any::Any;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::mpsc::{Receiver, RecvTimeoutError, SendError, Sender, channel};
use std::sync::{Arc, OnceLock};
use std::time::Duration;

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

/// A finished job: its place among the caller's tasks, the worker that did it, its outcome.
type Done = (usize, usize, Outcome);

/// A task to run, and where its result goes.
struct Job {
    network: Arc<Network>,
    task: Task,
    place: usize,
    reply: Sender<Done>,
}

/// How long a worker keeps its scratch matrices with nothing to do: long enough to carry them
/// from batch to batch and call to call in one alignment, short enough that a reader left open
/// does not hold a few megabytes for every core of the machine.
const IDLE: Duration = Duration::from_secs(1);

/// The encoder's worker threads, each with a queue of its own.
pub struct Workers {
    queues: Vec<Sender<Job>>,
}

impl Workers {
    /// The process's workers, started on first use: one per core this process may run on.
    pub fn get() -> &'static Workers {
        static WORKERS: OnceLock<Workers> = OnceLock::new();
        WORKERS.get_or_init(|| {
            let count = crate::parallel::threads();
            let mut queues = Vec::with_capacity(count);
            for k in 0..count {
                let (queue, jobs) = channel::<Job>();
                let index = queues.len();
                let spawned = std::thread::Builder::new()
                    .name(format!("encoder-{k}"))
                    .spawn(move || work(&jobs, index));
                if spawned.is_ok() {
                    queues.push(queue);
                }
            }
            Workers { queues }
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
        let mut parts: Vec<Option<Array2<f32>>> = (0..total).map(|_| None).collect();
        // Tasks done on this thread: those no worker could take (every one when no worker
        // could be started).
        let mut here: Option<Workspace> = None;
        let mut do_here = |task: &Task, parts: &mut Vec<Option<Array2<f32>>>, place: usize| {
            let ws = here.get_or_insert_with(Workspace::default);
            parts[place] = Some(task.run(network, ws));
            progress.advance(1);
        };
        let (reply, results) = channel::<Done>();
        let mut waiting = tasks.into_iter().enumerate();
        // A task for every worker, then the next to whichever finishes first: the work is
        // shared out evenly, a cancel stops it within a task or so, and callers on other
        // threads are served in turn.
        let mut free: Vec<usize> = (0..self.queues.len()).rev().collect();
        let mut busy = 0;
        loop {
            while let Some(&worker) = free.last() {
                if progress.is_cancelled() {
                    break;
                }
                let Some((place, task)) = waiting.next() else {
                    break;
                };
                let job = Job {
                    network: Arc::clone(network),
                    task,
                    place,
                    reply: reply.clone(),
                };
                free.pop();
                match self.queues[worker].send(job) {
                    Ok(()) => busy += 1,
                    // The worker is gone (they never end, so this is not expected): this
                    // thread does the task, and the others the rest.
                    Err(SendError(job)) => do_here(&job.task, &mut parts, job.place),
                }
            }
            if busy == 0 {
                // Every task handed out is back. Any left over had no worker to go to.
                for (place, task) in waiting.by_ref() {
                    if progress.is_cancelled() {
                        break;
                    }
                    do_here(&task, &mut parts, place);
                }
                break;
            }
            // It cannot fail: this thread holds a sender.
            let (place, worker, outcome) = results.recv().ok()?;
            busy -= 1;
            match outcome {
                Ok(part) => parts[place] = Some(part),
                Err(payload) => std::panic::resume_unwind(payload),
            }
            progress.advance(1);
            free.push(worker);
        }
        parts.into_iter().collect()
    }
}

/// A worker's life: take a job, compute it with this thread's scratch, send it back.
fn work(jobs: &Receiver<Job>, index: usize) {
    let mut ws = Workspace::default();
    loop {
        let job = match jobs.recv_timeout(IDLE) {
            Ok(job) => job,
            Err(RecvTimeoutError::Timeout) => {
                // Nothing to do for a while: the scratch goes back (freed by the thread that
                // made it, so the allocator can return it), and the wait is as long as it takes.
                ws = Workspace::default();
                match jobs.recv() {
                    Ok(job) => job,
                    Err(_) => return,
                }
            }
            Err(RecvTimeoutError::Disconnected) => return,
        };
        let out = catch_unwind(AssertUnwindSafe(|| job.task.run(&job.network, &mut ws)));
        if out.is_err() {
            // The scratch may be half written; start the next job from a fresh one.
            ws = Workspace::default();
        }
        // The caller may have stopped waiting (it panicked on an earlier part).
        let _ = job.reply.send((job.place, index, out));
    }
}
