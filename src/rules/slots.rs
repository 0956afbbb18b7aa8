//! Answer slots: every answer id a pack asks (`employees`,
//! `operating_revenue.y1` … `.y3`), numbered once at load. Facts are stored
//! by slot, so reading a firm's answers and looking one up costs an index,
//! not a formatted id and a string hash per lookup.

use super::InputDef;
use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use std::sync::Arc;

/// A small, fast, non-cryptographic hasher for the pack's own ids (the
/// keys are the pack's, never attacker-chosen at a scale where flooding
/// matters): 8 bytes at a time, as rustc's FxHasher does, without the crate.
#[derive(Default, Clone, Copy)]
pub struct IdHasher(u64);

const SEED: u64 = 0x51_7c_c1_b7_27_22_0a_95;

impl IdHasher {
    #[inline]
    fn add(&mut self, word: u64) {
        self.0 = (self.0.rotate_left(5) ^ word).wrapping_mul(SEED);
    }
}

impl Hasher for IdHasher {
    #[inline]
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            self.add(u64::from_le_bytes(c.try_into().unwrap_or_default()));
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            let mut buf = [0u8; 8];
            buf[..rest.len()].copy_from_slice(rest);
            self.add(u64::from_le_bytes(buf));
        }
    }

    #[inline]
    fn write_u8(&mut self, i: u8) {
        self.add(u64::from(i));
    }

    #[inline]
    fn write_usize(&mut self, i: usize) {
        self.add(i as u64);
    }

    #[inline]
    fn finish(&self) -> u64 {
        self.0
    }
}

/// A map keyed by the pack's ids.
pub type IdMap<K, V> = HashMap<K, V, BuildHasherDefault<IdHasher>>;

/// The answer ids of a pack, numbered in question order.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct AnswerSlots {
    /// Slot → answer id (`operating_revenue.y2`), shared with the metrics
    /// and leaves that name it.
    ids: Vec<Arc<str>>,
    /// Slot → its label with the year: “营业收入（上年度）”.
    labels: Vec<Arc<str>>,
    /// Slot → index of its question in `Pack::inputs`.
    input_of: Vec<usize>,
    /// Answer id → slot.
    by_id: IdMap<String, usize>,
    /// Question id → index in `Pack::inputs`.
    by_input: IdMap<String, usize>,
    /// Question index → its first slot.
    first: Vec<usize>,
    /// Slot → the slots of the answers it may not exceed by its question's
    /// `not_above` (主营业务收入.y1 → 营业收入.y1): same year when both are
    /// asked per year.
    not_above: Vec<Vec<usize>>,
}

impl AnswerSlots {
    pub(super) fn new(inputs: &[InputDef]) -> AnswerSlots {
        let mut s = AnswerSlots::default();
        for (i, def) in inputs.iter().enumerate() {
            s.by_input.insert(def.id.clone(), i);
            s.first.push(s.ids.len());
            for id in def.answer_ids() {
                s.by_id.insert(id.clone(), s.ids.len());
                s.labels.push(def.label_of(&id).into());
                s.ids.push(id.into());
                s.input_of.push(i);
            }
        }
        s.not_above = (0..s.ids.len())
            .map(|slot| s.not_above_of(inputs, slot))
            .collect();
        s
    }

    /// The slots answer `slot` may not exceed (see `not_above`), in the
    /// order its question lists them.
    fn not_above_of(&self, inputs: &[InputDef], slot: usize) -> Vec<usize> {
        let id = self.id(slot);
        let (base, year) = match id.rsplit_once(".y") {
            Some((b, y)) if y.parse::<u8>().is_ok() => (b, Some(y)),
            _ => (id, None),
        };
        let Some(def) = self.input_index(base).and_then(|i| inputs.get(i)) else {
            return Vec::new();
        };
        def.not_above
            .iter()
            .filter_map(|other| {
                let per_year = inputs.get(self.input_index(other)?)?.years.is_some();
                match (year, per_year) {
                    (Some(y), true) => self.slot(&format!("{other}.y{y}")),
                    (None, false) => self.slot(other),
                    _ => None,
                }
            })
            .collect()
    }

    /// The slots of the answers answer `slot` may not exceed (its
    /// question's `not_above`, same year), resolved at load.
    pub fn not_above(&self, slot: usize) -> &[usize] {
        self.not_above.get(slot).map(Vec::as_slice).unwrap_or(&[])
    }

    /// How many answer ids the pack asks.
    pub fn len(&self) -> usize {
        self.ids.len()
    }

    pub fn is_empty(&self) -> bool {
        self.ids.is_empty()
    }

    /// The slot of an answer id; none for an id the pack does not ask.
    #[inline]
    pub fn slot(&self, answer_id: &str) -> Option<usize> {
        self.by_id.get(answer_id).copied()
    }

    /// The answer id of a slot.
    pub fn id(&self, slot: usize) -> &str {
        &self.ids[slot]
    }

    /// The answer id of a slot, shared (a copy is a reference count).
    pub fn id_arc(&self, slot: usize) -> &Arc<str> {
        &self.ids[slot]
    }

    /// The label of a slot's answer, with its year (`InputDef::label_of`).
    pub fn label(&self, slot: usize) -> &Arc<str> {
        &self.labels[slot]
    }

    /// The index in `Pack::inputs` of a slot's question.
    pub fn input_of(&self, slot: usize) -> usize {
        self.input_of[slot]
    }

    /// The slots of question `input` (its index in `Pack::inputs`): one, or
    /// one per year (`.y1` first).
    pub fn of_input(&self, input: usize) -> std::ops::Range<usize> {
        let start = self.first[input];
        let end = self.first.get(input + 1).copied().unwrap_or(self.ids.len());
        start..end
    }

    /// The index in `Pack::inputs` of a question id.
    #[inline]
    pub fn input_index(&self, input_id: &str) -> Option<usize> {
        self.by_input.get(input_id).copied()
    }
}
