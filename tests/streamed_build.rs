//! `minhbach build` writes each file as soon as it is rendered; `render_site` (used by `serve`)
//! collects them. Both must give the same files, byte for byte.

use crate::common::tree;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

#[test]
fn a_streamed_build_writes_exactly_what_render_site_renders() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let tmp = tempfile::tempdir().unwrap();
    let output = tmp.path().join("public");
    let base_url = Some("https://example.gov.vn/portal/".to_owned());
    let summary = minhbach::build(&minhbach::BuildOptions {
        root: root.to_owned(),
        output: output.clone(),
        base_url: base_url.clone(),
        minify: true,
        body_end: None,
    })
    .unwrap_or_else(|e| panic!("the shipped site does not build: {e}"));

    let prepared = minhbach::prepare(root).unwrap_or_else(|d| panic!("does not build:\n{d}"));
    let plan = minhbach::plan::plan(&prepared.site);
    let options = minhbach::render::RenderOptions {
        base_url,
        minify: true,
        body_end: None,
    };
    let files = minhbach::render::render_site(
        &prepared.site,
        &prepared.theme,
        &plan,
        &options,
        &minhbach::pipeline::outputs(),
    )
    .unwrap_or_else(|d| panic!("does not render:\n{d}"));
    let rendered: BTreeMap<PathBuf, Vec<u8>> =
        files.into_iter().map(|f| (f.path, f.bytes)).collect();

    let written = tree(&output);
    assert_eq!(
        written.keys().collect::<Vec<_>>(),
        rendered.keys().collect::<Vec<_>>(),
        "the same files"
    );
    for (path, bytes) in &rendered {
        assert!(written[path] == *bytes, "{} differs", path.display());
    }
    assert_eq!(summary.files, rendered.len());
    assert_eq!(
        summary.bytes,
        rendered.values().map(|b| b.len() as u64).sum::<u64>()
    );
}
