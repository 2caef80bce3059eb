//! The stages that `build`, `check` and `serve` share: load → validate → history → theme →
//! cross-checks. [`prepare`] runs them all on a site's folder; `serve`'s rebuilder
//! ([`incremental`]) runs the same functions on the records it reloaded, so the preview
//! shows what a build writes, git dates and change history included.

use diagnostics::{self, Diagnostics};
use history::{self, GitOutput, GitStatus};
use std::path::Path;
use std::thread::{Scope, ScopedJoinHandle};

/// A loaded, validated site and its theme: everything needed to render.
pub struct Prepared {
    pub site: validate::Site,
    pub theme: theme::Theme,
}

/// git's answer about a site's folder, asked on a thread of its own: git needs only the root,
/// so it runs while the site loads and validates. Or an answer known already (the preview does
/// not ask again where there is no repository, or no git).
pub enum PendingGit<'scope> {
    Asking(ScopedJoinHandle<'scope, Result<GitOutput, GitStatus>>),
    Known(GitStatus),
}

impl<'scope> PendingGit<'scope> {
    /// Start asking git about `root` on a thread of `scope`.
    pub fn ask<'env>(scope: &'scope Scope<'scope, 'env>, root: &'env Path) -> Self {
        PendingGit::Asking(scope.spawn(move || history::run_git(root)))
    }

    /// Wait for git's answer.
    pub fn answer(self) -> Result<GitOutput, GitStatus> {
        match self {
            PendingGit::Asking(handle) => handle.join().unwrap_or_else(|_| {
                Err(GitStatus::Failed(
                    "the thread that ran git stopped".to_owned(),
                ))
            }),
            PendingGit::Known(status) => Err(status),
        }
    }
}

/// The outputs of a site besides its pages (`publish::Output`), in the order they are made:
/// the open data, the files to download, the search index, the feeds, the sitemap and `robots.txt`. Build, serve and
/// the tests use this one list, so a new output is added here once.
pub fn outputs() -> [&'static dyn publish::Output; 6] {
    [
        &opendata::OpenData,
        &opendata::files::PublishedFiles,
        &search::SearchIndex,
        &feeds::Feeds,
        &feeds::Sitemap,
        &feeds::Robots,
    ]
}

/// Run every stage before rendering on the site at `root`. Every problem of the run is returned.
pub fn prepare(root: &Path) -> Result<Prepared, Diagnostics> {
    std::thread::scope(|scope| {
        let git = PendingGit::ask(scope, root);
        let (loaded, mut diags) = load::load(root);
        let Some(loaded) = loaded else {
            return Err(diags.sorted());
        };
        let (mut site, more) = validate::validate(loaded);
        diags.extend(more);
        diags.extend(read_history(&mut site, git));
        let (theme, more) =
            theme::load_theme(root, &site.loaded.config.data.theme, site.languages());
        diags.extend(more);
        if let Some(theme) = &theme {
            cross_check(&site, theme, &mut diags);
        }
        match theme {
            Some(theme) if diags.is_empty() => Ok(Prepared { site, theme }),
            _ => Err(diags.sorted()),
        }
    })
}

/// The history stage: give every record of `site` its dates and changes from git's answer
/// (unused if site.yaml says `history.from_git: false`), and check the `history:` settings.
pub fn read_history(site: &mut validate::Site, git: PendingGit<'_>) -> Diagnostics {
    let (history, diags) = history::read(&site.loaded, || git.answer());
    site.history = history;
    diags
}

/// The checks between the site and its theme: every string minhbach itself looks up exists in
/// every language of the theme.
pub fn cross_check(site: &validate::Site, theme: &theme::Theme, diags: &mut Diagnostics) {
    let mut keys: Vec<&str> = render::views::CODE_STRING_KEYS.to_vec();
    keys.extend(model::Section::ALL.iter().map(|s| s.label_key()));
    keys.push("not_found_title");
    keys.push("data_title");
    // The data page's label of data/files.json and data/files.csv.
    keys.push("list_files");
    keys.extend(render::charts::STRING_KEYS);
    keys.push("translations_title");
    // Templates look these up by a computed key (`t["online_" ~ level]`), so the static scan of
    // templates cannot see them: every value of each enumeration needs its string.
    let families: Vec<String> = [
        (
            "online_",
            model::values_of::<model::OnlineLevel>().collect::<Vec<_>>(),
        ),
        (
            "method_",
            model::values_of::<model::SubmissionMethod>().collect(),
        ),
        (
            "channel_",
            model::values_of::<model::ChannelKind>().collect(),
        ),
        (
            "doc_type_",
            model::values_of::<model::DocumentType>().collect(),
        ),
        ("kind_", load::Kind::ALL.iter().map(|k| k.name()).collect()),
        // The plural name of a kind without a list page (and so without a menu label), for
        // the data page.
        (
            "list_",
            load::Kind::ALL
                .iter()
                .filter(|k| !k.is_listed())
                .map(|k| k.name())
                .collect(),
        ),
    ]
    .iter()
    .flat_map(|(prefix, values)| values.iter().map(move |v| format!("{prefix}{v}")))
    .collect();
    keys.extend(families.iter().map(String::as_str));
    for (lang, strings) in &theme.strings {
        for key in &keys {
            if !strings.contains_key(*key) {
                let file = Path::new("themes")
                    .join(&site.loaded.config.data.theme)
                    .join("i18n")
                    .join(format!("{lang}.yaml"));
                diags.push(
                    diagnostics::Diagnostic::new(
                        file,
                        format!("the string `{key}` is missing in language `{lang}`"),
                    )
                    .hint(format!("add `{key}: …`; minhbach itself uses this string")),
                );
            }
        }
    }
}
