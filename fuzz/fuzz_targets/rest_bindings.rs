#![no_main]
libfuzzer_sys::fuzz_target!(|data: &[u8]| fuzz_harness::rest_bindings::<smithy_lite_fuzz::Lambda>(data));
