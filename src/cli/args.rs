//! Command-line arguments (clap). Only shapes here; meaning is in `Workbook`.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

#[derive(Parser, Debug)]
#[command(
    name = "kindred",
    version,
    about = "Kindred: a workbook for involving families in child case reviews",
    long_about = "Kindred keeps a review's family involvement on track and prints what families receive.\n\
                  The passphrase is read from KINDRED_PASSPHRASE or asked on the terminal; never pass it as an argument.\n\
                  Every free-text option --NAME <TEXT> can also be read from a file or standard input with --NAME-file PATH|-, \
                  which keeps confidential text out of the process list and shell history. \
                  Dates are read day first, as in the UK: 2/6/2026, 2 June 2026, 2 Jun 26 or 2026-06-02."
)]
pub struct Cli {
    /// The workbook file (default: the OS data folder; or KINDRED_DB).
    #[arg(long, global = true, env = "KINDRED_DB")]
    pub db: Option<PathBuf>,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    #[command(flatten)]
    Session(SessionCommand),
    #[command(flatten)]
    Reviews(ReviewsCommand),
    #[command(flatten)]
    People(PeopleCommand),
    #[command(flatten)]
    Records(RecordsCommand),
    #[command(flatten)]
    Documents(DocumentsCommand),
    #[command(flatten)]
    Trust(TrustCommand),
    #[command(flatten)]
    Voice(crate::voice::VoiceCommand),
    #[command(flatten)]
    Letters(crate::letters::LettersCommand),
    #[command(flatten)]
    Evaluation(crate::evaluation::EvaluationCommand),
}

/// The workbook itself: create it, a demo, check it.
#[derive(Subcommand, Debug)]
pub enum SessionCommand {
    /// Create a new, empty workbook.
    Init,
    /// Create a clearly fictional demo workbook (refuses to touch an existing file).
    Demo {
        /// Make N generated reviews of about 8 people and 100 contacts each.
        #[arg(long)]
        scale: Option<u32>,
    },
    /// Check the workbook's integrity and schema; exit 0 only when healthy.
    Check,
    /// Test support: record COUNT contacts, one per transaction, printing each id once committed.
    #[command(hide = true)]
    DebugWrite {
        #[arg(long)]
        review: String,
        #[arg(long)]
        count: u64,
    },
}

