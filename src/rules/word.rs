//! The clause words that compare a value with a threshold (以上、不低于、
//! 超过…), and what each means at the threshold itself. The meaning of every
//! word is defined once, in [`Word::TABLE`]; the engine, the pack check and
//! the review document (`zjtx pack doc`) all read it from there.

use serde::{Deserialize, Deserializer, Serialize, Serializer, de};

/// How a comparison word treats the threshold itself.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Inclusion {
    /// Always counts the threshold (不低于 100 万元: 100 passes).
    Always,
    /// Never counts it (超过 50%: 50% fails).
    Never,
    /// 以上 / 以下 on their own: the `boundary` setting decides (原文未统一规定).
    BySetting,
}

impl Inclusion {
    /// In words, for the review document and the report's legend.
    pub fn label(self) -> &'static str {
        match self {
            Inclusion::Always => "含本数",
            Inclusion::Never => "不含本数",
            Inclusion::BySetting => "按“以上/以下”设置，默认含本数",
        }
    }
}

/// A comparison word as the clause writes it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Word {
    YiShang,
    JiYiShang,
    BuDiYu,
    DaDao,
    /// “达到60分以上”: the clause says 达到, so the threshold counts whatever
    /// the boundary setting says (63号 pass marks, 达到2年以上).
    DaDaoYiShang,
    Man,
    BuShaoYu,
    ChaoGuo,
    GaoYu,
    YiXia,
    BuChaoGuo,
    BuGaoYu,
    JiYiXia,
    DiYu,
    BuZu,
    WeiMan,
}

/// One row of the word table.
#[derive(Clone, Copy, Debug)]
pub struct WordRow {
    pub word: Word,
    /// As written in the pack and shown in reports.
    pub text: &'static str,
    /// A lower bound (value must reach the threshold) or an upper one.
    pub lower: bool,
    pub inclusion: Inclusion,
    /// Why, in one short sentence for the review document.
    pub note: &'static str,
}

const fn row(
    word: Word,
    text: &'static str,
    lower: bool,
    inclusion: Inclusion,
    note: &'static str,
) -> WordRow {
    WordRow {
        word,
        text,
        lower,
        inclusion,
        note,
    }
}

impl Word {
    /// Every word the pack may use, with its direction and inclusivity.
    pub const TABLE: &'static [WordRow] = &[
        row(
            Word::YiShang,
            "以上",
            true,
            Inclusion::BySetting,
            "原文未统一规定是否含本数",
        ),
        row(
            Word::JiYiShang,
            "及以上",
            true,
            Inclusion::Always,
            "“及”写明含本数",
        ),
        row(
            Word::BuDiYu,
            "不低于",
            true,
            Inclusion::Always,
            "等于门槛即不低于",
        ),
        row(
            Word::DaDao,
            "达到",
            true,
            Inclusion::Always,
            "等于门槛即已达到",
        ),
        row(
            Word::DaDaoYiShang,
            "达到…以上",
            true,
            Inclusion::Always,
            "“达到”写明等于门槛即可",
        ),
        row(Word::Man, "满", true, Inclusion::Always, "恰好满即可"),
        row(
            Word::BuShaoYu,
            "不少于",
            true,
            Inclusion::Always,
            "等于门槛即不少于",
        ),
        row(Word::ChaoGuo, "超过", true, Inclusion::Never, "须大于门槛"),
        row(Word::GaoYu, "高于", true, Inclusion::Never, "须大于门槛"),
        row(
            Word::YiXia,
            "以下",
            false,
            Inclusion::BySetting,
            "原文未统一规定是否含本数",
        ),
        row(
            Word::BuChaoGuo,
            "不超过",
            false,
            Inclusion::Always,
            "等于门槛即不超过",
        ),
        row(
            Word::BuGaoYu,
            "不高于",
            false,
            Inclusion::Always,
            "等于门槛即不高于",
        ),
        row(
            Word::JiYiXia,
            "及以下",
            false,
            Inclusion::Always,
            "“及”写明含本数",
        ),
        row(Word::DiYu, "低于", false, Inclusion::Never, "须小于门槛"),
        row(Word::BuZu, "不足", false, Inclusion::Never, "须小于门槛"),
        row(Word::WeiMan, "未满", false, Inclusion::Never, "须小于门槛"),
    ];

    fn row(self) -> &'static WordRow {
        // Every variant has exactly one row (tested below).
        Word::TABLE
            .iter()
            .find(|r| r.word == self)
            .unwrap_or(&Word::TABLE[0])
    }

    /// Reads a word as written (“不低于”); `达到以上` is accepted for 达到…以上.
    pub fn parse(text: &str) -> Option<Word> {
        let text = match text.trim() {
            "达到以上" | "达到...以上" => "达到…以上",
            t => t,
        };
        Word::TABLE.iter().find(|r| r.text == text).map(|r| r.word)
    }

    pub fn text(self) -> &'static str {
        self.row().text
    }

    pub fn is_lower(self) -> bool {
        self.row().lower
    }

    pub fn inclusion(self) -> Inclusion {
        self.row().inclusion
    }

    /// The default word of a bare `min` / `max`: 以上 / 以下.
    pub fn plain(lower: bool) -> Word {
        if lower { Word::YiShang } else { Word::YiXia }
    }

    /// Written after the threshold (“1500 万元以上”) or before it (“不低于 3%”).
    pub fn after_threshold(self) -> bool {
        matches!(
            self,
            Word::YiShang | Word::JiYiShang | Word::YiXia | Word::JiYiXia
        )
    }

    /// The requirement in words around a shown threshold: “达到 60 分以上”.
    pub fn phrase(self, limit: &str) -> String {
        match self {
            Word::DaDaoYiShang => format!("达到 {limit}以上"),
            w if w.after_threshold() => format!(" {limit}{}", w.text()),
            w => format!("{} {limit}", w.text()),
        }
    }

    /// All words, for error messages.
    pub fn all_texts() -> String {
        Word::TABLE
            .iter()
            .map(|r| r.text)
            .collect::<Vec<_>>()
            .join("、")
    }
}

impl<'de> Deserialize<'de> for Word {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = String::deserialize(d)?;
        Word::parse(&text).ok_or_else(|| {
            de::Error::custom(format!(
                "不认识的比较用语“{text}”；请改为条款原文用语之一：{}",
                Word::all_texts()
            ))
        })
    }
}

impl Serialize for Word {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.text())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_word_has_one_row_and_reads_back() {
        for r in Word::TABLE {
            assert_eq!(Word::TABLE.iter().filter(|x| x.word == r.word).count(), 1);
            assert_eq!(Word::parse(r.text), Some(r.word));
            assert_eq!(r.word.text(), r.text);
        }
        assert_eq!(Word::parse("达到以上"), Some(Word::DaDaoYiShang));
        assert_eq!(Word::parse("大约"), None);
    }

    #[test]
    fn da_dao_yi_shang_always_counts_the_threshold() {
        assert_eq!(Word::DaDaoYiShang.inclusion(), Inclusion::Always);
        assert_eq!(Word::YiShang.inclusion(), Inclusion::BySetting);
        assert_eq!(Word::DaDaoYiShang.phrase("60 分"), "达到 60 分以上");
    }
}
