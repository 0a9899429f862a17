//! Family and network members (domain.md §10): everything the author records about a person,
//! with the rules that belong to the person alone (a reason is required for some statuses).

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::dates::long;
use super::phase::Phase;
use super::records::EnteredInError;
use super::review::PurposeReason;
use super::text::FieldError;

macro_rules! slug_enum {
    ($(#[$m:meta])* $name:ident { $($variant:ident = $slug:literal),+ $(,)? }) => {
        $(#[$m])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        pub enum $name { $(#[serde(rename = $slug)] $variant),+ }
        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),+];
            pub fn slug(self) -> &'static str { match self { $($name::$variant => $slug),+ } }
            pub fn parse(s: &str) -> Option<$name> {
                let s = s.trim();
                $name::ALL.iter().copied().find(|v| v.slug() == s)
            }
            /// The accepted values, for error messages.
            pub fn choices() -> String {
                $name::ALL.iter().map(|v| v.slug()).collect::<Vec<_>>().join(", ")
            }
        }
    };
}
pub(crate) use slug_enum;

slug_enum!(
    /// Whether a person holds parental responsibility for a child.
    ParentalResponsibility { Yes = "yes", No = "no", Unknown = "unknown" }
);

slug_enum!(ContactMethod {
    Letter = "letter",
    Phone = "phone",
    Text = "text",
    Email = "email",
    InPerson = "in-person",
    ThroughAdvocate = "through-advocate",
    ThroughSolicitor = "through-solicitor",
});

slug_enum!(AccessNeed {
    LearningDisability = "learning-disability",
    Sensory = "sensory",
    MentalHealth = "mental-health",
    PhysicalAccess = "physical-access",
    EasyRead = "easy-read",
    LargePrint = "large-print",
    Literacy = "literacy",
});

slug_enum!(LocationType {
    Community = "community",
    Prison = "prison",
    Hospital = "hospital",
    SecureSetting = "secure-setting",
});

slug_enum!(
    /// Legal or role status, recorded with a date and source; a history, not a flag.
    RoleStatus {
        Suspect = "suspect",
        Charged = "charged",
        Defendant = "defendant",
        Convicted = "convicted",
        Acquitted = "acquitted",
        AllegedPerpetrator = "alleged-perpetrator",
        Victim = "victim",
        Witness = "witness",
        SubjectOfFamilyProceedings = "subject-of-family-proceedings",
    }
);

slug_enum!(RestrictionKind {
    NonMolestationOrder = "non-molestation-order",
    RestrainingOrder = "restraining-order",
    BailConditions = "bail-conditions",
    PoliceAdvice = "police-advice",
    ProsecutorAdvice = "prosecutor-advice",
    CourtOrder = "court-order",
    ReportingRestriction = "reporting-restriction",
    ContactOnlyVia = "contact-only-via",
    Other = "other",
});

slug_enum!(ClearanceBody {
    Police = "police",
    Cps = "cps",
    Copfs = "copfs",
    Pps = "pps",
    Coroner = "coroner",
    Court = "court",
    Other = "other",
});

slug_enum!(
    /// How old a person is, when their date of birth is not known or not to be kept. As
    /// recorded: the author changes it when it no longer fits.
    AgeBand {
        Under12 = "under-12",
        From12To15 = "12-15",
        From16To17 = "16-17",
        From18To25 = "18-25",
        From26To64 = "26-64",
        From65 = "65-and-over",
    }
);

impl AgeBand {
    /// The band a whole number of years falls in.
    pub fn of_years(years: u32) -> AgeBand {
        match years {
            0..=11 => AgeBand::Under12,
            12..=15 => AgeBand::From12To15,
            16..=17 => AgeBand::From16To17,
            18..=25 => AgeBand::From18To25,
            26..=64 => AgeBand::From26To64,
            _ => AgeBand::From65,
        }
    }

    /// Aged about 12 to 17: a young person, who may be written to in their own words.
    pub fn young_person(self) -> bool {
        matches!(self, AgeBand::From12To15 | AgeBand::From16To17)
    }
}

/// How old a person is on a day: in whole years from their date of birth, or the band recorded.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(tag = "by", rename_all = "kebab-case")]
pub enum Age {
    Years { years: u32 },
    Band { band: AgeBand },
}

impl Age {
    pub fn band(self) -> AgeBand {
        match self {
            Age::Years { years } => AgeBand::of_years(years),
            Age::Band { band } => band,
        }
    }
}

