//! Patched for minhbach (not in libyaml): byte scans for the bulk paths of the reader and the
//! scanner, 16 bytes at a time with SSE2 on x86-64 (which every x86-64 processor has), one
//! byte at a time elsewhere. Text is mostly bytes that need no attention; these find the few
//! that do.

/// A set of `N` byte values to look for.
#[derive(Clone, Copy)]
pub(crate) struct ByteSet<const N: usize> {
    bytes: [u8; N],
}

impl<const N: usize> ByteSet<N> {
    pub(crate) const fn new(bytes: [u8; N]) -> Self {
        ByteSet { bytes }
    }

    #[cfg(not(target_arch = "x86_64"))]
    fn contains(&self, byte: u8) -> bool {
        self.bytes.contains(&byte)
    }
}

/// The position of the first byte of `bytes` in `set`, or `bytes.len()`.
pub(crate) fn find<const N: usize>(bytes: &[u8], set: &ByteSet<N>) -> usize {
    #[cfg(target_arch = "x86_64")]
    {
        // SAFETY: SSE2 is part of x86-64; the loads are unaligned loads within `bytes`.
        unsafe { find_sse2(bytes, set) }
    }
    #[cfg(not(target_arch = "x86_64"))]
    {
        find_scalar(bytes, set, 0)
    }
}

#[cfg(not(target_arch = "x86_64"))]
fn find_scalar<const N: usize>(bytes: &[u8], set: &ByteSet<N>, from: usize) -> usize {
    bytes[from..]
        .iter()
        .position(|&b| set.contains(b))
        .map_or(bytes.len(), |i| from + i)
}

#[cfg(target_arch = "x86_64")]
unsafe fn find_sse2<const N: usize>(bytes: &[u8], set: &ByteSet<N>) -> usize {
    use core::arch::x86_64::{
        __m128i, _mm_cmpeq_epi8, _mm_loadu_si128, _mm_movemask_epi8, _mm_or_si128,
        _mm_set1_epi8, _mm_setzero_si128,
    };
    let wanted: [__m128i; N] = core::array::from_fn(|i| _mm_set1_epi8(set.bytes[i] as i8));
    let hits = |chunk: __m128i| {
        let mut hits = _mm_setzero_si128();
        for w in &wanted {
            hits = _mm_or_si128(hits, _mm_cmpeq_epi8(chunk, *w));
        }
        _mm_movemask_epi8(hits)
    };
    let mut at = 0;
    while at + 16 <= bytes.len() {
        let mask = hits(_mm_loadu_si128(bytes.as_ptr().add(at).cast()));
        if mask != 0 {
            return at + mask.trailing_zeros() as usize;
        }
        at += 16;
    }
    // The last few bytes, in a chunk of their own; the places after them never match.
    let tail = &bytes[at..];
    if tail.is_empty() {
        return bytes.len();
    }
    let mut last = [0u8; 16];
    last[..tail.len()].copy_from_slice(tail);
    let mask = hits(_mm_loadu_si128(last.as_ptr().cast())) & ((1 << tail.len()) - 1);
    if mask != 0 {
        at + mask.trailing_zeros() as usize
    } else {
        bytes.len()
    }
}

/// The number of characters in `bytes`, valid UTF-8: the bytes that are not continuation
/// bytes (0x80-0xBF).
pub(crate) fn count_chars(bytes: &[u8]) -> usize {
    // As signed bytes, continuation bytes are the ones below -64: summed as 0 or 1 in a form
    // the compiler turns into vector instructions.
    bytes.iter().map(|&b| usize::from((b as i8) >= -64)).sum()
}

/// The position of the first byte of `bytes` that may start a character YAML forbids, or
/// `bytes.len()`: a byte below 0x20 other than tab, LF and CR, 0x7F, and the lead bytes 0xC2
/// (of U+0080-U+00BF) and 0xEF (of U+F000-U+FFFF), whose characters need a closer look.
pub(crate) fn find_suspicious(bytes: &[u8]) -> usize {
    #[cfg(target_arch = "x86_64")]
    {
        // SAFETY: SSE2 is part of x86-64; the loads are unaligned loads within `bytes`.
        unsafe { find_suspicious_sse2(bytes) }
    }
    #[cfg(not(target_arch = "x86_64"))]
    {
        find_suspicious_scalar(bytes, 0)
    }
}

fn suspicious(byte: u8) -> bool {
    (byte < 0x20 && !matches!(byte, b'\t' | b'\n' | b'\r')) || matches!(byte, 0x7F | 0xC2 | 0xEF)
}

fn find_suspicious_scalar(bytes: &[u8], from: usize) -> usize {
    bytes[from..]
        .iter()
        .position(|&b| suspicious(b))
        .map_or(bytes.len(), |i| from + i)
}

#[cfg(target_arch = "x86_64")]
unsafe fn find_suspicious_sse2(bytes: &[u8]) -> usize {
    use core::arch::x86_64::{
        _mm_andnot_si128, _mm_cmpeq_epi8, _mm_loadu_si128, _mm_min_epu8, _mm_movemask_epi8,
        _mm_or_si128, _mm_set1_epi8,
    };
    let below_space = _mm_set1_epi8(0x1F);
    let allowed: [_; 3] = [b'\t', b'\n', b'\r'].map(|b| _mm_set1_epi8(b as i8));
    let others: [_; 3] = [0x7F_u8, 0xC2, 0xEF].map(|b| _mm_set1_epi8(b as i8));
    let mut at = 0;
    while at + 16 <= bytes.len() {
        let chunk = _mm_loadu_si128(bytes.as_ptr().add(at).cast());
        // Unsigned `byte <= 0x1F`: the minimum of the two is the byte itself.
        let control = _mm_cmpeq_epi8(_mm_min_epu8(chunk, below_space), chunk);
        let mut fine = _mm_cmpeq_epi8(chunk, allowed[0]);
        fine = _mm_or_si128(fine, _mm_cmpeq_epi8(chunk, allowed[1]));
        fine = _mm_or_si128(fine, _mm_cmpeq_epi8(chunk, allowed[2]));
        let mut hits = _mm_andnot_si128(fine, control);
        for other in &others {
            hits = _mm_or_si128(hits, _mm_cmpeq_epi8(chunk, *other));
        }
        let mask = _mm_movemask_epi8(hits);
        if mask != 0 {
            return at + mask.trailing_zeros() as usize;
        }
        at += 16;
    }
    find_suspicious_scalar(bytes, at)
}
