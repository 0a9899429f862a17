//! Which choices of a closed list belong to which nation: a prosecutor is the CPS in England
//! and Wales, COPFS in Scotland and the PPS in Northern Ireland; Scotland has Fatal Accident
//! Inquiries where the other nations have coroners and inquests. Forms offer a review only
//! the choices of its nation, so an England review is never offered COPFS.

use super::member::ClearanceBody;
use super::nation::Nation;
use super::records::ParallelKind;

impl ClearanceBody {
    /// Whether this body gives advice in `nation`.
    pub fn offered_in(self, nation: Nation) -> bool {
        use Nation::*;
        match self {
            ClearanceBody::Cps => matches!(nation, England | Wales),
            ClearanceBody::Copfs => nation == Scotland,
            ClearanceBody::Pps => nation == NorthernIreland,
            ClearanceBody::Coroner => nation != Scotland,
            ClearanceBody::Police | ClearanceBody::Court | ClearanceBody::Other => true,
        }
    }
}

impl ParallelKind {
    /// Whether this kind of process runs in `nation`.
    pub fn offered_in(self, nation: Nation) -> bool {
        match self {
            ParallelKind::Inquest => nation != Nation::Scotland,
            ParallelKind::FatalAccidentInquiry => nation == Nation::Scotland,
            _ => true,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_nation_is_offered_its_own_prosecutor_only() {
        let offered = |n: Nation| -> Vec<&str> {
            ClearanceBody::ALL
                .iter()
                .filter(|b| b.offered_in(n))
                .map(|b| b.slug())
                .collect()
        };
        assert_eq!(
            offered(Nation::England),
            ["police", "cps", "coroner", "court", "other"]
        );
        assert_eq!(
            offered(Nation::Scotland),
            ["police", "copfs", "court", "other"]
        );
        assert_eq!(
            offered(Nation::NorthernIreland),
            ["police", "pps", "coroner", "court", "other"]
        );
        assert!(!ParallelKind::FatalAccidentInquiry.offered_in(Nation::Wales));
        assert!(!ParallelKind::Inquest.offered_in(Nation::Scotland));
    }
}
