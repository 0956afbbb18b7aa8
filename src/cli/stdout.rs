//! Standard output for the CLI's text. `print!` panics when the reader has
//! gone (`zjtx assess … | head`); a closed pipe is the reader's choice, not
//! an error, so it ends the output quietly.

use std::io::{ErrorKind, Write};

/// Writes `text` to standard output. A closed pipe counts as done; any other
/// failure (a full disk behind a redirect) is a zh-CN message.
pub fn write(text: &str) -> Result<(), String> {
    let mut out = std::io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == ErrorKind::BrokenPipe => Ok(()),
        Err(e) => Err(format!("写不了标准输出：{e}")),
    }
}
