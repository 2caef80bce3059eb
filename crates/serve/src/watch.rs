//! Turning file-system events into rebuilds.
//!
//! notify reports events; notify-debouncer-full merges those of each path (an editor's save is
//! often a create, several writes and a rename). This module drops what is not a change to the
//! sources (editor swap and backup files, reads), waits until a burst of changes settles (a
//! `git checkout` touching hundreds of files gives one rebuild), and rebuilds once per batch. If
//! the watcher lost track of events it asks for a full rebuild.

use super::{ServeError, Shared};
use diagnostics::{Diagnostics, display_path};
use incremental::{Builder, Changes, Rebuilt, Summarised};
use notify::EventKind;
use notify::event::{AccessKind, MetadataKind, ModifyKind};
use notify_debouncer_full::{DebounceEventResult, DebouncedEvent};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, RecvTimeoutError, channel};
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// How long a path must be quiet before its events are delivered.
const DEBOUNCE: Duration = Duration::from_millis(20);
/// After a batch arrives, how long to wait for more before rebuilding (bursts come in several
/// batches).
const SETTLE: Duration = Duration::from_millis(15);
/// How often the polling watcher looks at the files. It compares their contents, not only their
/// times: notify's poller keeps modification times in whole seconds, so a second save within
/// the same second would otherwise go unseen.
const POLL_INTERVAL: Duration = Duration::from_secs(1);

/// Keeps the watcher alive; dropping it stops watching.
pub struct Watching {
    _debouncer: Box<dyn std::any::Any + Send>,
    /// The git folder of the repository holding the site, watched too; `None` outside one.
    pub git_dir: Option<PathBuf>,
}

/// Prints what each rebuild did.
#[derive(Clone)]
pub struct Reporter {
    pub quiet: bool,
    pub root: PathBuf,
}

impl Reporter {
    pub fn rebuilt(&self, changed: &[PathBuf], r: &Rebuilt) {
        if self.quiet {
            return;
        }
        let what = if changed.is_empty() {
            "Built the site".to_owned()
        } else {
            format!("Changed {}", self.describe(changed))
        };
        self.rebuilt_as(&what, r);
    }

    /// How much memory the output takes, after the first build (a large site's is hundreds of
    /// MB as files, and the preview holds it all).
    pub fn held(&self, output: &incremental::Output) {
        if self.quiet {
            return;
        }
        let (files, bytes) = output
            .values()
            .fold((0, 0), |(n, b), f| (n + 1, b + f.stored_len()));
        println!(
            "  {files} files held in memory, compressed to {:.1} MB",
            bytes as f64 / 1e6
        );
    }

    /// After git's state changed (a commit, a checkout): its dates and change history.
    pub fn git_changed(&self, r: &Rebuilt) {
        if !self.quiet {
            self.rebuilt_as("The git history changed", r);
        }
    }

    fn rebuilt_as(&self, what: &str, r: &Rebuilt) {
        println!(
            "{what}: rendered {} page{}{}{} in {} ms",
            r.rendered,
            if r.rendered == 1 { "" } else { "s" },
            if r.full { " (everything)" } else { "" },
            if r.removed > 0 {
                format!(", removed {}", r.removed)
            } else {
                String::new()
            },
            r.elapsed.as_millis()
        );
    }

    /// The second line of a rebuild: the files that summarise every record, made after its
    /// pages were served.
    pub fn summarised(&self, s: &Summarised) {
        if self.quiet {
            return;
        }
        println!(
            "  then the search index, feeds, open data and sitemap: {} file{} changed, {} summary page{} rendered, in {} ms",
            s.changed_outputs.len(),
            if s.changed_outputs.len() == 1 {
                ""
            } else {
                "s"
            },
            s.rendered,
            if s.rendered == 1 { "" } else { "s" },
            s.elapsed.as_millis()
        );
    }

    pub fn failed(&self, problems: &Diagnostics) {
        eprintln!("{problems}\n");
        eprintln!(
            "The site does not build: {} problem(s). Still serving the last good build.",
            problems.len()
        );
    }

    fn describe(&self, changed: &[PathBuf]) -> String {
        let names: Vec<String> = changed
            .iter()
            .take(3)
            .map(|p| display_path(p.strip_prefix(&self.root).unwrap_or(p)))
            .collect();
        match changed.len() {
            n if n > 3 => format!("{} and {} more", names.join(", "), n - 3),
            _ => names.join(", "),
        }
    }
}