/// Whole years from `born` to `day` (none before the birth).
pub fn years_between(born: NaiveDate, day: NaiveDate) -> Option<u32> {
    day.years_since(born)
}

/// The earliest date of birth taken: older than that is a mistake in typing.
pub const EARLIEST_BIRTH_YEAR: i32 = 1900;

slug_enum!(ContactDetailKind {
    Address = "address",
    Phone = "phone",
    Email = "email",
    Other = "other",
});

/// A contact detail; only those marked safe to print may ever appear on paper.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ContactDetail {
    pub id: i64,
    pub kind: ContactDetailKind,
    pub value: String,
    pub safe_to_print: bool,
    /// A confidential address (refuge, domestic-abuse victim): never printed, whatever else says.
    pub confidential: bool,
}

impl ContactDetail {
    pub fn printable(&self) -> bool {
        self.safe_to_print && !self.confidential
    }
}

/// How a person is related to one subject child.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Relationship {
    pub child_id: i64,
    /// In the family's words: "mother", "step-father", "nan", "half-brother".
    pub relationship: String,
    pub parental_responsibility: ParentalResponsibility,
    pub pr_basis: Option<String>,
    /// How this person refers to the child, when it differs from the child's known name.
    pub child_called: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RoleStatusEntry {
    pub id: i64,
    pub status: RoleStatus,
    pub since: NaiveDate,
    pub source: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Restriction {
    pub id: i64,
    pub kind: RestrictionKind,
    pub detail: Option<String>,
    pub recorded_on: NaiveDate,
    pub expires: Option<NaiveDate>,
    /// Contact must wait for clearance (police, CPS, COPFS, PPS, coroner, court).
    pub requires_clearance: bool,
    /// "Contact only via …" (a solicitor, an advocate).
    pub via: Option<String>,
    /// Marked as entered in error: kept for the record, but it restricts nothing.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub entered_in_error: Option<EnteredInError>,
}

impl Restriction {
    /// In force on `day`: not expired, and not marked as entered in error.
    pub fn active_on(&self, day: NaiveDate) -> bool {
        self.entered_in_error.is_none() && self.expires.is_none_or(|e| day <= e)
    }

    /// Dates that contradict each other: an expiry before the restriction was recorded.
    pub fn date_conflicts(&self) -> Vec<FieldError> {
        match self.expires {
            Some(e) if e < self.recorded_on => vec![FieldError::new(
                "expires",
                format!(
                    "Expires ({}) is before the restriction was recorded ({}); a restriction cannot end before it starts",
                    long(e),
                    long(self.recorded_on)
                ),
            )],
            _ => vec![],
        }
    }
}

impl Clearance {
    /// Dates that contradict each other: advice dated in the future, or before every
    /// restriction it could clear (those needing clearance, not entered in error).
    pub fn date_conflicts(
        &self,
        restrictions: &[Restriction],
        today: NaiveDate,
    ) -> Vec<FieldError> {
        let field = "given_on";
        if self.given_on > today {
            return vec![FieldError::new(
                field,
                format!(
                    "Date given ({}) is in the future; record advice once it has been given",
                    long(self.given_on)
                ),
            )];
        }
        let earliest = restrictions
            .iter()
            .filter(|r| r.requires_clearance && r.entered_in_error.is_none())
            .map(|r| r.recorded_on)
            .min();
        match earliest {
            Some(first) if self.given_on < first => vec![FieldError::new(
                field,
                format!(
                    "Date given ({}) is before the restriction it clears was recorded ({}); a clearance cannot come before its restriction",
                    long(self.given_on),
                    long(first)
                ),
            )],
            _ => vec![],
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Clearance {
    pub id: i64,
    pub body: ClearanceBody,
    pub given_on: NaiveDate,
    pub advice: String,
    /// Whether the advice allows the author to contact the person.
    pub contact_allowed: bool,
    /// Marked as entered in error: kept for the record, but it clears nothing.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub entered_in_error: Option<EnteredInError>,
}

/// Involvement status; the statuses that need a reason carry it, so it cannot be missing.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "status", rename_all = "kebab-case")]
pub enum Involvement {
    ToConsider,
    Approach,
    Approached,
    Involved,
    Declined {
        reason: String,
        door_left_open: bool,
    },
    Withdrew {
        reason: String,
    },
    NotApproached {
        reason: String,
    },
}

impl Involvement {
    pub fn slug(&self) -> &'static str {
        match self {
            Involvement::ToConsider => "to-consider",
            Involvement::Approach => "approach",
            Involvement::Approached => "approached",
            Involvement::Involved => "involved",
            Involvement::Declined { .. } => "declined",
            Involvement::Withdrew { .. } => "withdrew",
            Involvement::NotApproached { .. } => "not-approached",
        }
    }

    pub const SLUGS: [&'static str; 7] = [
        "to-consider",
        "approach",
        "approached",
        "involved",
        "declined",
        "withdrew",
        "not-approached",
    ];

    pub fn reason(&self) -> Option<&str> {
        match self {
            Involvement::Declined { reason, .. }
            | Involvement::Withdrew { reason }
            | Involvement::NotApproached { reason } => Some(reason),
            _ => None,
        }
    }

    /// Builds a status from its name and an optional reason; the three statuses that need a
    /// reason refuse a blank one.
    pub fn from_parts(
        status: &str,
        reason: Option<&str>,
        door_left_open: bool,
    ) -> Result<Involvement, String> {
        let reason = reason.map(str::trim).filter(|r| !r.is_empty());
        let need = |r: Option<&str>| {
            r.map(str::to_string)
                .ok_or_else(|| format!("Enter the reason the person is recorded as {status}"))
        };
        Ok(match status.trim() {
            "to-consider" => Involvement::ToConsider,
            "approach" => Involvement::Approach,
            "approached" => Involvement::Approached,
            "involved" => Involvement::Involved,
            "declined" => Involvement::Declined {
                reason: need(reason)?,
                door_left_open,
            },
            "withdrew" => Involvement::Withdrew {
                reason: need(reason)?,
            },
            "not-approached" => Involvement::NotApproached {
                reason: need(reason)?,
            },
            other => {
                return Err(format!(
                    "unknown involvement status {other:?}; use one of: {}",
                    Involvement::SLUGS.join(", ")
                ))
            }
        })
    }

    /// The person is not taking part (by their choice or the author's decision).
    pub fn is_closed(&self) -> bool {
        self.status().is_closed()
    }

    /// The status without its reason.
    pub fn status(&self) -> InvolvementStatus {
        match self {
            Involvement::ToConsider => InvolvementStatus::ToConsider,
            Involvement::Approach => InvolvementStatus::Approach,
            Involvement::Approached => InvolvementStatus::Approached,
            Involvement::Involved => InvolvementStatus::Involved,
            Involvement::Declined { .. } => InvolvementStatus::Declined,
            Involvement::Withdrew { .. } => InvolvementStatus::Withdrew,
            Involvement::NotApproached { .. } => InvolvementStatus::NotApproached,
        }
    }
}

/// An involvement status without its reason: all the dashboard reads of a person's
/// involvement (it is kept on its own in the store's short row per person).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InvolvementStatus {
    ToConsider,
    Approach,
    Approached,
    Involved,
    Declined,
    Withdrew,
    NotApproached,
}

impl InvolvementStatus {
    pub const ALL: [InvolvementStatus; 7] = [
        InvolvementStatus::ToConsider,
        InvolvementStatus::Approach,
        InvolvementStatus::Approached,
        InvolvementStatus::Involved,
        InvolvementStatus::Declined,
        InvolvementStatus::Withdrew,
        InvolvementStatus::NotApproached,
    ];

    pub fn slug(self) -> &'static str {
        Involvement::SLUGS[self as usize]
    }

    pub fn parse(slug: &str) -> Option<InvolvementStatus> {
        InvolvementStatus::ALL
            .into_iter()
            .find(|s| s.slug() == slug)
    }

    /// Not approached, declined or withdrew: no open checks, no contact expected.
    pub fn is_closed(self) -> bool {
        matches!(
            self,
            InvolvementStatus::Declined
                | InvolvementStatus::Withdrew
                | InvolvementStatus::NotApproached
        )
    }

    /// Approached or involved: the author is in touch and owes agreed updates.
    pub fn expects_updates(self) -> bool {
        matches!(
            self,
            InvolvementStatus::Approached | InvolvementStatus::Involved
        )
    }
}

/// The editable facts about a person, kept together so a change is one audited update.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(default)]
pub struct MemberDetails {
    pub full_name: String,
    pub preferred_name: Option<String>,
    pub report_pseudonym: Option<String>,
    pub child_or_young_person: bool,
    pub household: Option<String>,
    pub preferred_contact_method: Option<ContactMethod>,
    pub safe_contact_times: Option<String>,
    pub language: Option<String>,
    pub dialect: Option<String>,
    pub interpreter_needed: bool,
    pub interpreter_gender: Option<String>,
    pub translation_needed: bool,
    pub literacy: Option<String>,
    pub accessibility: Vec<AccessNeed>,
    pub accessibility_notes: Option<String>,
    pub advocate: Option<String>,
    pub location: Option<LocationType>,
    pub establishment: Option<String>,
    pub hope_to_learn: Option<String>,
    pub questions: Option<String>,
    pub purpose_reasons: Vec<PurposeReason>,
    /// Agreed update cadence in days, before terms of engagement set one.
    pub update_cadence_days: Option<u32>,
    /// Speaks Welsh / wants documents in Welsh (reviews in Wales).
    pub welsh_preferred: bool,
    pub notes: Option<String>,
    /// Date of birth, when known; or else, optionally, an age band (never both). Left out
    /// of the JSON when unknown, so bundles without them read as before everywhere.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub date_of_birth: Option<NaiveDate>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub age_band: Option<AgeBand>,
}

impl MemberDetails {
    /// The name to use with the person: their preferred name if they gave one.
    pub fn display_name(&self) -> &str {
        self.preferred_name.as_deref().unwrap_or(&self.full_name)
    }

    /// Problems with the age as recorded on `today`: a date of birth in the future or before
    /// 1900, or a date of birth and an age band both given.
    pub fn age_conflicts(&self, today: NaiveDate) -> Vec<FieldError> {
        let mut out = Vec::new();
        if let Some(born) = self.date_of_birth {
            if born > today {
                out.push(FieldError::new(
                    "date_of_birth",
                    format!(
                        "Date of birth ({}) is in the future; enter the date they were born",
                        long(born)
                    ),
                ));
            } else if chrono::Datelike::year(&born) < EARLIEST_BIRTH_YEAR {
                out.push(FieldError::new(
                    "date_of_birth",
                    format!(
                        "Date of birth ({}) is before {EARLIEST_BIRTH_YEAR}; check the year",
                        long(born)
                    ),
                ));
            }
            if self.age_band.is_some() {
                out.push(FieldError::new(
                    "age_band",
                    "Give a date of birth or an age band, not both: the date of birth says the age already",
                ));
            }
        }
        out
    }
}

/// A family or network member with everything recorded about them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Member {
    pub id: i64,
    pub review_id: i64,
    pub details: MemberDetails,
    pub involvement: Involvement,
    pub position: Phase,
    pub contact_details: Vec<ContactDetail>,
    pub relationships: Vec<Relationship>,
    pub role_statuses: Vec<RoleStatusEntry>,
    pub restrictions: Vec<Restriction>,
    pub clearances: Vec<Clearance>,
    /// Ids of support-directory entries chosen for this person.
    pub support_ids: Vec<i64>,
}

