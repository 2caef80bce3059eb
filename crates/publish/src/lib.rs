//! The boundary between the pages and the other outputs of a site: the search index, the open
//! data, the feeds, the sitemap and `robots.txt`. Each is an [`Output`], as each of mdBook's
//! back ends is a `Renderer`: the page renderer (`render`) and the preview (`render::live`) run
//! whatever list of outputs their caller gives them, at the three moments of a build, and know
//! none of them by name. So adding an output is a type and an entry in `pipeline::outputs`, and
//! `render` does not depend on any output crate.

use output::OutputFile;
use plan::Plan;
use std::io;
use std::path::PathBuf;
use theme::Strings;
use validate::Site;
use views::LangViews;

/// Where an output hands its files: from any thread, in any order.
pub type Emit<'e> = dyn Sink + 'e;

/// What receives the files of a build: the output folder, the preview's memory, a test's list.
/// Any `Fn(OutputFile)` is one.
pub trait Sink: Sync {
    /// Take a file made in memory.
    fn emit(&self, file: OutputFile);

    /// Take the file at `path` as `write` writes it, for a file too large to make in memory
    /// first (a national site's open data is hundreds of MB); returns its size in bytes. A sink
    /// that keeps files in memory anyway gets it whole.
    fn write(
        &self,
        path: PathBuf,
        write: &mut dyn FnMut(&mut dyn io::Write) -> io::Result<()>,
    ) -> io::Result<u64> {
        let mut bytes = Vec::new();
        write(&mut bytes)?;
        let len = bytes.len() as u64;
        self.emit(OutputFile { path, bytes });
        Ok(len)
    }
}

impl<F: Fn(OutputFile) + Sync> Sink for F {
    fn emit(&self, file: OutputFile) {
        self(file)
    }
}

/// Template values an output gives the pages, by name (`search_index`, `data_files`): what the
/// search and data pages say about the files.
pub type PageValues = Vec<(&'static str, serde_json::Value)>;

/// What every output is made from.
#[derive(Clone, Copy)]
pub struct SiteInput<'a> {
    pub site: &'a Site,
    pub plan: &'a Plan,
    /// The site's address, when known (`--base-url` or `site.yaml`): links in files read from
    /// elsewhere are absolute then.
    pub base_url: Option<&'a str>,
}

/// What a language's outputs are made from.
#[derive(Clone, Copy)]
pub struct LangInput<'a> {
    pub site: SiteInput<'a>,
    pub lang: &'a str,
    pub strings: &'a Strings,
}

/// A kind of file the site is published as, besides its pages. Each method is one moment of a
/// build; an output implements those it needs.
pub trait Output: Sync {
    /// What it is, for errors and timings: `search index`.
    fn name(&self) -> &'static str;

    /// The files of the whole site, made before any page; the values it gives go to the pages
    /// of every language.
    fn site_files(&self, input: SiteInput<'_>, emit: &Emit<'_>) -> PageValues {
        let _ = (input, emit);
        PageValues::new()
    }

    /// A language's files made from the records, before that language's views exist, so that
    /// the two are not in memory together (the search index of a national site is hundreds of
    /// MB); the values it gives go to that language's pages.
    fn record_files(&self, input: LangInput<'_>, emit: &Emit<'_>) -> PageValues {
        let _ = (input, emit);
        PageValues::new()
    }

    /// A language's files made from its views, while its pages render: they can give the pages
    /// nothing.
    fn view_files(&self, input: LangInput<'_>, views: &LangViews, emit: &Emit<'_>) {
        let _ = (input, views, emit);
    }
}
