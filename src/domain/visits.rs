//! How a visit to a person is usually made, from where they are: a home visit for someone
//! living in the community, a visit in person where they are held or cared for (a prison,
//! a secure setting, a hospital). The visit form starts from it; the author can change it.

use super::member::LocationType;
use super::records::ContactMode;

impl LocationType {
    /// A setting the person cannot leave at will (prison, a secure setting).
    pub fn is_secure(self) -> bool {
        matches!(self, LocationType::Prison | LocationType::SecureSetting)
    }
}

/// The way a visit is first offered for someone at `location` (None: not known).
pub fn default_visit_mode(location: Option<LocationType>) -> ContactMode {
    match location {
        None | Some(LocationType::Community) => ContactMode::HomeVisit,
        Some(LocationType::Prison | LocationType::SecureSetting | LocationType::Hospital) => {
            ContactMode::InPerson
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_home_visit_for_someone_held_or_in_hospital() {
        assert_eq!(default_visit_mode(None), ContactMode::HomeVisit);
        assert_eq!(
            default_visit_mode(Some(LocationType::Community)),
            ContactMode::HomeVisit
        );
        for l in [
            LocationType::Prison,
            LocationType::SecureSetting,
            LocationType::Hospital,
        ] {
            assert_eq!(default_visit_mode(Some(l)), ContactMode::InPerson, "{l:?}");
        }
        assert!(LocationType::Prison.is_secure() && !LocationType::Hospital.is_secure());
    }
}
