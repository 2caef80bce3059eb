//! Embeds the default theme into the binary, so that `minhbach init` works from anywhere.
//!
//! Writes `$OUT_DIR/default_theme.rs`: a sorted list of (path below `themes/default/`, bytes).
//! `include_bytes!` makes rustc track each file, and `rerun-if-changed` on the folder catches
//! added and removed files.

use std::path::{Path, PathBuf};

fn main() {
    // Read at run time, not with `env!`: a build script compiled for one checkout is reused by
    // another that shares its target folder, and would embed the first checkout's theme.
    let manifest_dir = std::env::var("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR");
    let theme = Path::new(&manifest_dir).join("../../themes/default");
    println!("cargo:rerun-if-changed={}", theme.display());
    let mut files = Vec::new();
    collect(&theme, &mut files);
    files.sort();
    let mut code = String::from("&[\n");
    for file in files {
        let rel = file.strip_prefix(&theme).expect("below the theme folder");
        let rel: Vec<String> = rel
            .components()
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
            .collect();
        code.push_str(&format!(
            "    ({:?}, include_bytes!({:?}) as &[u8]),\n",
            rel.join("/"),
            file.display().to_string()
        ));
    }
    code.push_str("]\n");
    let out = PathBuf::from(std::env::var("OUT_DIR").expect("cargo sets OUT_DIR"));
    std::fs::write(out.join("default_theme.rs"), code).expect("write default_theme.rs");
}

fn collect(dir: &Path, out: &mut Vec<PathBuf>) {
    let entries =
        std::fs::read_dir(dir).unwrap_or_else(|e| panic!("cannot read {}: {e}", dir.display()));
    for entry in entries {
        let path = entry.expect("a directory entry").path();
        if path.is_dir() {
            collect(&path, out);
        } else {
            out.push(path);
        }
    }
}
