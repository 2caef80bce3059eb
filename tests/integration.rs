//! The integration tests: one binary, one module per concern, helpers in `common`.
//!
//! Run one concern with a filter: `cargo test --test integration serve::`. The nginx recipe test
//! is ignored by default (it needs nginx): `cargo test --test integration deploy:: -- --ignored`.

mod common;

mod broken_content;
mod deploy;
mod downloads;
mod feeds_sitemap;
mod formula_safe_csv;
mod fuzz_corpus;
mod generated_site;
mod git_history;
mod incremental;
mod minify;
mod open_data;
mod output_safety;
mod pagination;
mod pre_commit;
mod scaffold;
mod schemas;
mod search;
mod serve;
mod serve_open;
mod shipped_site;
mod streamed_build;
mod translation_status;
mod translations;
mod value_checks;
mod yaml_reader;