/// Reviews, their children, checks, deadlines and the dashboard.
#[derive(Subcommand, Debug)]
pub enum ReviewsCommand {
    /// List reviews.
    Reviews {
        #[arg(long)]
        json: bool,
    },
    /// Show, add or change a review.
    #[command(subcommand)]
    Review(Box<ReviewCmd>),
    /// Add a subject child to a review.
    #[command(subcommand)]
    Child(ChildCmd),
    /// List or set the phase checks.
    #[command(subcommand)]
    Checks(ChecksCmd),
    /// Mark a statutory target met (or list a review's deadlines).
    #[command(subcommand)]
    Deadline(DeadlineCmd),
    /// What is open, overdue and unsafe across every review.
    Dashboard {
        #[arg(long)]
        json: bool,
    },
    /// Everything due, by date: deadlines, updates owed, follow-ups, decisions to look at
    /// again, planned visits, questions waiting, draft comments and feedback forms not
    /// returned. Overdue items are always listed.
    Due {
        /// Show what falls due within this many days (default 14)
        #[arg(long, default_value_t = 14, conflicts_with = "all")]
        days: i64,
        /// Show everything, however far ahead
        #[arg(long)]
        all: bool,
        /// One review only
        #[arg(long)]
        review: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// Write planned visits and calls and the deadlines to an iCalendar file (.ics) for your
    /// calendar. Each event says only "Visit — REF" or "Deadline: … — REF": no names,
    /// addresses or notes, because a calendar leaves the encrypted workbook. Importing the
    /// file again updates the events; cancelled visits are written as cancelled.
    Calendar {
        /// One review only
        #[arg(long)]
        review: Option<String>,
        /// Add each visit's place to its event (it can say where someone lives)
        #[arg(long)]
        with_location: bool,
        #[arg(short = 'o', long)]
        output: PathBuf,
        /// Replace a file of that name that exists already (never the workbook, its own files or its backups)
        #[arg(long)]
        force: bool,
    },
}

/// Family and network members, and what keeps them safe.
#[derive(Subcommand, Debug)]
pub enum PeopleCommand {
    /// List the people in a review.
    Members {
        #[arg(long)]
        review: String,
        #[arg(long)]
        json: bool,
    },
    /// Show, add or change a family or network member.
    #[command(subcommand)]
    Member(MemberCmd),
    /// Record a contact restriction for a person.
    #[command(subcommand)]
    Restriction(RestrictionCmd),
    /// Record clearance (police, CPS, COPFS, PPS, coroner, court) for a person.
    #[command(subcommand)]
    Clearance(ClearanceCmd),
    /// Link two people: a domestic-abuse link or an information barrier.
    #[command(subcommand)]
    Link(LinkCmd),
    /// Agree or list terms of engagement.
    #[command(subcommand)]
    Terms(TermsCmd),
    /// The support directory.
    #[command(subcommand)]
    Support(SupportCmd),
}

/// Contacts and visits, decisions, parallel processes, feedback.
#[derive(Subcommand, Debug)]
pub enum RecordsCommand {
    /// Record a contact or plan a visit.
    #[command(subcommand)]
    Contact(ContactCmd),
    /// List a review's contacts and visits.
    Contacts {
        #[arg(long)]
        review: String,
        #[arg(long)]
        json: bool,
    },
    /// Record or list decisions.
    #[command(subcommand)]
    Decision(DecisionCmd),
    /// Record or list parallel processes.
    #[command(subcommand)]
    Parallel(ParallelCmd),
    /// Key in returned feedback or list it.
    #[command(subcommand)]
    Feedback(FeedbackCmd),
}

/// Documents for families: information sheets and feedback forms.
#[derive(Subcommand, Debug)]
pub enum DocumentsCommand {
    /// Community-language translations: load one a qualified translator has checked, or
    /// list those in use.
    #[command(subcommand)]
    Translation(TranslationCmd),
    /// Print an information sheet for one person (optionally for one planned visit).
    Sheet {
        #[arg(long)]
        review: String,
        #[arg(long)]
        member: i64,
        #[arg(long)]
        visit: Option<i64>,
        #[command(flatten)]
        variant: SheetVariant,
        /// Give a sheet despite a safety refusal; the reason is logged.
        #[arg(long, value_name = "TEXT")]
        override_reason: Option<String>,
        #[arg(short = 'o', long = "output")]
        output: PathBuf,
        /// Replace a file of that name that exists already (never the workbook, its own
        /// files or its backups).
        #[arg(long)]
        force: bool,
    },
    /// Print a sheet for every person who may receive one; list those skipped and why.
    Sheets {
        #[arg(long, conflicts_with = "all", required_unless_present = "all")]
        review: Option<String>,
        #[arg(long)]
        all: bool,
        #[command(flatten)]
        variant: SheetVariant,
        #[arg(long = "out")]
        out: PathBuf,
        /// Replace sheets of an earlier batch in that folder (never the workbook, its own
        /// files or its backups).
        #[arg(long)]
        force: bool,
    },
    /// Print a feedback form for one person, or an anonymous one.
    FeedbackForm {
        #[arg(long)]
        review: String,
        #[arg(
            long,
            conflicts_with = "anonymous",
            required_unless_present = "anonymous"
        )]
        member: Option<i64>,
        #[arg(long)]
        anonymous: bool,
        /// The five-question version.
        #[arg(long)]
        short: bool,
        #[arg(long)]
        large_print: bool,
        /// en, cy, both (English first), cy-first, or pl, ro, ur, pa, bn, ar (that language first, then English) (default: the person's recorded language when Kindred has its wording; in Wales both, Welsh first for someone who prefers Welsh; English elsewhere)
        #[arg(long)]
        lang: Option<String>,
        /// Make it even though its translation is a draft no qualified translator has
        /// checked (without it, Kindred asks on a terminal and refuses in a script).
        #[arg(long)]
        draft_ok: bool,
        #[arg(short = 'o', long = "output")]
        output: PathBuf,
        /// Replace a file of that name that exists already (never the workbook, its own
        /// files or its backups).
        #[arg(long)]
        force: bool,
    },
}

