//! `minhbach serve`: build the site, serve it over HTTP, rebuild when its files change, and
//! reload open pages when a rebuild has finished.
//!
//! Three parts, one file each: [`http`] answers requests from the last good build, held in
//! memory (so nothing outside it can ever be served); [`watch`] turns file-system events into
//! rebuilds through [`incremental::Builder`]; [`events`] tells open pages about rebuilds
//! and problems over Server-Sent Events. They share one [`Shared`] value and nothing else.

pub mod events;
pub mod http;
pub mod watch;

use diagnostics::Diagnostics;
use incremental::{Builder, Changes, Output, Rebuilt};
use render::RenderOptions;
use std::net::{IpAddr, Ipv4Addr, SocketAddr, TcpListener};
use std::path::{Path, PathBuf};
use std::sync::{Arc, RwLock};

/// The port `serve` tries first.
pub const DEFAULT_PORT: u16 = 1111;

/// Options of `minhbach serve`.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    /// The site's folder (holding content/ and themes/).
    pub root: PathBuf,
    /// The address to listen on; 127.0.0.1 unless the user asks otherwise.
    pub bind: IpAddr,
    /// The port to try first; 0 asks the system for a free one.
    pub port: u16,
    /// Open the site in the default browser once it is served.
    pub open: bool,
    /// Watch by polling the files instead of by system notifications (network drives, some
    /// containers).
    pub poll: bool,
    /// Print only problems.
    pub quiet: bool,
}