/// Start watching the site's `content/` and `themes/` folders, and the state of the git
/// repository that holds them (a commit changes the dates and change history pages show).
/// Events queue up until [`spawn_rebuilds`] takes them, so that nothing saved during the first
/// build is missed.
pub fn start(
    root: &Path,
    poll: bool,
) -> Result<(Watching, Receiver<DebounceEventResult>), ServeError> {
    let (sender, receiver) = channel::<DebounceEventResult>();
    let mut folders = vec![
        (root.join("content"), notify::RecursiveMode::Recursive),
        (root.join("themes"), notify::RecursiveMode::Recursive),
    ];
    let git_dir = history::git_dir(root);
    folders.extend(git_state_folders(git_dir.as_deref()));
    let watch_err = |path: &Path| {
        let path = path.to_owned();
        move |source| ServeError::Watch { path, source }
    };
    let debouncer: Box<dyn std::any::Any + Send> = if poll {
        let config = notify::Config::default()
            .with_poll_interval(POLL_INTERVAL)
            .with_compare_contents(true);
        let mut d = notify_debouncer_full::new_debouncer_opt::<
            _,
            notify::PollWatcher,
            notify_debouncer_full::NoCache,
        >(
            DEBOUNCE,
            None,
            sender,
            notify_debouncer_full::NoCache,
            config,
        )
        .map_err(watch_err(root))?;
        for (f, mode) in &folders {
            d.watch(f, *mode).map_err(watch_err(f))?;
        }
        Box::new(d)
    } else {
        let mut d = notify_debouncer_full::new_debouncer(DEBOUNCE, None, sender)
            .map_err(watch_err(root))?;
        for (f, mode) in &folders {
            d.watch(f, *mode).map_err(watch_err(f))?;
        }
        Box::new(d)
    };
    Ok((
        Watching {
            _debouncer: debouncer,
            git_dir,
        },
        receiver,
    ))
}

/// The folders of the site's git repository whose files change with a commit, a checkout or a
/// reset: the git folder itself (`HEAD`, `index`, `packed-refs`, `COMMIT_EDITMSG`), its `logs`
/// and its `refs`. None outside a repository.
fn git_state_folders(git_dir: Option<&Path>) -> Vec<(PathBuf, notify::RecursiveMode)> {
    let Some(git_dir) = git_dir else {
        return Vec::new();
    };
    [
        (git_dir.to_owned(), notify::RecursiveMode::NonRecursive),
        (git_dir.join("logs"), notify::RecursiveMode::NonRecursive),
        (git_dir.join("refs"), notify::RecursiveMode::Recursive),
    ]
    .into_iter()
    .filter(|(folder, _)| folder.is_dir())
    .collect()
}

/// Rebuild on a thread of its own whenever the watcher reports changes. `git_dir` is
/// [`Watching::git_dir`]: its events are commits, not source files.
pub fn spawn_rebuilds(
    receiver: Receiver<DebounceEventResult>,
    git_dir: Option<PathBuf>,
    builder: Builder,
    shared: Arc<Shared>,
    reporter: Reporter,
) -> Result<(), ServeError> {
    std::thread::Builder::new()
        .name("minhbach-rebuild".into())
        .spawn(move || rebuild_loop(receiver, git_dir, builder, &shared, &reporter))
        .map(drop)
        .map_err(ServeError::Runtime)
}

fn rebuild_loop(
    receiver: Receiver<DebounceEventResult>,
    git_dir: Option<PathBuf>,
    mut builder: Builder,
    shared: &Shared,
    reporter: &Reporter,
) {
    // Events that came in while the summaries of the last rebuild were being made: they stop
    // that work, and start the next rebuild.
    let receiver = Mutex::new(receiver);
    let early: Mutex<Option<DebounceEventResult>> = Mutex::new(None);
    let next = |timeout: Option<Duration>| -> Result<DebounceEventResult, RecvTimeoutError> {
        if let Some(event) = lock(&early).take() {
            return Ok(event);
        }
        let receiver = lock(&receiver);
        match timeout {
            Some(t) => receiver.recv_timeout(t),
            None => receiver.recv().map_err(|_| RecvTimeoutError::Disconnected),
        }
    };
    let newer_change = || {
        if lock(&early).is_some() {
            return true;
        }
        match lock(&receiver).try_recv() {
            Ok(event) => {
                *lock(&early) = Some(event);
                true
            }
            Err(_) => false,
        }
    };
    while let Ok(first) = next(None) {
        let mut batch = Batch {
            root: reporter.root.clone(),
            git_dir: git_dir.clone(),
            ..Batch::default()
        };
        batch.add(first);
        // Let a burst finish: keep collecting while batches keep coming.
        loop {
            match next(Some(SETTLE)) {
                Ok(more) => batch.add(more),
                Err(RecvTimeoutError::Timeout) => break,
                Err(RecvTimeoutError::Disconnected) => return,
            }
        }
        if batch.everything || !batch.paths.is_empty() || batch.git_changed {
            rebuild_pages(&mut builder, batch, shared, reporter);
        }
        // Then the files that summarise every record, unless a newer change comes first (its
        // rebuild will need them again).
        match builder.finish_summaries(&newer_change) {
            Some(Ok(summarised)) => {
                reporter.summarised(&summarised);
                if let Some(output) = builder.output() {
                    shared.summarised(output);
                }
            }
            Some(Err(problems)) => {
                reporter.failed(&problems);
                shared.failed(problems);
            }
            None => {}
        }
    }
}