/// Backups, restore, bundles, destruction, the passphrase and the audit trail.
#[derive(Subcommand, Debug)]
pub enum TrustCommand {
    /// Write an encrypted copy of the workbook (same passphrase) to a new file.
    Backup {
        #[arg(short = 'o', long = "output")]
        output: PathBuf,
    },
    /// List the automatic backups kept beside the workbook (in WORKBOOK.backups/).
    Backups {
        #[arg(long)]
        json: bool,
    },
    /// Replace the workbook with a backup, after checking the backup completely.
    Restore {
        /// The backup file (it must open with the passphrase).
        file: PathBuf,
    },
    /// Write one review to a JSON bundle for another workbook. The file is NOT encrypted.
    Export {
        #[arg(long)]
        review: String,
        #[arg(short = 'o', long = "output")]
        output: PathBuf,
        /// Replace a file of that name that exists already (never the workbook, its own
        /// files or its backups).
        #[arg(long)]
        force: bool,
    },
    /// Import a review bundle; all of it is checked first and nothing changes if anything is wrong.
    Import {
        file: PathBuf,
        /// Import the review under this reference instead of its own.
        #[arg(long)]
        reference: Option<String>,
    },
    /// Destroy a review and everything recorded in it, for good.
    Destroy {
        #[arg(long)]
        review: String,
        /// Required: says you mean it.
        #[arg(long)]
        yes_destroy_permanently: bool,
    },
    /// Change the workbook's passphrase (the new one from KINDRED_NEW_PASSPHRASE or asked twice).
    Passphrase {
        /// What to do with the automatic backups that still open with the old passphrase:
        /// keep (a way back if the new one is forgotten), rekey (to the new passphrase) or
        /// delete. If the old passphrase may be known to someone else, use rekey or delete.
        #[arg(long, value_name = "keep|rekey|delete", default_value = "keep")]
        old_backups: String,
    },
    /// Every change, with old and new values.
    Audit {
        #[arg(long)]
        review: Option<String>,
        #[arg(long)]
        json: bool,
    },
}

/// The version of a sheet. Without one of these, each person gets the version their recorded
/// needs ask for (easy read, large print, else standard).
#[derive(Args, Debug, Clone)]
pub struct SheetVariant {
    /// 14 pt body text, whatever the person's needs.
    #[arg(long, conflicts_with_all = ["large_print", "easy_read"])]
    pub standard: bool,
    /// 18 pt body text.
    #[arg(long, conflicts_with = "easy_read")]
    pub large_print: bool,
    /// Short sentences, one idea per line.
    #[arg(long, conflicts_with = "young")]
    pub easy_read: bool,
    /// The young person's version (chosen by default for someone aged about 12 to 17).
    #[arg(long, conflicts_with_all = ["standard", "large_print"])]
    pub young: bool,
    /// en, cy, both (English first), cy-first, or pl, ro, ur, pa, bn, ar (that language first, then English) (default: the person's recorded language when Kindred has its wording; in Wales both, Welsh first for someone who prefers Welsh; English elsewhere)
    #[arg(long)]
    pub lang: Option<String>,
    /// Make it even though its translation is a draft no qualified translator has checked
    /// (without it, Kindred asks on a terminal and refuses in a script).
    #[arg(long)]
    pub draft_ok: bool,
}

