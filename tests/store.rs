//! Store tests on real encrypted files: round trips, migrations from every earlier schema,
//! refusal of a newer schema, and the audit line written with every change.

mod util;

use kindred::store::{migrate, Completeness, Store};
use kindred::workbook::forms::*;
use kindred::{Error, Workbook};
use util::PASS;

fn s(v: &str) -> Option<String> {
    Some(v.to_string())
}

fn review_form(reference: &str) -> ReviewForm {
    ReviewForm {
        reference: s(reference),
        nation: s("scotland"),
        review_type: s("learning-review"),
        pseudonym: s("Child Z"),
        body_name: s("Test Committee (fictional)"),
        author_name: s("Test Author"),
        ..ReviewForm::default()
    }
}

#[test]
fn round_trip_through_a_reopened_file() {
    let dir = tempfile::tempdir().expect("tmp");
    let path = dir.path().join("w.kindred");
    let mut wb = Workbook::create(&path, PASS).expect("create");
    let r = wb.create_review(&review_form("R-1")).expect("review");
    let m = wb
        .add_member(
            "R-1",
            &MemberForm {
                full_name: s("Łucja Żak 🌼"),
                language: s("Polish"),
                interpreter_needed: true,
                accessibility: vec!["easy-read,large-print".into()],
                ..MemberForm::default()
            },
        )
        .expect("member");
    wb.add_contact_detail(
        m.id,
        &ContactDetailForm {
            kind: Some("address".into()),
            value: Some("1 Fictional Road".into()),
            safe_to_print: true,
            confidential: false,
        },
    )
    .expect("detail");
    wb.set_involvement(m.id, "declined", Some("Not now"), true)
        .expect("status");
    drop(wb);

    let wb = Workbook::open(&path, PASS).expect("reopen");
    let back = wb.member(m.id).expect("member back");
    assert_eq!(back.details.full_name, "Łucja Żak 🌼");
    assert_eq!(back.details.accessibility.len(), 2);
    assert_eq!(back.contact_details[0].value, "1 Fictional Road");
    assert_eq!(back.involvement.reason(), Some("Not now"));
    assert_eq!(wb.review("R-1").expect("review").id, r.id);
    assert_eq!(
        wb.review(&r.id.to_string()).expect("by id").reference,
        "R-1"
    );
    assert!(wb.check().expect("check").is_empty());
}

/// Schema 7 adds the entered-in-error flag to contacts: existing contacts count, and the
/// triggers that keep when each person was last reached leave flagged ones out.
#[test]
fn schema_7_keeps_last_reached_and_leaves_out_contacts_entered_in_error() {
    let dir = tempfile::tempdir().expect("tmp");
    let path = dir.path().join("six.kindred");
    {
        let mut conn = rusqlite::Connection::open(&path).expect("open");
        conn.pragma_update(None, "key", PASS).expect("key");
        conn.pragma_update(None, "application_id", kindred::store::APPLICATION_ID)
            .expect("app id");
        migrate::migrate_to(&mut conn, 6).expect("schema 6");
        conn.execute_batch(
            "INSERT INTO meta VALUES ('state', 'complete');
             INSERT INTO reviews (reference, nation, review_type, phase, body, created_at, updated_at)
             VALUES ('OLD-1', 'england', 'lcspr', 2, '{\"id\":0,\"reference\":\"OLD-1\",\"nation\":\"england\",\"review_type\":\"lcspr\",\"pseudonym\":\"Child O\",\"body_name\":\"B\",\"author\":{\"name\":\"A\",\"phone\":null,\"email\":null,\"hours\":null,\"postal_address\":null},\"partnership_contact\":null,\"panel_chair\":null,\"key_dates\":{},\"purpose_statement\":null,\"purpose_reasons\":[],\"publication\":\"not-decided\",\"publication_note\":null,\"media_interest\":false,\"media_plan\":null,\"complaints\":null,\"retention_until\":null,\"update_cadence_days\":28,\"phase\":2}', 'x', 'x');
             INSERT INTO members (review_id, full_name, involvement, position, details, created_at, updated_at)
             VALUES (1, 'A', '{\"status\":\"involved\"}', 1, '{}', '2026-01-01T00:00:00', 'x');
             INSERT INTO contacts (review_id, member_id, date, outcome, body)
             VALUES (1, 1, '2026-03-01', 'reached', '{}'), (1, 1, '2026-04-01', 'reached', '{}');",
        )
        .expect("schema 6 data");
    }
    let store = Store::open(&path, PASS).expect("migrates");
    let conn = store.conn();
    let last = || -> Option<String> {
        conn.query_row(
            "SELECT last_reached FROM member_brief WHERE id = 1",
            [],
            |r| r.get(0),
        )
        .expect("brief")
    };
    assert_eq!(last().as_deref(), Some("2026-04-01"));
    let flagged: i64 = conn
        .query_row("SELECT sum(entered_in_error) FROM contacts", [], |r| {
            r.get(0)
        })
        .expect("flags");
    assert_eq!(flagged, 0);
    conn.execute(
        "UPDATE contacts SET entered_in_error = 1 WHERE date = '2026-04-01'",
        [],
    )
    .expect("flag");
    assert_eq!(last().as_deref(), Some("2026-03-01"));
    conn.execute(
        "INSERT INTO contacts (review_id, member_id, date, outcome, body, entered_in_error)
         VALUES (1, 1, '2026-05-01', 'reached', '{}', 1)",
        [],
    )
    .expect("insert flagged");
    assert_eq!(last().as_deref(), Some("2026-03-01"));
    conn.execute("DELETE FROM contacts WHERE date = '2026-03-01'", [])
        .expect("delete");
    assert_eq!(last(), None);
}

