//! The files to download (content/files/): each published once, as it is, at `files/<name>`
//! ([`PublishedFiles`]), and listed in the open data as `data/files.json` and `data/files.csv`
//! (path, size, media type, SHA-256 and the records that link it), which [`crate::open_data`]
//! writes beside the records' files.

use crate::Written;
use load::ContentFile;
use rayon::prelude::*;
use serde::Serialize;
use std::io::{self, Read, Write};
use std::path::PathBuf;
use validate::Site;

/// The name of the data files that list the files: `data/files.json`, `data/files.csv`.
pub const FILES_DATA: &str = "files";

/// The fields of a file in `data/files.json`, and the columns of `data/files.csv`.
pub const FIELDS: [&str; 5] = ["path", "bytes", "media_type", "sha256", "used_by"];

/// `data/files.json`, `data/files.csv`.
pub fn files_data_path(format: &str) -> PathBuf {
    PathBuf::from(format!("{}/{FILES_DATA}.{format}", crate::DATA_DIR))
}

/// The files of content/files/ as an output: each copied into the sink as it is read, at
/// `files/<name>`, once for every language.
pub struct PublishedFiles;

impl publish::Output for PublishedFiles {
    fn name(&self) -> &'static str {
        "files to download"
    }
    fn site_files(
        &self,
        input: publish::SiteInput<'_>,
        sink: &publish::Emit<'_>,
    ) -> publish::PageValues {
        publish_files(input.site, sink);
        publish::PageValues::new()
    }
}

/// Copy every file of content/files/ into `sink`, a piece at a time; returns their sizes.
pub fn publish_files(site: &Site, sink: &publish::Emit<'_>) -> Vec<Written> {
    let loaded = &site.loaded;
    let max_size = loaded.config.data.limits.max_file_size();
    let files: Vec<&ContentFile> = loaded.files.values().collect();
    files
        .into_par_iter()
        .map(|file| {
            let path = PathBuf::from(file.site_path());
            let written = sink.write(path.clone(), &mut |out| {
                // Read as carefully as when it was loaded: no link, nothing but a file.
                let (f, _) = load::files::open_file(&loaded.root, &file.path, max_size)
                    .map_err(|d| io::Error::other(d.to_string()))?;
                // A file that grew past the limit since it was loaded is an error, not cut.
                let copied = io::copy(&mut f.take(max_size.saturating_add(1)), out)?;
                if copied > max_size {
                    return Err(io::Error::other(format!(
                        "{} grew past the size limit while it was copied",
                        file.path.display()
                    )));
                }
                Ok(())
            });
            Written {
                path,
                bytes: written.unwrap_or_default() as usize,
            }
        })
        .collect()
}

/// A file as `data/files.json` lists it.
#[derive(Serialize)]
struct Listed<'a> {
    path: String,
    bytes: u64,
    media_type: &'a str,
    sha256: &'a str,
    used_by: Vec<User<'a>>,
}

/// A record that links a file: its kind's name and its id.
#[derive(Serialize)]
struct User<'a> {
    kind: &'static str,
    id: &'a str,
}

/// Write `data/files.json` (`format` `json`) or `data/files.csv` (`csv`) into `out`.
pub fn write_files_data(site: &Site, format: &str, out: &mut dyn Write) -> io::Result<()> {
    let users = validate::file_users(&site.loaded);
    let listed = site.loaded.files.values().map(|f| Listed {
        path: f.site_path(),
        bytes: f.size,
        media_type: &f.media_type,
        sha256: &f.sha256,
        used_by: users
            .get(&f.name)
            .into_iter()
            .flatten()
            .map(|c| User {
                kind: c.kind.name(),
                id: &c.id,
            })
            .collect(),
    });
    let mut out = io::BufWriter::new(out);
    if format == "json" {
        let mut json = serde_json::Serializer::with_formatter(
            &mut out,
            serde_json::ser::PrettyFormatter::new(),
        );
        serde::Serializer::collect_seq(&mut json, listed)?;
        out.write_all(b"\n")?;
        return out.flush();
    }
    // As the records' CSV files: a byte-order mark, CRLF, RFC 4180 quoting; the records that
    // use a file in one cell, one `kind:id` a line.
    out.write_all(b"\xEF\xBB\xBF")?;
    let mut writer = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .quote_style(csv::QuoteStyle::Necessary)
        .from_writer(&mut out);
    writer.write_record(FIELDS)?;
    for f in listed {
        let mut used_by = f
            .used_by
            .iter()
            .map(|u| format!("{}:{}", u.kind, u.id))
            .collect::<Vec<_>>()
            .join("\n");
        crate::cells::formula_guard(&mut used_by, true);
        writer.write_record([
            f.path.as_str(),
            &f.bytes.to_string(),
            f.media_type,
            f.sha256,
            &used_by,
        ])?;
    }
    writer.flush()?;
    drop(writer);
    out.flush()
}