#[derive(Args, Debug, Default, Clone)]
pub struct ReviewFields {
    #[arg(long)]
    pub reference: Option<String>,
    /// england, wales, scotland or northern-ireland
    #[arg(long)]
    pub nation: Option<String>,
    /// e.g. lcspr, rapid-review, cpr-concise, susr, learning-review, cmr
    #[arg(long = "type")]
    pub review_type: Option<String>,
    /// The report's name for the child, e.g. "Child Q".
    #[arg(long, value_name = "TEXT")]
    pub pseudonym: Option<String>,
    /// The commissioning partnership or board.
    #[arg(long, value_name = "TEXT")]
    pub body: Option<String>,
    #[arg(long, value_name = "TEXT")]
    pub author_name: Option<String>,
    #[arg(long, value_name = "TEXT")]
    pub author_phone: Option<String>,
    #[arg(long, value_name = "TEXT")]
    pub author_email: Option<String>,
    #[arg(long, value_name = "TEXT")]
    pub author_hours: Option<String>,
    #[arg(long, value_name = "TEXT")]
    pub author_address: Option<String>,
    #[arg(long, value_name = "TEXT")]
    pub partnership_contact: Option<String>,
    #[arg(long, value_name = "TEXT")]
    pub panel_chair: Option<String>,
    /// Why the family is involved, in plain words.
    #[arg(long, value_name = "TEXT")]
    pub purpose: Option<String>,
    /// human-rights, child-centred, source-of-knowledge, altruistic (repeatable)
    #[arg(long = "reason")]
    pub reasons: Vec<String>,
    /// KEY=DATE, e.g. notification=2/3/2026 or decision="2 March 2026" (day first; repeatable;
    /// KEY= removes it)
    #[arg(long = "key-date")]
    pub key_dates: Vec<String>,
    /// not-decided, planned or not-planned
    #[arg(long)]
    pub publication: Option<String>,
    #[arg(long)]
    pub media_interest: Option<bool>,
    #[arg(long, value_name = "TEXT")]
    pub complaints: Option<String>,
    #[arg(long)]
    pub retention_until: Option<String>,
    /// Default days between updates for people in touch with the review.
    #[arg(long)]
    pub cadence: Option<String>,
    /// The commissioning body's Welsh name, for the Welsh part of documents.
    #[arg(long, value_name = "TEXT")]
    pub body_cy: Option<String>,
    /// When you can be reached, in Welsh.
    #[arg(long, value_name = "TEXT")]
    pub author_hours_cy: Option<String>,
    /// The purpose statement in Welsh.
    #[arg(long, value_name = "TEXT")]
    pub purpose_cy: Option<String>,
    /// How the family can complain, in Welsh.
    #[arg(long, value_name = "TEXT")]
    pub complaints_cy: Option<String>,
}

#[derive(Subcommand, Debug)]
pub enum ReviewCmd {
    Show {
        review: String,
        #[arg(long)]
        json: bool,
    },
    Add(ReviewFields),
    Set {
        review: String,
        #[command(flatten)]
        fields: ReviewFields,
    },
    /// Move the review to a phase (0–7 or its name).
    Phase {
        review: String,
        phase: String,
    },
}

#[derive(Subcommand, Debug)]
pub enum ChildCmd {
    Add {
        #[arg(long)]
        review: String,
        /// The name the family uses for the child.
        #[arg(long, value_name = "TEXT")]
        known_as: String,
        #[arg(long, value_name = "TEXT")]
        pseudonym: String,
        #[arg(long)]
        date_of_birth: Option<String>,
        /// died, seriously-harmed or other
        #[arg(long)]
        outcome: Option<String>,
        #[arg(long)]
        date_of_death_or_injury: Option<String>,
        /// "DATE label" or "DATE every year: label", e.g. "2 June 2019 every year: birthday"
        /// (repeatable)
        #[arg(long = "sensitive-date")]
        sensitive_dates: Vec<String>,
        #[arg(long, value_name = "TEXT")]
        legal_status: Option<String>,
        /// Confidential; never printed on family documents.
        #[arg(long, value_name = "TEXT")]
        placement: Option<String>,
    },
    /// Change a child's details (only the options given change).
    Set {
        id: i64,
        #[arg(long, value_name = "TEXT")]
        known_as: Option<String>,
        #[arg(long, value_name = "TEXT")]
        pseudonym: Option<String>,
        #[arg(long)]
        date_of_birth: Option<String>,
        #[arg(long)]
        outcome: Option<String>,
        #[arg(long)]
        date_of_death_or_injury: Option<String>,
        /// Replaces the sensitive dates (repeatable).
        #[arg(long = "sensitive-date")]
        sensitive_dates: Vec<String>,
        #[arg(long, value_name = "TEXT")]
        legal_status: Option<String>,
        #[arg(long, value_name = "TEXT")]
        placement: Option<String>,
    },
    List {
        #[arg(long)]
        review: String,
        #[arg(long)]
        json: bool,
    },
}