impl Default for ServeOptions {
    fn default() -> Self {
        ServeOptions {
            root: PathBuf::from("."),
            bind: IpAddr::V4(Ipv4Addr::LOCALHOST),
            port: DEFAULT_PORT,
            open: false,
            poll: false,
            quiet: false,
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum ServeError {
    #[error("cannot listen on {addr}: {source}")]
    Listen {
        addr: SocketAddr,
        source: std::io::Error,
    },
    #[error("cannot watch {path}: {source}")]
    Watch {
        path: PathBuf,
        source: notify::Error,
    },
    #[error("cannot start the server: {0}")]
    Runtime(std::io::Error),
    #[error("cannot read the site folder {path}: {source}")]
    Root {
        path: PathBuf,
        source: std::io::Error,
    },
}

/// What the server shows: the last good build and the state of the latest attempt.
pub struct Snapshot {
    /// The last build that succeeded (empty until one does).
    pub output: Arc<Output>,
    /// Counts successful rebuilds, so that a page that missed some while disconnected can tell.
    pub generation: u64,
    /// The problems of the latest rebuild, if it failed.
    pub problems: Option<Arc<Diagnostics>>,
}

/// State shared by the HTTP server and the rebuild thread.
pub struct Shared {
    snapshot: RwLock<Arc<Snapshot>>,
    events: tokio::sync::broadcast::Sender<events::Event>,
}

impl Shared {
    fn new() -> Self {
        Shared {
            snapshot: RwLock::new(Arc::new(Snapshot {
                output: Arc::new(Output::new()),
                generation: 0,
                problems: None,
            })),
            events: tokio::sync::broadcast::channel(64).0,
        }
    }

    /// The current snapshot; requests hold on to it, so a rebuild never changes a response
    /// half-way.
    pub fn snapshot(&self) -> Arc<Snapshot> {
        self.snapshot
            .read()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .clone()
    }

    fn publish(&self, snapshot: Snapshot, event: events::Event) {
        *self
            .snapshot
            .write()
            .unwrap_or_else(|poisoned| poisoned.into_inner()) = Arc::new(snapshot);
        // No open page is not an error.
        let _ = self.events.send(event);
    }

    /// Record the outcome of a rebuild and tell open pages.
    fn rebuilt(&self, output: Arc<Output>, rebuilt: &Rebuilt) {
        let old = self.snapshot();
        // A save that changed nothing (or only comments) need not reload every open page.
        if rebuilt.changed_outputs.is_empty() && old.problems.is_none() && old.generation > 0 {
            return;
        }
        let generation = old.generation + 1;
        self.publish(
            Snapshot {
                output,
                generation,
                problems: None,
            },
            events::Event::Reload {
                generation,
                stylesheets_only: rebuilt.stylesheets_only,
            },
        );
    }

    /// Serve the output with its summaries brought up to date. Open pages are not reloaded:
    /// the pages they show were served (and reloaded) with the rebuild before.
    fn summarised(&self, output: Arc<Output>) {
        let old = self.snapshot();
        *self
            .snapshot
            .write()
            .unwrap_or_else(|poisoned| poisoned.into_inner()) = Arc::new(Snapshot {
            output,
            generation: old.generation,
            problems: old.problems.clone(),
        });
    }

    fn failed(&self, problems: Diagnostics) {
        let old = self.snapshot();
        let problems = Arc::new(problems);
        self.publish(
            Snapshot {
                output: old.output.clone(),
                generation: old.generation,
                problems: Some(problems.clone()),
            },
            events::Event::Problems(problems),
        );
    }
}

/// The options pages are rendered with while serving: unminified (faster, readable) and with the
/// live-reload script.
pub fn render_options() -> RenderOptions {
    RenderOptions {
        base_url: None,
        minify: false,
        body_end: Some(events::SCRIPT_TAG.to_owned()),
    }
}

/// Run `minhbach serve` until the process is stopped.
pub fn serve(options: &ServeOptions) -> Result<(), ServeError> {
    let root = std::fs::canonicalize(&options.root).map_err(|source| ServeError::Root {
        path: options.root.clone(),
        source,
    })?;
    let shared = Arc::new(Shared::new());
    // Watch before the first build, so that a file saved while it runs is not missed.
    let (watching, events) = watch::start(&root, options.poll)?;
    let mut builder = Builder::new(&root, render_options());
    let reporter = watch::Reporter {
        quiet: options.quiet,
        root: root.clone(),
    };
    match builder.rebuild(&Changes::Everything) {
        Ok(rebuilt) => {
            reporter.rebuilt(&[], &rebuilt);
            let output = builder.output().unwrap_or_default();
            reporter.held(&output);
            shared.rebuilt(output, &rebuilt);
        }
        Err(problems) => {
            reporter.failed(&problems);
            shared.failed(problems);
        }
    }

    let listener = listen(options)?;
    let addr = listener.local_addr().map_err(|source| ServeError::Listen {
        addr: SocketAddr::new(options.bind, options.port),
        source,
    })?;
    let url = format!("http://{addr}/");
    // Tests and scripts read this line to find the port.
    println!("Serving {} at {url} (press Ctrl+C to stop)", display(&root));
    if !addr.ip().is_loopback() {
        println!(
            "warning: listening on {}, so other computers on the network can see this preview",
            addr.ip()
        );
    }

    watch::spawn_rebuilds(
        events,
        watching.git_dir.clone(),
        builder,
        shared.clone(),
        reporter,
    )?;
    if options.open {
        open_browser(&url);
    }
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .map_err(ServeError::Runtime)?;
    runtime.block_on(http::run(listener, shared))
}

/// Listen on the requested port, or on a free one if it is taken.
fn listen(options: &ServeOptions) -> Result<TcpListener, ServeError> {
    let addr = SocketAddr::new(options.bind, options.port);
    let listener = match TcpListener::bind(addr) {
        Ok(l) => l,
        Err(e) if e.kind() == std::io::ErrorKind::AddrInUse && options.port != 0 => {
            println!(
                "Port {} is in use; using a free port instead.",
                options.port
            );
            let any = SocketAddr::new(options.bind, 0);
            TcpListener::bind(any).map_err(|source| ServeError::Listen { addr: any, source })?
        }
        Err(source) => return Err(ServeError::Listen { addr, source }),
    };
    listener
        .set_nonblocking(true)
        .map_err(|source| ServeError::Listen { addr, source })?;
    Ok(listener)
}

fn display(path: &Path) -> String {
    diagnostics::display_path(path)
}

/// Open `url` in the user's browser; failing to is only worth a note.
fn open_browser(url: &str) {
    let mut command = if cfg!(target_os = "macos") {
        std::process::Command::new("open")
    } else if cfg!(windows) {
        let mut c = std::process::Command::new("cmd");
        c.args(["/C", "start", ""]);
        c
    } else {
        std::process::Command::new("xdg-open")
    };
    if let Err(e) = command.arg(url).spawn() {
        eprintln!("note: cannot open a browser ({e}); open {url} yourself");
    }
}