/// The first phase of a rebuild: the pages, served (and open pages reloaded) at once.
fn rebuild_pages(builder: &mut Builder, batch: Batch, shared: &Shared, reporter: &Reporter) {
    let paths: Vec<PathBuf> = batch.paths.into_iter().collect();
    let changes = if batch.everything {
        Changes::Everything
    } else {
        Changes::Paths(paths.clone())
    };
    match builder.rebuild_pages(&changes) {
        Ok(rebuilt) if paths.is_empty() && !batch.everything => {
            // `git add` or a tool refreshing the index changes nothing shown: say nothing.
            if !rebuilt.changed_outputs.is_empty() {
                reporter.git_changed(&rebuilt);
            }
            if let Some(output) = builder.output() {
                shared.rebuilt(output, &rebuilt);
            }
        }
        Ok(rebuilt) => {
            reporter.rebuilt(&paths, &rebuilt);
            if let Some(output) = builder.output() {
                shared.rebuilt(output, &rebuilt);
            }
        }
        Err(problems) => {
            if !paths.is_empty() {
                println!("Changed {}", reporter.describe(&paths));
            }
            reporter.failed(&problems);
            shared.failed(problems);
        }
    }
}

fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// The changes of one rebuild.
#[derive(Default)]
struct Batch {
    /// The site's folder: only names below it say whether a file is scratch.
    root: PathBuf,
    paths: BTreeSet<PathBuf>,
    everything: bool,
    /// The site's git folder, if it is in a repository.
    git_dir: Option<PathBuf>,
    /// Something in the git folder changed: git may tell other dates and changes now.
    git_changed: bool,
}

impl Batch {
    fn add(&mut self, result: DebounceEventResult) {
        match result {
            Ok(events) => {
                for event in events {
                    self.add_event(&event);
                }
            }
            // The watcher had trouble (a watched folder vanished, say): rebuild everything.
            Err(_) => self.everything = true,
        }
    }

    fn add_event(&mut self, event: &DebouncedEvent) {
        if event.need_rescan() {
            self.everything = true;
            return;
        }
        if !is_change(&event.kind) {
            return;
        }
        for path in &event.paths {
            if let Some(git_dir) = &self.git_dir
                && path.starts_with(git_dir)
            {
                // Lock files come and go with every git command; what they guard is what counts.
                if path.extension().is_none_or(|e| e != "lock") {
                    self.git_changed = true;
                }
                continue;
            }
            if !is_scratch(path.strip_prefix(&self.root).unwrap_or(path)) {
                self.paths.insert(path.clone());
            }
        }
    }
}

/// Reads (including minhbach's own) and access-time updates are not changes.
fn is_change(kind: &EventKind) -> bool {
    match kind {
        EventKind::Access(AccessKind::Close(notify::event::AccessMode::Write)) => true,
        EventKind::Access(_) => false,
        EventKind::Modify(ModifyKind::Metadata(MetadataKind::AccessTime)) => false,
        _ => true,
    }
}

/// Files editors and tools write beside the real ones: never content, never worth a rebuild.
/// `path` is relative to the site's folder (whose own path may well contain a hidden folder).
pub fn is_scratch(path: &Path) -> bool {
    path.components().any(|c| {
        let name = c.as_os_str().to_string_lossy();
        load::is_ignored(&name)
            // vim checks that it may write in a folder by creating `4913`.
            || name == "4913"
            || name.ends_with(".crswap")
            || name.contains("___jb_tmp___")
            || name.contains("___jb_old___")
            || name.ends_with(".kate-swp")
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scratch_files_are_ignored() {
        for p in [
            "content/procedures/.2.002311.yaml.swp",
            "content/procedures/2.002311.yaml~",
            "content/procedures/.#2.002311.yaml",
            "content/procedures/4913",
            "content/procedures/x.yaml.tmp",
            "content/.git/index",
            "themes/default/templates/base.html___jb_tmp___",
        ] {
            assert!(is_scratch(Path::new(p)), "{p}");
        }
        assert!(!is_scratch(Path::new(
            "/s/content/procedures/2.002311.yaml"
        )));
    }

    #[test]
    fn reads_are_not_changes() {
        use notify::event::{AccessMode, CreateKind};
        assert!(!is_change(&EventKind::Access(AccessKind::Open(
            AccessMode::Any
        ))));
        assert!(!is_change(&EventKind::Access(AccessKind::Close(
            AccessMode::Read
        ))));
        assert!(is_change(&EventKind::Access(AccessKind::Close(
            AccessMode::Write
        ))));
        assert!(is_change(&EventKind::Create(CreateKind::File)));
    }
}
