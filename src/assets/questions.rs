//! The feedback question bank, `assets/feedback-questions.toml`, parsed once for the whole
//! program: the ids a saved answer may use, the forms' wording (`documents`) and the bank
//! the desktop shows (`workbook::reference`) all come from here. A broken file is an error
//! wherever it is asked for, never an empty bank.

use std::sync::OnceLock;

use serde::Deserialize;

const QUESTIONS_TOML: &str = include_str!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/assets/feedback-questions.toml"
));

/// Why the question bank could not be read. The message names the file and is one line.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("assets/feedback-questions.toml: {0}")]
pub struct QuestionBankError(String);

/// A text in English and Welsh.
#[derive(Debug, Deserialize)]
pub struct Bilingual {
    pub en: String,
    pub cy: String,
}

/// The labels of the four answers of a scale question.
#[derive(Debug, Deserialize)]
pub struct Answers {
    pub yes: Bilingual,
    pub partly: Bilingual,
    pub no: Bilingual,
    #[serde(rename = "not-sure")]
    pub not_sure: Bilingual,
}

/// The whole bank: its version, the forms' fixed texts, the groups and the questions in
/// print order.
#[derive(Debug, Deserialize)]
pub struct QuestionBank {
    pub version: String,
    pub answers: Answers,
    pub intro: Bilingual,
    #[serde(rename = "return")]
    pub return_text: Bilingual,
    pub group: Vec<Group>,
    pub question: Vec<Question>,
}

/// A heading the questions are printed under.
#[derive(Debug, Deserialize)]
pub struct Group {
    pub id: String,
    #[serde(flatten)]
    pub text: Bilingual,
}

/// How a question is answered.
#[derive(Debug, Deserialize, PartialEq, Eq, Clone, Copy)]
#[serde(rename_all = "kebab-case")]
pub enum QuestionKind {
    /// Yes / Partly / No / Not sure boxes, and space to write.
    Scale,
    /// Space to write only.
    Text,
}

impl QuestionKind {
    pub fn slug(self) -> &'static str {
        match self {
            QuestionKind::Scale => "scale",
            QuestionKind::Text => "text",
        }
    }
}

/// One question, with its stable id.
#[derive(Debug, Deserialize)]
pub struct Question {
    pub id: String,
    pub group: String,
    /// The principle of involvement it puts into practice (1 to 6).
    pub principle: u8,
    pub kind: QuestionKind,
    /// One of the five questions of the short form.
    pub short: bool,
    #[serde(flatten)]
    pub text: Bilingual,
}

impl QuestionBank {
    /// Reads and checks a question bank: the TOML, and every question in a known group.
    pub fn from_toml(src: &str) -> Result<QuestionBank, QuestionBankError> {
        let bank: QuestionBank =
            toml::from_str(src).map_err(|e| QuestionBankError(one_line(&e.to_string())))?;
        for q in &bank.question {
            if !bank.group.iter().any(|g| g.id == q.group) {
                return Err(QuestionBankError(format!(
                    "question \"{}\" names an unknown group \"{}\"",
                    q.id, q.group
                )));
            }
        }
        Ok(bank)
    }

    /// The stable question ids, in print order.
    pub fn ids(&self) -> impl Iterator<Item = &str> {
        self.question.iter().map(|q| q.id.as_str())
    }

    /// Whether `id` is a question of this bank.
    pub fn has(&self, id: &str) -> bool {
        self.ids().any(|q| q == id)
    }
}

fn one_line(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The bank compiled in from `assets/feedback-questions.toml`, parsed on first use.
pub fn question_bank() -> Result<&'static QuestionBank, QuestionBankError> {
    static BANK: OnceLock<Result<QuestionBank, QuestionBankError>> = OnceLock::new();
    BANK.get_or_init(|| QuestionBank::from_toml(QUESTIONS_TOML))
        .as_ref()
        .map_err(Clone::clone)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embedded_bank_parses_with_principles() {
        let bank = question_bank().expect("the embedded bank parses");
        assert!(bank.question.len() >= 15);
        assert!(bank.question.iter().all(|q| (1..=6).contains(&q.principle)));
    }

    #[test]
    fn a_broken_bank_is_an_error_not_an_empty_list() {
        let cut = &QUESTIONS_TOML[..QUESTIONS_TOML.len() / 2];
        let e = QuestionBank::from_toml(cut).expect_err("half a file");
        assert!(
            e.to_string()
                .starts_with("assets/feedback-questions.toml: "),
            "{e}"
        );
        assert!(!e.to_string().contains('\n'), "{e}");
        let renamed = QUESTIONS_TOML.replacen("group = \"told\"", "group = \"nowhere\"", 1);
        let e = QuestionBank::from_toml(&renamed).expect_err("unknown group");
        assert!(e.to_string().contains("unknown group \"nowhere\""), "{e}");
    }
}