#[derive(Args, Debug, Default, Clone)]
pub struct MemberFields {
    #[arg(long, value_name = "TEXT")]
    pub name: Option<String>,
    #[arg(long, value_name = "TEXT")]
    pub preferred_name: Option<String>,
    #[arg(long, value_name = "TEXT")]
    pub report_pseudonym: Option<String>,
    #[arg(long)]
    pub child_or_young_person: Option<bool>,
    #[arg(long, value_name = "TEXT")]
    pub household: Option<String>,
    #[arg(long)]
    pub contact_method: Option<String>,
    #[arg(long, value_name = "TEXT")]
    pub safe_contact_times: Option<String>,
    #[arg(long, value_name = "TEXT")]
    pub language: Option<String>,
    #[arg(long, value_name = "TEXT")]
    pub dialect: Option<String>,
    #[arg(long)]
    pub interpreter: Option<bool>,
    #[arg(long, value_name = "TEXT")]
    pub interpreter_gender: Option<String>,
    #[arg(long)]
    pub translation: Option<bool>,
    #[arg(long, value_name = "TEXT")]
    pub literacy: Option<String>,
    /// learning-disability, sensory, mental-health, physical-access, easy-read, large-print, literacy
    #[arg(long = "access")]
    pub accessibility: Vec<String>,
    #[arg(long, value_name = "TEXT")]
    pub access_notes: Option<String>,
    #[arg(long, value_name = "TEXT")]
    pub advocate: Option<String>,
    /// community, prison, hospital or secure-setting
    #[arg(long)]
    pub location: Option<String>,
    #[arg(long, value_name = "TEXT")]
    pub establishment: Option<String>,
    #[arg(long, value_name = "TEXT")]
    pub hope_to_learn: Option<String>,
    #[arg(long, value_name = "TEXT")]
    pub questions: Option<String>,
    #[arg(long = "reason")]
    pub purpose_reasons: Vec<String>,
    #[arg(long)]
    pub cadence: Option<String>,
    #[arg(long)]
    pub welsh: Option<bool>,
    #[arg(long, value_name = "TEXT")]
    pub notes: Option<String>,
    /// As people in the UK write dates ("2 June 2010", "2/6/2010"); "" removes it.
    #[arg(long, value_name = "DATE")]
    pub date_of_birth: Option<String>,
    /// When the date of birth is not known: under-12, 12-15, 16-17, 18-25, 26-64 or
    /// 65-and-over; "" removes it.
    #[arg(long, value_name = "BAND")]
    pub age_band: Option<String>,
}

