#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    minhbach_fuzz::fuzz("unit", data);
});
