//! Data shipped in `assets/` that the workbook seeds or checks against: the support directory
//! and the feedback question bank ([`questions`], parsed once for the workbook, the documents
//! and the desktop). (The check catalogue and the nations' vocabulary are loaded in
//! `domain::catalogue`; document wording in `documents`.)

use std::sync::OnceLock;

use serde::Deserialize;

use crate::domain::nation::Nation;
use crate::domain::records::{ServiceType, SupportService};

pub mod questions;

pub use questions::{question_bank, QuestionBankError};

#[derive(Deserialize)]
struct DirectoryFile {
    organisation: Vec<Organisation>,
}

#[derive(Deserialize)]
struct Organisation {
    name: String,
    service_type: String,
    nations: Vec<Nation>,
    #[serde(default)]
    phone: Option<String>,
    #[serde(default)]
    website: Option<String>,
    #[serde(default)]
    hours: Option<String>,
    description: String,
    #[serde(default)]
    description_cy: Option<String>,
    #[serde(default)]
    name_cy: Option<String>,
    #[serde(default)]
    hours_cy: Option<String>,
    #[serde(default)]
    verify: bool,
}

fn blank_none(s: Option<String>) -> Option<String> {
    s.filter(|s| !s.trim().is_empty())
}

fn parse_directory(src: &str) -> Result<Vec<SupportService>, String> {
    let f: DirectoryFile =
        toml::from_str(src).map_err(|e| format!("support directory: {}", e.message()))?;
    f.organisation
        .into_iter()
        .map(|o| {
            Ok(SupportService {
                id: 0,
                service_type: ServiceType::parse(&o.service_type).ok_or_else(|| {
                    format!(
                        "support directory: {} has unknown type {}",
                        o.name, o.service_type
                    )
                })?,
                name: o.name,
                nations: o.nations,
                phone: blank_none(o.phone),
                website: blank_none(o.website),
                hours: blank_none(o.hours),
                description: o.description,
                description_cy: blank_none(o.description_cy),
                name_cy: blank_none(o.name_cy),
                hours_cy: blank_none(o.hours_cy),
                verify: o.verify,
            })
        })
        .collect()
}

/// The seed support directory (every entry marked to be verified before printing).
/// Checked when a workbook is opened or created ([`support_directory_checked`]), so a
/// damaged directory stops Kindred with a message rather than seeding nothing.
pub fn support_directory() -> &'static [SupportService] {
    support_directory_checked().unwrap_or(&[])
}

/// The seed support directory, or why it cannot be read.
pub fn support_directory_checked() -> Result<&'static [SupportService], String> {
    static DIR: OnceLock<Result<Vec<SupportService>, String>> = OnceLock::new();
    DIR.get_or_init(|| {
        parse_directory(include_str!(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/assets/support-directory.toml"
        )))
        .map_err(|e| e.to_string())
    })
    .as_ref()
    .map(Vec::as_slice)
    .map_err(Clone::clone)
}

/// The stable ids of the feedback question bank, in order; an error when the embedded bank
/// is broken.
pub fn question_ids() -> Result<Vec<String>, QuestionBankError> {
    Ok(question_bank()?.ids().map(str::to_string).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embedded_support_directory_parses() {
        let src = include_str!(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/assets/support-directory.toml"
        ));
        let dir = parse_directory(src).expect("directory parses");
        assert!(dir.len() >= 10);
        assert!(
            dir.iter().all(|s| s.verify),
            "seeded entries must be marked to verify"
        );
        assert_eq!(support_directory().len(), dir.len());
        assert!(dir
            .iter()
            .any(|s| s.nations.contains(&Nation::Wales) && s.description_cy.is_some()));
    }

    #[test]
    fn question_ids_are_unique_and_stable() {
        let ids = question_ids().expect("the question bank parses");
        assert!(ids.len() >= 15, "{ids:?}");
        let mut sorted = ids.to_vec();
        sorted.sort();
        sorted.dedup();
        assert_eq!(sorted.len(), ids.len());
        for stable in ["told-good-time", "treated-listened", "findings-saw-first"] {
            assert!(ids.iter().any(|i| i == stable), "{stable} missing");
        }
    }
}