#[derive(Subcommand, Debug)]
pub enum MemberCmd {
    Show {
        id: i64,
        #[arg(long)]
        json: bool,
    },
    Add {
        #[arg(long)]
        review: String,
        #[command(flatten)]
        fields: MemberFields,
    },
    Set {
        id: i64,
        #[command(flatten)]
        fields: MemberFields,
    },
    /// Set involvement: to-consider, approach, approached, involved, declined, withdrew, not-approached.
    Status {
        id: i64,
        status: String,
        /// Required for declined, withdrew and not-approached.
        #[arg(long, value_name = "TEXT")]
        reason: Option<String>,
        /// For declined: the door is not left open.
        #[arg(long)]
        door_closed: bool,
    },
    /// Move the person to a phase (0–7 or its name).
    Position { id: i64, phase: String },
    /// Accept what the records suggest for a person (see `member show`): approached,
    /// involved or declined.
    Accept {
        id: i64,
        suggestion: String,
        /// Required to accept "declined": the reason the person gave.
        #[arg(long)]
        reason: Option<String>,
    },
    /// Add a contact detail (address, phone, email, other).
    Detail {
        id: i64,
        #[arg(long)]
        kind: String,
        #[arg(long, value_name = "TEXT")]
        value: String,
        #[arg(long)]
        safe_to_print: bool,
        /// A confidential address: never printed.
        #[arg(long)]
        confidential: bool,
    },
    /// Say how the person is related to a subject child.
    Relate {
        id: i64,
        #[arg(long)]
        child: i64,
        #[arg(long)]
        relationship: String,
        /// yes, no or unknown
        #[arg(long, default_value = "unknown")]
        pr: String,
        #[arg(long, value_name = "TEXT")]
        pr_basis: Option<String>,
        /// How this person refers to the child, if not the child's usual name.
        #[arg(long, value_name = "TEXT")]
        child_called: Option<String>,
    },
    /// Add a legal or role status (suspect, charged, convicted, victim, witness, …).
    Role {
        id: i64,
        #[arg(long)]
        status: String,
        #[arg(long)]
        since: String,
        #[arg(long, value_name = "TEXT")]
        source: Option<String>,
    },
    /// Choose (or with --remove, unchoose) a support service for the person's sheet.
    Support {
        id: i64,
        #[arg(long)]
        support: i64,
        #[arg(long)]
        remove: bool,
    },
}

#[derive(Subcommand, Debug)]
pub enum RestrictionCmd {
    Add {
        #[arg(long)]
        member: i64,
        #[arg(long)]
        kind: String,
        #[arg(long, value_name = "TEXT")]
        detail: Option<String>,
        #[arg(long)]
        recorded_on: Option<String>,
        #[arg(long)]
        expires: Option<String>,
        #[arg(long)]
        requires_clearance: bool,
        #[arg(long, value_name = "TEXT")]
        via: Option<String>,
    },
    /// Mark a restriction as entered in error: it is kept, with the reason, in the audit log,
    /// but it no longer restricts contact or documents.
    EnteredInError {
        /// The restriction's id (shown by `member show --json`).
        #[arg(long)]
        id: i64,
        #[arg(long)]
        reason: String,
    },
}

#[derive(Subcommand, Debug)]
pub enum ClearanceCmd {
    Add {
        #[arg(long)]
        member: i64,
        /// police, cps, copfs, pps, coroner, court, other
        #[arg(long)]
        body: String,
        #[arg(long)]
        given_on: String,
        #[arg(long, value_name = "TEXT")]
        advice: String,
        #[arg(long)]
        contact_allowed: bool,
    },
}

#[derive(Subcommand, Debug)]
pub enum LinkCmd {
    Abuse {
        #[arg(long)]
        victim: i64,
        #[arg(long)]
        perpetrator: i64,
    },
    Barrier {
        /// The person whose information is protected.
        #[arg(long)]
        protect: i64,
        /// The person who must not receive it.
        #[arg(long)]
        from: i64,
        #[arg(long, value_name = "TEXT")]
        reason: Option<String>,
    },
}

#[derive(Args, Debug, Default, Clone)]
pub struct ContactFields {
    #[arg(long)]
    pub date: Option<String>,
    #[arg(long)]
    pub time: Option<String>,
    /// in-person, home-visit, phone, video, letter, email, text, through-advocate, through-solicitor
    #[arg(long)]
    pub mode: Option<String>,
    /// planned, reached, no-answer, message-left, refused, cancelled
    #[arg(long)]
    pub outcome: Option<String>,
    #[arg(long, value_name = "TEXT")]
    pub location: Option<String>,
    #[arg(long, value_name = "TEXT")]
    pub initiated_by: Option<String>,
    /// Other family members present (repeatable).
    #[arg(long = "with")]
    pub with_members: Vec<i64>,
    /// Professionals who come (repeatable).
    #[arg(long = "attendee")]
    pub attendees: Vec<String>,
    #[arg(long, value_name = "TEXT")]
    pub interpreter: Option<String>,
    #[arg(long, value_name = "TEXT")]
    pub supporter: Option<String>,
    #[arg(long)]
    pub phase: Option<String>,
    /// What was explained (repeatable): purpose, what-it-will-not-do, confidentiality-limits, …
    #[arg(long)]
    pub explained: Vec<String>,
    #[arg(long, value_name = "TEXT")]
    pub notes: Option<String>,
    #[arg(long, value_name = "TEXT")]
    pub disclosure: Option<String>,
    #[arg(long)]
    pub referral_made: bool,
    #[arg(long, value_name = "TEXT")]
    pub wellbeing: Option<String>,
    #[arg(long, value_name = "TEXT")]
    pub follow_up: Option<String>,
    #[arg(long)]
    pub follow_up_due: Option<String>,
}

