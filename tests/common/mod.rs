//! What the CLI test files share: running the built `zjtx` binary.
#![allow(dead_code)]

use std::process::Command;

/// Runs `zjtx` with `args`: (exit code, stdout, stderr). Output must be
/// UTF-8: the CLI writes zh-CN text.
pub fn zjtx(args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_zjtx"))
        .args(args)
        .output()
        .expect("run zjtx");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8(out.stdout).expect("stdout is UTF-8"),
        String::from_utf8(out.stderr).expect("stderr is UTF-8"),
    )
}