#[test]
fn migrates_from_every_earlier_schema_keeping_data() {
    for from in 0..migrate::LATEST {
        let dir = tempfile::tempdir().expect("tmp");
        let path = dir.path().join("old.kindred");
        {
            let mut conn = rusqlite::Connection::open(&path).expect("open");
            conn.pragma_update(None, "key", PASS).expect("key");
            conn.pragma_update(None, "application_id", kindred::store::APPLICATION_ID)
                .expect("app id");
            migrate::migrate_to(&mut conn, from).expect("old schema");
            if from >= 1 {
                conn.execute_batch(
                    "INSERT INTO meta VALUES ('state', 'complete');
                     INSERT INTO reviews (reference, nation, review_type, phase, body, created_at, updated_at)
                     VALUES ('OLD-1', 'england', 'lcspr', 2, '{\"id\":0,\"reference\":\"OLD-1\",\"nation\":\"england\",\"review_type\":\"lcspr\",\"pseudonym\":\"Child O\",\"body_name\":\"B\",\"author\":{\"name\":\"A\",\"phone\":null,\"email\":null,\"hours\":null,\"postal_address\":null},\"partnership_contact\":null,\"panel_chair\":null,\"key_dates\":{},\"purpose_statement\":null,\"purpose_reasons\":[],\"publication\":\"not-decided\",\"publication_note\":null,\"media_interest\":false,\"media_plan\":null,\"complaints\":null,\"retention_until\":null,\"update_cadence_days\":28,\"phase\":2}', 'x', 'x');",
                )
                .expect("old data");
            } else {
                conn.execute_batch("CREATE TABLE placeholder(x); DROP TABLE placeholder;")
                    .expect("touch");
            }
        }
        let store = Store::open(&path, PASS).unwrap_or_else(|e| panic!("open schema {from}: {e}"));
        assert_eq!(
            migrate::version(store.conn()).expect("version"),
            migrate::LATEST
        );
        if from >= 1 {
            let wb = Workbook::open(&path, PASS).expect("workbook");
            let r = wb.review("OLD-1").expect("old review survives");
            assert_eq!(r.phase.number(), 2);
            assert!(wb.check().expect("check").is_empty(), "{:?}", wb.check());
        }
    }
}

#[test]
fn a_newer_schema_is_refused_untouched() {
    let dir = tempfile::tempdir().expect("tmp");
    let path = dir.path().join("new.kindred");
    drop(Workbook::create(&path, PASS).expect("create"));
    {
        let conn = rusqlite::Connection::open(&path).expect("open");
        conn.pragma_update(None, "key", PASS).expect("key");
        conn.pragma_update(None, "user_version", migrate::LATEST + 5)
            .expect("bump");
        conn.pragma_update(None, "journal_mode", "DELETE")
            .expect("fold wal");
    }
    let before = std::fs::read(&path).expect("read");
    match Workbook::open(&path, PASS) {
        Err(Error::NewerVersion { found, supported }) => {
            assert_eq!((found, supported), (migrate::LATEST + 5, migrate::LATEST));
        }
        Err(e) => panic!("wrong error: {e}"),
        Ok(_) => panic!("a newer workbook must be refused"),
    }
    assert_eq!(
        std::fs::read(&path).expect("read"),
        before,
        "refusal must not change a byte"
    );
}

#[test]
fn an_interrupted_creation_is_reported_as_incomplete() {
    let dir = tempfile::tempdir().expect("tmp");
    let path = dir.path().join("partial.kindred");
    drop(Store::create(&path, PASS, Completeness::Creating).expect("create"));
    let wb = Workbook::open(&path, PASS).expect("open");
    let problems = wb.check().expect("check");
    assert!(
        problems.iter().any(|p| p.contains("incomplete")),
        "{problems:?}"
    );
}

