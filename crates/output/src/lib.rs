//! What every output module makes and shares: the files of the output and their fingerprint.
//! Pages ([`render`]), the search index ([`search`]) and open data
//! ([`opendata`]) all depend on this module and on none of each other's internals.

use std::path::PathBuf;

/// A file of the output, with its path below the output root.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutputFile {
    pub path: PathBuf,
    pub bytes: Vec<u8>,
}

/// The usual starting value of [`fnv1a`].
pub const FNV_OFFSET: u64 = 0xcbf2_9ce4_8422_2325;

/// FNV-1a over `bytes`, continuing from `hash`: the one fingerprint of the output (asset
/// versions, the search index's version, feed ids), stable across runs and platforms.
pub fn fnv1a(mut hash: u64, bytes: impl IntoIterator<Item = u8>) -> u64 {
    for b in bytes {
        hash ^= u64::from(b);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    hash
}
