//! Kindred: an offline workbook for involving families in UK child case reviews.
//!
//! `domain` holds pure types and rules, `store` the only SQL, `documents` the PDF layout, and
//! `workbook` the one application API used by the CLI and the desktop shell.

pub mod assets;
pub mod documents;
pub mod domain;
pub mod error;
pub mod files;
pub mod guide;
pub mod printing;
pub mod secret;
pub mod store;
pub mod workbook;

pub use error::{Error, Result};
pub use workbook::Workbook;