impl Member {
    pub fn current_role_status(&self) -> Option<&RoleStatusEntry> {
        self.role_statuses.iter().max_by_key(|s| (s.since, s.id))
    }

    /// How old the person is on `day`: in years from their date of birth, or the band
    /// recorded; none when neither is known.
    pub fn age_on(&self, day: NaiveDate) -> Option<Age> {
        match (self.details.date_of_birth, self.details.age_band) {
            (Some(born), _) => years_between(born, day).map(|years| Age::Years { years }),
            (None, Some(band)) => Some(Age::Band { band }),
            (None, None) => None,
        }
    }

    /// The person's age band on `day`, if their age is known.
    pub fn age_band_on(&self, day: NaiveDate) -> Option<AgeBand> {
        self.age_on(day).map(Age::band)
    }

    /// Aged about 12 to 17 on `day` (unknown age: no).
    pub fn young_person_on(&self, day: NaiveDate) -> bool {
        self.age_band_on(day).is_some_and(AgeBand::young_person)
    }

    pub fn holds_parental_responsibility(&self) -> bool {
        self.relationships
            .iter()
            .any(|r| r.parental_responsibility == ParentalResponsibility::Yes)
    }
}

/// A domestic-abuse link: the perpetrator must never learn what the victim said or where they live.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct AbuseLink {
    pub victim_id: i64,
    pub perpetrator_id: i64,
}