#[test]
fn every_change_is_audited_with_old_and_new_in_the_same_transaction() {
    let dir = tempfile::tempdir().expect("tmp");
    let path = dir.path().join("a.kindred");
    let mut wb = Workbook::create(&path, PASS).expect("create");
    wb.create_review(&review_form("A-1")).expect("review");
    let m = wb
        .add_member(
            "A-1",
            &MemberForm {
                full_name: s("Ann Example"),
                ..MemberForm::default()
            },
        )
        .expect("member");
    wb.change_member(
        m.id,
        &MemberForm {
            full_name: s("Ann Example-Changed"),
            ..MemberForm::default()
        },
    )
    .expect("change");
    let audit = wb.audit(Some("A-1")).expect("audit");
    let change = audit
        .iter()
        .find(|e| e.entity == "member" && e.action == "update")
        .expect("update line");
    assert_eq!(
        change.old.as_ref().expect("old")["details"]["full_name"],
        "Ann Example"
    );
    assert_eq!(
        change.new.as_ref().expect("new")["details"]["full_name"],
        "Ann Example-Changed"
    );
    // A refused change writes neither the record nor an audit line.
    let n = audit.len();
    assert!(wb.change_member(m.id, &MemberForm::default()).is_err());
    assert_eq!(wb.audit(Some("A-1")).expect("audit").len(), n);
    // Changing nothing writes nothing.
    wb.change_member(
        m.id,
        &MemberForm {
            full_name: s("Ann Example-Changed"),
            ..MemberForm::default()
        },
    )
    .expect("same");
    assert_eq!(wb.audit(Some("A-1")).expect("audit").len(), n);
}

/// One column of a person's short row (`member_brief`).
fn brief_of<T: rusqlite::types::FromSql>(wb: &Workbook, member_id: i64, column: &str) -> T {
    wb.store()
        .conn()
        .query_row(
            &format!("SELECT {column} FROM member_brief WHERE id = ?1"),
            [member_id],
            |r| r.get(0),
        )
        .expect("brief")
}

