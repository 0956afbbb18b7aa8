//! Display words computed on demand, so that evaluation never formats
//! text a view may not show.

use serde::Serialize;
use std::borrow::Cow;
use std::sync::Arc;

/// Words for people (a metric's formula, a gap's advice), written only when
/// a view asks for them ([`Words::text`]): an assessment computes dozens
/// of metrics and gaps, a page shows a few. The figures are captured as
/// data; the labels are shared with the pack.
#[derive(Clone)]
pub struct Words(Written);

#[derive(Clone)]
enum Written {
    Now(Cow<'static, str>),
    Later(Arc<dyn Fn() -> String + Send + Sync>),
}

impl Words {
    pub(super) fn later(f: impl Fn() -> String + Send + Sync + 'static) -> Words {
        Words(Written::Later(Arc::new(f)))
    }

    /// The words, written now.
    pub fn text(&self) -> Cow<'_, str> {
        match &self.0 {
            Written::Now(t) => Cow::Borrowed(t),
            Written::Later(f) => Cow::Owned(f()),
        }
    }
}

impl From<String> for Words {
    fn from(t: String) -> Words {
        Words(Written::Now(Cow::Owned(t)))
    }
}

impl From<&'static str> for Words {
    fn from(t: &'static str) -> Words {
        Words(Written::Now(Cow::Borrowed(t)))
    }
}

impl PartialEq for Words {
    fn eq(&self, other: &Words) -> bool {
        self.text() == other.text()
    }
}

impl std::fmt::Debug for Words {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        std::fmt::Debug::fmt(&self.text(), f)
    }
}

impl std::fmt::Display for Words {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.text())
    }
}

impl Serialize for Words {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.text())
    }
}
