//! Pure types and rules: reviews, nations, family, phases, checks, safety and timescales.
//!
//! No IO (beyond embedded assets), no SQL, and nothing here panics on user data.

pub mod catalogue;
pub mod closed;
pub mod dates;
pub mod due;
pub mod evaluation;
pub mod leaks;
pub mod letters;
pub mod member;
pub mod nation;
pub mod nation_options;
pub mod passphrase;
pub mod phase;
pub mod progress;
pub mod records;
pub mod review;
pub mod safety;
pub mod summary;
pub mod template;
pub mod text;
pub mod timescales;
pub mod visits;
pub mod voice;
