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

/// A folder under the system's temporary directory for one test, removed
/// when the guard drops — also when the test fails (the panic unwinds
/// through it). Set `ZJTX_KEEP_TMP=1` to keep it for a look afterwards.
pub struct TempDir(std::path::PathBuf);

impl TempDir {
    /// `zjtx-{prefix}-{process id}-{name}`, emptied if a killed run left it.
    pub fn new(prefix: &str, name: &str) -> TempDir {
        let d = std::env::temp_dir().join(format!("zjtx-{prefix}-{}-{name}", std::process::id()));
        let _ = std::fs::remove_dir_all(&d);
        std::fs::create_dir_all(&d).expect("create a temporary folder");
        TempDir(d)
    }

    pub fn path(&self) -> &std::path::Path {
        &self.0
    }
}

impl std::ops::Deref for TempDir {
    type Target = std::path::Path;
    fn deref(&self) -> &std::path::Path {
        &self.0
    }
}

impl AsRef<std::path::Path> for TempDir {
    fn as_ref(&self) -> &std::path::Path {
        &self.0
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        if std::env::var_os("ZJTX_KEEP_TMP").is_some_and(|v| !v.is_empty()) {
            eprintln!("kept {}", self.0.display());
        } else {
            let _ = std::fs::remove_dir_all(&self.0);
        }
    }
}