#[derive(Subcommand, Debug)]
pub enum ContactCmd {
    Add {
        #[arg(long)]
        member: i64,
        #[command(flatten)]
        fields: ContactFields,
    },
    Set {
        id: i64,
        #[command(flatten)]
        fields: ContactFields,
    },
    /// Mark a contact as entered in error: it is kept, with the reason, in the audit log, but
    /// it leaves the person's history, the dashboard and their documents.
    EnteredInError {
        #[arg(long)]
        id: i64,
        #[arg(long)]
        reason: String,
    },
}

#[derive(Subcommand, Debug)]
pub enum DeadlineCmd {
    /// A review's deadlines, met or not.
    List {
        #[arg(long)]
        review: String,
        #[arg(long)]
        json: bool,
    },
    /// Mark a target met on a date (YYYY-MM-DD).
    Met {
        #[arg(long)]
        review: String,
        /// The target's id, as `deadline list` shows it.
        #[arg(long)]
        target: String,
        #[arg(long)]
        on: String,
        #[arg(long)]
        note: Option<String>,
    },
}

#[derive(Subcommand, Debug)]
pub enum ChecksCmd {
    List {
        #[arg(long)]
        review: String,
        #[arg(long)]
        phase: Option<String>,
        #[arg(long)]
        member: Option<i64>,
        #[arg(long)]
        json: bool,
    },
    Set {
        #[arg(long)]
        review: String,
        #[arg(long)]
        check: String,
        #[arg(long)]
        member: Option<i64>,
        /// to-do, done, not-applicable, decided-otherwise
        #[arg(long)]
        status: String,
        /// The evidence (done) or the reason (not-applicable, decided-otherwise, or to-do
        /// when reopening a closed check; required to reopen one a record closed).
        #[arg(long, value_name = "TEXT")]
        text: Option<String>,
        #[arg(long)]
        on: Option<String>,
    },
}

// Parsed once per run: the size difference between variants costs nothing.
#[allow(clippy::large_enum_variant)]
#[derive(Subcommand, Debug)]
pub enum DecisionCmd {
    Add {
        #[arg(long)]
        review: String,
        #[arg(long)]
        decided_on: String,
        #[arg(long, value_name = "TEXT")]
        decision: String,
        #[arg(long, value_name = "TEXT")]
        rationale: String,
        #[arg(long, value_name = "TEXT")]
        options: Option<String>,
        #[arg(long, value_name = "TEXT")]
        consulted: Option<String>,
        #[arg(long = "member")]
        members: Vec<i64>,
        #[arg(long)]
        principle: Option<String>,
        #[arg(long)]
        review_by: Option<String>,
        #[arg(long, value_name = "TEXT")]
        author: Option<String>,
    },
    List {
        #[arg(long)]
        review: String,
        #[arg(long)]
        json: bool,
    },
}

