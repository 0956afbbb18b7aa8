//! Answer ids that leave a result unknown (`operating_revenue.y1`), kept
//! shared: a leaf copies its metric's list by a reference count, and one
//! id is the pack's own string (`AnswerSlots::id_arc`), not a copy.

use serde::Serialize;
use std::sync::Arc;

/// A short list of answer ids, in order, cheap to copy. Serialized as a
/// list of strings.
#[derive(Clone, Default, PartialEq, Eq)]
pub struct Ids(Repr);

#[derive(Clone, Default, PartialEq, Eq)]
enum Repr {
    #[default]
    None,
    One(Arc<str>),
    Many(Arc<[Arc<str>]>),
}

impl Ids {
    /// One id.
    pub fn one(id: Arc<str>) -> Ids {
        Ids(Repr::One(id))
    }

    /// The ids in `ids`, in order.
    pub fn from_vec(mut ids: Vec<Arc<str>>) -> Ids {
        match ids.len() {
            0 => Ids(Repr::None),
            1 => Ids(Repr::One(ids.remove(0))),
            _ => Ids(Repr::Many(ids.into())),
        }
    }

    /// Whether there is no id (the result is known).
    pub fn is_empty(&self) -> bool {
        matches!(self.0, Repr::None)
    }

    /// How many ids.
    pub fn len(&self) -> usize {
        self.as_slice().len()
    }

    /// The ids, in order.
    pub fn iter(&self) -> impl Iterator<Item = &str> + Clone {
        self.as_slice().iter().map(|id| &**id)
    }

    /// The ids, shared (for building another list).
    pub fn shared(&self) -> &[Arc<str>] {
        self.as_slice()
    }

    fn as_slice(&self) -> &[Arc<str>] {
        match &self.0 {
            Repr::None => &[],
            Repr::One(id) => std::slice::from_ref(id),
            Repr::Many(ids) => ids,
        }
    }
}

impl Serialize for Ids {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(self.iter())
    }
}

impl std::fmt::Debug for Ids {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_list().entries(self.iter()).finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_serialize_as_the_ids_in_order() {
        let ids = Ids::from_vec(vec!["a.y1".into(), "b".into()]);
        assert_eq!(ids.len(), 2);
        assert_eq!(serde_json::to_string(&ids).unwrap(), r#"["a.y1","b"]"#);
        assert_eq!(serde_json::to_string(&Ids::default()).unwrap(), "[]");
        assert_eq!(
            serde_json::to_string(&Ids::one("c".into())).unwrap(),
            r#"["c"]"#
        );
        assert!(Ids::from_vec(vec![]).is_empty());
    }
}