/// An information barrier: `withheld_from` must never receive `protected`'s information.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Barrier {
    pub protected_id: i64,
    pub withheld_from_id: i64,
    pub reason: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn status_without_reason_matches_the_full_involvement() {
        for slug in Involvement::SLUGS {
            let full = Involvement::from_parts(slug, Some("A reason"), false).expect("valid");
            let status = InvolvementStatus::parse(slug).expect("known slug");
            assert_eq!(full.status(), status, "{slug}");
            assert_eq!(status.slug(), slug);
            assert_eq!(status.is_closed(), full.is_closed(), "{slug}");
        }
        assert_eq!(InvolvementStatus::parse("maybe"), None);
        assert_eq!(InvolvementStatus::parse(""), None);
    }

    #[test]
    fn statuses_needing_reasons_refuse_blank_ones() {
        let cases: &[(&str, Option<&str>, Result<&str, &str>)] = &[
            ("involved", None, Ok("involved")),
            ("declined", None, Err("Enter the reason")),
            ("declined", Some("   "), Err("Enter the reason")),
            (
                "declined",
                Some("Too soon after the funeral"),
                Ok("declined"),
            ),
            ("withdrew", None, Err("Enter the reason")),
            (
                "not-approached",
                Some("Suspect; police advice"),
                Ok("not-approached"),
            ),
            ("maybe", None, Err("unknown involvement status")),
        ];
        for (status, reason, expect) in cases {
            let got = Involvement::from_parts(status, *reason, true);
            match (got, expect) {
                (Ok(i), Ok(slug)) => assert_eq!(i.slug(), *slug),
                (Err(m), Err(e)) => assert!(m.contains(e), "{status}: {m}"),
                (got, e) => panic!("{status} {reason:?}: got {got:?}, expected {e:?}"),
            }
        }
    }

    #[test]
    fn age_comes_from_the_date_of_birth_or_the_band() {
        let d = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("date");
        let mut m = Member {
            id: 1,
            review_id: 1,
            details: MemberDetails::default(),
            involvement: Involvement::Involved,
            position: Phase::Prepare,
            contact_details: vec![],
            relationships: vec![],
            role_statuses: vec![],
            restrictions: vec![],
            clearances: vec![],
            support_ids: vec![],
        };
        let today = d("2026-06-02");
        assert_eq!(m.age_on(today), None);
        assert!(!m.young_person_on(today));
        m.details.age_band = Some(AgeBand::From16To17);
        assert_eq!(
            m.age_on(today),
            Some(Age::Band {
                band: AgeBand::From16To17
            })
        );
        assert!(m.young_person_on(today));
        // The date of birth, when known, decides: 15 the day before the 16th birthday.
        m.details.age_band = None;
        m.details.date_of_birth = Some(d("2010-06-03"));
        assert_eq!(m.age_on(today), Some(Age::Years { years: 15 }));
        assert_eq!(m.age_band_on(today), Some(AgeBand::From12To15));
        assert_eq!(m.age_on(d("2026-06-03")), Some(Age::Years { years: 16 }));
        assert_eq!(m.age_on(d("2008-01-01")), None, "before the birth");
        assert!(!m.young_person_on(d("2028-06-03")), "18 by then");
        for (years, band) in [
            (0, AgeBand::Under12),
            (11, AgeBand::Under12),
            (12, AgeBand::From12To15),
            (17, AgeBand::From16To17),
            (18, AgeBand::From18To25),
            (64, AgeBand::From26To64),
            (65, AgeBand::From65),
        ] {
            assert_eq!(AgeBand::of_years(years), band, "{years}");
        }
    }

    #[test]
    fn an_age_is_refused_when_it_cannot_be_right() {
        let d = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("date");
        let today = d("2026-06-02");
        let fields = |dob: Option<&str>, band: Option<AgeBand>| -> Vec<String> {
            MemberDetails {
                date_of_birth: dob.map(d),
                age_band: band,
                ..MemberDetails::default()
            }
            .age_conflicts(today)
            .into_iter()
            .map(|e| e.field)
            .collect()
        };
        assert!(fields(Some("2010-06-03"), None).is_empty());
        assert!(fields(None, Some(AgeBand::From65)).is_empty());
        assert_eq!(fields(Some("2026-06-03"), None), ["date_of_birth"]);
        assert_eq!(fields(Some("1899-12-31"), None), ["date_of_birth"]);
        assert_eq!(
            fields(Some("2010-06-03"), Some(AgeBand::From12To15)),
            ["age_band"]
        );
    }

    #[test]
    fn confidential_addresses_are_never_printable() {
        let d = ContactDetail {
            id: 1,
            kind: ContactDetailKind::Address,
            value: "Refuge".into(),
            safe_to_print: true,
            confidential: true,
        };
        assert!(!d.printable());
    }
}
