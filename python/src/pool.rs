//! A batch on a few OS threads: each takes the next item from a shared counter, so a slow item
//! holds up only its own thread, and the results come back in input order.

use std::sync::atomic::{AtomicUsize, Ordering};

/// `f` applied to every item on `threads` threads (the calling one included, never more
/// threads than items), results in input order. A panic in `f` is raised again here after
/// every thread has stopped.
pub fn map<T: Sync, R: Send>(items: &[T], threads: usize, f: impl Fn(&T) -> R + Sync) -> Vec<R> {
    let threads = threads.clamp(1, items.len().max(1));
    if threads == 1 {
        return items.iter().map(f).collect();
    }
    let next = AtomicUsize::new(0);
    let work = || {
        let mut done = Vec::new();
        loop {
            let i = next.fetch_add(1, Ordering::Relaxed);
            let Some(item) = items.get(i) else { return done };
            done.push((i, f(item)));
        }
    };
    let mut all: Vec<(usize, R)> = std::thread::scope(|scope| {
        let others: Vec<_> = (1..threads).map(|_| scope.spawn(work)).collect();
        let mut all = work();
        for other in others {
            match other.join() {
                Ok(done) => all.extend(done),
                Err(panic) => std::panic::resume_unwind(panic),
            }
        }
        all
    });
    all.sort_unstable_by_key(|(i, _)| *i);
    all.into_iter().map(|(_, r)| r).collect()
}

/// The default thread count, as the CLI's `--jobs`: every core.
pub fn all_cores() -> usize {
    std::thread::available_parallelism().map_or(1, |n| n.get())
}

#[cfg(test)]
mod tests {
    use super::map;
    use std::collections::HashSet;
    use std::sync::Mutex;

    #[test]
    fn results_come_back_in_input_order_from_as_many_threads_as_asked() {
        let items: Vec<u64> = (0..1000).collect();
        let seen = Mutex::new(HashSet::new());
        let out = map(&items, 4, |&i| {
            seen.lock().unwrap().insert(std::thread::current().id());
            i * 2
        });
        assert_eq!(out, items.iter().map(|i| i * 2).collect::<Vec<_>>());
        assert!(seen.lock().unwrap().len() <= 4);
    }

    #[test]
    fn never_more_threads_than_items_and_none_for_no_items() {
        let seen = Mutex::new(HashSet::new());
        let out = map(&[1, 2], 16, |&i| {
            seen.lock().unwrap().insert(std::thread::current().id());
            i * 10
        });
        assert_eq!(out, [10, 20]);
        assert!(seen.lock().unwrap().len() <= 2);
        assert!(map(&[] as &[u8], 8, |_| 0).is_empty());
    }
}