// Parsed once per run: the size difference between variants costs nothing.
#[allow(clippy::large_enum_variant)]
#[derive(Subcommand, Debug)]
pub enum TermsCmd {
    Agree {
        #[arg(long)]
        member: i64,
        #[arg(long)]
        agreed_on: String,
        /// verbal or written
        #[arg(long)]
        method: String,
        #[arg(long, value_name = "TEXT")]
        recorded_by: String,
        #[arg(long)]
        mode: Option<String>,
        #[arg(long, value_name = "TEXT")]
        venue: Option<String>,
        #[arg(long, value_name = "TEXT")]
        supporter: Option<String>,
        #[arg(long, value_name = "TEXT")]
        interpreter: Option<String>,
        #[arg(long)]
        cadence: Option<String>,
        #[arg(long, value_name = "TEXT")]
        channel: Option<String>,
        #[arg(long, value_name = "TEXT")]
        description_wishes: Option<String>,
        #[arg(long, value_name = "TEXT")]
        anonymity_wishes: Option<String>,
        #[arg(long)]
        wants_draft: bool,
        #[arg(long)]
        reading_time_days: Option<String>,
        #[arg(long)]
        confidentiality_explained_on: Option<String>,
        #[arg(long)]
        withdrawal_explained_on: Option<String>,
        #[arg(long)]
        publication_explained_on: Option<String>,
        #[arg(long, value_name = "TEXT")]
        notes: Option<String>,
    },
    List {
        #[arg(long)]
        member: i64,
        #[arg(long)]
        json: bool,
    },
}

#[derive(Subcommand, Debug)]
pub enum ParallelCmd {
    Add {
        #[arg(long)]
        review: String,
        #[arg(long)]
        kind: String,
        #[arg(long)]
        status: String,
        #[arg(long)]
        reference: Option<String>,
        #[arg(long, value_name = "TEXT")]
        contact: Option<String>,
        #[arg(long)]
        next_key_date: Option<String>,
        #[arg(long, value_name = "TEXT")]
        constraints: Option<String>,
        #[arg(long)]
        last_checked: Option<String>,
    },
    /// Change a parallel process (only the options given change).
    Set {
        id: i64,
        #[arg(long)]
        kind: Option<String>,
        #[arg(long)]
        status: Option<String>,
        #[arg(long)]
        reference: Option<String>,
        #[arg(long, value_name = "TEXT")]
        contact: Option<String>,
        #[arg(long)]
        next_key_date: Option<String>,
        #[arg(long, value_name = "TEXT")]
        constraints: Option<String>,
        #[arg(long)]
        last_checked: Option<String>,
    },
    List {
        #[arg(long)]
        review: String,
        #[arg(long)]
        json: bool,
    },
}

#[derive(Subcommand, Debug)]
pub enum SupportCmd {
    List {
        #[arg(long)]
        json: bool,
    },
    Add {
        #[arg(long)]
        name: String,
        #[arg(long)]
        service_type: String,
        #[arg(long = "nation")]
        nations: Vec<String>,
        #[arg(long)]
        phone: Option<String>,
        #[arg(long)]
        website: Option<String>,
        #[arg(long)]
        hours: Option<String>,
        #[arg(long, value_name = "TEXT")]
        description: String,
        #[arg(long, value_name = "TEXT")]
        description_cy: Option<String>,
    },
}

#[derive(Subcommand, Debug)]
pub enum FeedbackCmd {
    Add {
        #[arg(long)]
        review: String,
        #[arg(long)]
        member: Option<i64>,
        /// after-findings or after-publication
        #[arg(long)]
        stage: Option<String>,
        #[arg(long)]
        received_on: String,
        #[arg(long)]
        channel: Option<String>,
        /// QUESTION_ID=yes|partly|no|not-sure (repeatable)
        #[arg(long = "answer")]
        answers: Vec<String>,
        /// QUESTION_ID=text (repeatable)
        #[arg(long = "comment", value_name = "TEXT")]
        comments: Vec<String>,
        #[arg(long)]
        follow_up_requested: bool,
    },
    List {
        #[arg(long)]
        review: String,
        #[arg(long)]
        json: bool,
    },
}

/// Translations of the family documents into the community languages.
#[derive(Subcommand, Debug)]
pub enum TranslationCmd {
    /// Check a translation file against the English wording and use it from now on
    /// (kept in Kindred's configuration folder; replaces the one loaded before).
    Load {
        /// The wording file (the same keys as assets/wording/en.toml).
        file: PathBuf,
    },
    /// Check a translation file without loading it.
    Check { file: PathBuf },
    /// The community languages, and the wording each uses now.
    List,
}