/// `review_brief` and `member_brief` (kept by triggers, read by the dashboard) always equal
/// what the reviews, members, contacts and terms give: after contacts are recorded and
/// changed (outcome, date), terms agreed, people and reviews changed, and everything
/// destroyed with its review.
#[test]
fn dashboard_tables_follow_every_change() {
    let dir = tempfile::tempdir().expect("tmp");
    let path = dir.path().join("w.kindred");
    kindred::workbook::demo::scaled(&path, PASS, 3, |_| {}).expect("demo");
    let mut wb = Workbook::open(&path, PASS).expect("open");
    let check = |wb: &Workbook, when: &str| {
        let conn = wb.store().conn();
        let read = |sql: &str| -> Vec<(i64, String)> {
            let mut stmt = conn.prepare(sql).expect("prepare");
            let rows = stmt
                .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
                .expect("query");
            rows.map(|r| r.expect("row")).collect()
        };
        let brief = read(
            "SELECT id, review_id || '|' || status || '|' || position || '|' || display_name
                    || '|' || coalesce(cadence, '')
                    || '|' || since || '|' || coalesce(last_reached, '')
                    || '|' || coalesce(terms_cadence, '') || '|' || wants_draft
             FROM member_brief ORDER BY id",
        );
        let members = read(
            "SELECT m.id, m.review_id || '|' || json_extract(m.involvement, '$.status')
                    || '|' || m.position
                    || '|' || coalesce(json_extract(m.details, '$.preferred_name'), m.full_name)
                    || '|' || coalesce(json_extract(m.details, '$.update_cadence_days'), '')
                    || '|' || substr(m.created_at, 1, 10)
                    || '|' || coalesce((SELECT max(date) FROM contacts c
                                        WHERE c.member_id = m.id AND c.outcome = 'reached'
                                          AND json_extract(c.body, '$.entered_in_error')
                                              IS NULL), '')
                    || '|' || coalesce((SELECT json_extract(t.body, '$.update_cadence_days')
                                        FROM terms t WHERE t.member_id = m.id
                                        ORDER BY t.version DESC LIMIT 1), '')
                    || '|' || coalesce((SELECT json_extract(t.body, '$.wants_draft') = 1
                                        FROM terms t WHERE t.member_id = m.id
                                        ORDER BY t.version DESC LIMIT 1), 0)
             FROM members m ORDER BY m.id",
        );
        assert_eq!(brief, members, "member_brief {when}");
        let kept = read(
            "SELECT id, reference || '|' || nation || '|' || review_type || '|' || phase
                    || '|' || pseudonym || '|' || cadence || '|' || coalesce(retention_until, '')
                    || '|' || key_dates
             FROM review_brief ORDER BY id",
        );
        let reviews = read(
            "SELECT id, reference || '|' || nation || '|' || review_type || '|' || phase
                    || '|' || json_extract(body, '$.pseudonym')
                    || '|' || json_extract(body, '$.update_cadence_days')
                    || '|' || coalesce(json_extract(body, '$.retention_until'), '')
                    || '|' || json_extract(body, '$.key_dates')
             FROM reviews ORDER BY id",
        );
        assert_eq!(kept, reviews, "review_brief {when}");
        brief
            .iter()
            .filter(|(_, b)| b.split('|').nth(6).is_some_and(|d| !d.is_empty()))
            .count()
    };
    assert!(check(&wb, "after the demo") > 0);

    let reviews = wb.reviews().expect("reviews");
    let members = wb.members(reviews[0].id).expect("members");
    let (a, b) = (members[0].id, members[1].id);
    let form = |member_id: i64, date: &str, outcome: &str| ContactForm {
        member_id,
        date: s(date),
        mode: s("phone"),
        outcome: s(outcome),
        ..ContactForm::default()
    };
    // Contacts that happened are dated between the review's decision (90 days ago in the
    // demo) and today (schema 7 refuses others).
    let today = wb.today();
    let day = |ago: u64| {
        today
            .checked_sub_days(chrono::Days::new(ago))
            .expect("date")
            .to_string()
    };
    // A later reached contact, then one not reached (no change), then the later one is
    // changed to "no answer" (back to the earlier date) and to an earlier date.
    let late = wb
        .record_contact(&form(a, &day(0), "reached"))
        .expect("late");
    check(&wb, "after a reached contact");
    wb.record_contact(&form(a, &day(0), "no-answer"))
        .expect("no answer");
    check(&wb, "after a contact not reached");
    wb.change_contact(late.id, &form(a, &day(0), "no-answer"))
        .expect("change outcome");
    check(&wb, "after an outcome changed");
    wb.change_contact(late.id, &form(a, &day(89), "reached"))
        .expect("change date");
    check(&wb, "after a date changed");
    let b_late = wb.record_contact(&form(b, &day(1), "reached")).expect("b");
    check(&wb, "after another person's contact");
    // Marked as entered in error: no longer when the person was last reached (schema 7).
    let last_reached_b: Option<String> = brief_of(&wb, b, "last_reached");
    assert!(last_reached_b >= Some(day(1)));
    wb.mark_contact_entered_in_error(b_late.id, "Wrong person")
        .expect("entered in error");
    check(&wb, "after a contact was marked as entered in error");
    wb.set_involvement(b, "declined", Some("Not now"), true)
        .expect("involvement");
    wb.set_position(
        b,
        kindred::domain::phase::Phase::from_number(3).expect("phase"),
    )
    .expect("position");
    wb.change_member(
        a,
        &MemberForm {
            full_name: s("Renamed Person"),
            preferred_name: s("Ren"),
            update_cadence_days: s("21"),
            ..MemberForm::default()
        },
    )
    .expect("change member");
    check(&wb, "after people changed");
    let mut terms = TermsForm {
        agreed_on: s("2026-11-01"),
        method: s("verbal"),
        recorded_by: s("Author (fictional)"),
        update_cadence_days: s("10"),
        ..TermsForm::default()
    };
    wb.agree_terms(b, &terms).expect("terms");
    check(&wb, "after terms were agreed");
    terms.update_cadence_days = None;
    terms.wants_draft = true;
    wb.agree_terms(b, &terms).expect("terms again");
    check(
        &wb,
        "after new terms without a cadence, asking to see the draft",
    );
    assert!(
        brief_of::<bool>(&wb, b, "wants_draft"),
        "the latest terms ask to see the draft"
    );
    terms.wants_draft = false;
    wb.agree_terms(b, &terms).expect("terms a third time");
    check(&wb, "after newer terms that no longer ask to see the draft");
    assert!(
        !brief_of::<bool>(&wb, b, "wants_draft"),
        "only the latest terms count"
    );
    let mut form = ReviewForm::from_review(&reviews[1]);
    form.pseudonym = s("Child Renamed");
    form.update_cadence_days = s("30");
    form.key_dates
        .insert("draft-shared".to_string(), "2027-01-05".to_string());
    wb.change_review(&reviews[1].reference, &form)
        .expect("change review");
    wb.move_phase(
        &reviews[1].reference,
        kindred::domain::phase::Phase::from_number(5).expect("phase"),
    )
    .expect("phase");
    check(&wb, "after a review changed");
    wb.destroy_review(&reviews[0].reference).expect("destroy");
    check(&wb, "after a review was destroyed");
    let left: i64 = wb
        .store()
        .conn()
        .query_row(
            "SELECT (SELECT count(*) FROM member_brief WHERE id IN (?1, ?2))
                  + (SELECT count(*) FROM review_brief WHERE id = ?3)",
            [a, b, reviews[0].id],
            |r| r.get(0),
        )
        .expect("count");
    assert_eq!(left, 0, "nothing of a destroyed review or its people stays");
}

