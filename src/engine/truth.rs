//! Three-valued logic: a condition on an unknown answer is neither met nor
//! unmet, and “或”/“且” combine such conditions the way the law reads.

use serde::Serialize;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Truth {
    Yes,
    No,
    Unknown,
}

impl Truth {
    pub fn from_bool(b: bool) -> Truth {
        if b { Truth::Yes } else { Truth::No }
    }

    /// “或”: yes if any is yes; no only if all are no.
    pub fn any(items: impl IntoIterator<Item = Truth>) -> Truth {
        items.into_iter().fold(Truth::No, |acc, t| match (acc, t) {
            (Truth::Yes, _) | (_, Truth::Yes) => Truth::Yes,
            (Truth::Unknown, _) | (_, Truth::Unknown) => Truth::Unknown,
            _ => Truth::No,
        })
    }

    /// “且”: no if any is no; yes only if all are yes.
    pub fn all(items: impl IntoIterator<Item = Truth>) -> Truth {
        items.into_iter().fold(Truth::Yes, |acc, t| match (acc, t) {
            (Truth::No, _) | (_, Truth::No) => Truth::No,
            (Truth::Unknown, _) | (_, Truth::Unknown) => Truth::Unknown,
            _ => Truth::Yes,
        })
    }

    pub fn not(self) -> Truth {
        match self {
            Truth::Yes => Truth::No,
            Truth::No => Truth::Yes,
            Truth::Unknown => Truth::Unknown,
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Truth::Yes => "是",
            Truth::No => "否",
            Truth::Unknown => "未知",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Truth::*;
    use super::*;

    #[test]
    fn kleene_tables() {
        assert_eq!(Truth::any([No, Unknown]), Unknown);
        assert_eq!(Truth::any([Unknown, Yes]), Yes);
        assert_eq!(Truth::any([No, No]), No);
        assert_eq!(Truth::all([Yes, Unknown]), Unknown);
        assert_eq!(Truth::all([Unknown, No]), No);
        assert_eq!(Truth::all([Yes, Yes]), Yes);
        assert_eq!(Unknown.not(), Unknown);
    }
}
