//! Which reviews are closed: in their last phase (feedback and close), or kept only because
//! the retention agreement says so (past their retention date, waiting to be destroyed).
//!
//! Why a rule of its own: the dashboard folds closed reviews away behind a count, so that a
//! workbook holding years of finished reviews shows the author only the ones still being
//! worked on; the store applies the same rule in SQL (`store::dashboard`), and a test holds
//! the two together.

use chrono::NaiveDate;

use super::phase::Phase;

/// The phase from which a review counts as closed.
pub const CLOSED_FROM: Phase = Phase::FeedbackAndClose;

/// Whether a review at `phase`, kept until `retention_until`, is closed on `today`.
pub fn is_closed(phase: Phase, retention_until: Option<NaiveDate>, today: NaiveDate) -> bool {
    phase >= CLOSED_FROM || retention_until.is_some_and(|d| d < today)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_last_phase_or_a_passed_retention_date_closes_a_review() {
        let today = NaiveDate::from_ymd_opt(2026, 6, 2).expect("date");
        let yesterday = today.pred_opt().expect("date");
        assert!(!is_closed(Phase::ShareFindings, None, today));
        assert!(!is_closed(Phase::Publication, Some(today), today));
        assert!(is_closed(Phase::Publication, Some(yesterday), today));
        assert!(is_closed(Phase::FeedbackAndClose, None, today));
        assert!(is_closed(Phase::Prepare, Some(yesterday), today));
    }
}