/// Schema 8 adds the targets the author marks met; a workbook from schema 7 (whose records
/// closed no checks) has its checks brought in line with its records when it is first
/// opened, under the same rules as a new record: a check the author set stays as it is.
#[test]
fn schema_8_from_7_keeps_data_and_records_close_their_checks_on_open() {
    let dir = tempfile::tempdir().expect("tmp");
    let path = dir.path().join("seven.kindred");
    let (member, contact) = {
        let mut wb = Workbook::create(&path, PASS).expect("create");
        wb.create_review(&review_form("OLD-7")).expect("review");
        let m = wb
            .add_member(
                "OLD-7",
                &MemberForm {
                    full_name: s("Morag Test"),
                    ..MemberForm::default()
                },
            )
            .expect("member");
        let c = wb
            .record_contact(&ContactForm {
                member_id: m.id,
                date: s("2026-03-01"),
                mode: s("phone"),
                outcome: s("reached"),
                explained: vec!["purpose".into(), "publication".into()],
                ..ContactForm::default()
            })
            .expect("contact");
        (m.id, c.id)
    };
    // What version 7 left: no closing rules applied, no check closed, no targets_met.
    {
        let conn = rusqlite::Connection::open(&path).expect("open");
        conn.pragma_update(None, "key", PASS).expect("key");
        conn.execute_batch(
            "DROP INDEX contacts_follow_up; DROP INDEX contacts_planned;
             DROP TRIGGER member_brief_on_insert; DROP TRIGGER member_brief_on_terms_insert;
             DROP TRIGGER member_brief_on_terms_update; DROP TRIGGER member_brief_on_terms_delete;
             DROP VIEW latest_terms; ALTER TABLE member_brief DROP COLUMN wants_draft;
             DROP TABLE targets_met;
             DROP TABLE draft_comments; DROP TABLE sharing_sessions; DROP TABLE findings;
             DROP TABLE contributions; DROP TABLE questions; DROP TABLE enquiry_lines;
             DROP TABLE involvement_summaries;
             DELETE FROM meta WHERE key = 'closed_by_rules';
             DELETE FROM check_statuses;
             INSERT INTO check_statuses (review_id, check_id, member_id, status, updated_at, phase)
             VALUES (1, 'p1-publication-explained', 1,
                     '{\"status\":\"not-applicable\",\"reason\":\"Not publishing\"}', 'x', 1);
             PRAGMA user_version = 7;",
        )
        .expect("back to schema 7");
    }
    let wb = Workbook::open(&path, PASS).expect("migrates");
    assert_eq!(
        migrate::version(wb.store().conn()).expect("version"),
        migrate::LATEST
    );
    let statuses = wb.check_statuses(1).expect("statuses");
    let of = |id: &str| {
        statuses
            .iter()
            .find(|s| s.check_id == id && s.member_id == Some(member))
            .map(|s| s.status.clone())
    };
    let purpose = of("p1-purpose-explained").expect("closed on open");
    assert_eq!(
        purpose.record().map(|r| (r.kind.as_str(), r.id)),
        Some(("contact", contact))
    );
    assert_eq!(
        of("p1-publication-explained").map(|s| s.slug()),
        Some("not-applicable")
    );
    // The dashboard counts agree with the statuses the open wrote.
    let dash = wb.dashboard().expect("dashboard");
    let view = wb.review_view("OLD-7").expect("view");
    assert_eq!(dash.reviews[0].open_checks, view.open_checks);
    // Once applied, opening again changes nothing; schema 8's table takes marks.
    drop(wb);
    let mut wb = Workbook::open(&path, PASS).expect("reopen");
    assert_eq!(wb.apply_recorded_work().expect("nothing to do"), 0);
    assert!(wb.check().expect("check").is_empty());
    wb.mark_deadline_met("OLD-7", "scotland-outcome-notification", "2026-03-02", None)
        .expect("a target is marked met");
}
