//! The calendar through the real binary (issue 15, item 4): planned visits and deadlines as
//! an iCalendar file that names nobody and says nowhere where anyone lives unless asked;
//! stable UIDs, so a second export updates rather than duplicates; cancelled visits marked
//! cancelled; well-formed lines (CRLF, folded at 75 octets); never over an existing file.

mod util;

use util::Dir;

fn demo() -> Dir {
    let d = Dir::new();
    d.run(&["demo"]).ok();
    d
}

/// Every text the demo holds about people: full names, preferred names, contact details.
fn private_words(d: &Dir) -> Vec<String> {
    let mut out = Vec::new();
    for r in ["DEMO-ENG-01", "DEMO-WAL-01", "DEMO-SCO-01", "DEMO-NI-01"] {
        let v = d.run(&["members", "--review", r, "--json"]).json();
        for m in v.as_array().expect("members") {
            let det = &m["details"];
            for k in ["full_name", "preferred_name"] {
                if let Some(s) = det[k].as_str() {
                    out.push(s.to_string());
                }
            }
        }
    }
    out
}

fn events(ics: &str) -> Vec<String> {
    ics.split("BEGIN:VEVENT")
        .skip(1)
        .map(str::to_string)
        .collect()
}

/// The file with folded lines joined again (RFC 5545 §3.1).
fn unfolded(ics: &str) -> String {
    ics.replace("\r\n ", "")
}

#[test]
fn the_calendar_names_nobody_and_updates_in_place() {
    let d = demo();
    let jade = "1";
    d.run(&[
        "contact",
        "add",
        "--member",
        jade,
        "--date",
        "2026-12-03",
        "--time",
        "10:30",
        "--mode",
        "home-visit",
        "--outcome",
        "planned",
        "--location",
        "14 Heol y Nant, Treorchy",
    ])
    .ok();
    d.run(&[
        "contact",
        "add",
        "--member",
        jade,
        "--date",
        "2026-12-09",
        "--mode",
        "phone",
        "--outcome",
        "cancelled",
    ])
    .ok();
    let path = d.path().join("kindred.ics");
    let out = d.run(&["calendar", "-o", &path.to_string_lossy()]).ok();
    assert!(out.contains("cancelled"), "{out}");
    let raw = std::fs::read_to_string(&path).expect("the calendar");

    // Well formed: CRLF everywhere, no line over 75 octets, balanced components.
    assert!(
        !raw.replace("\r\n", "").contains('\n'),
        "bare LF in the file"
    );
    for line in raw.split("\r\n") {
        assert!(line.len() <= 75, "a line longer than 75 octets: {line:?}");
    }
    assert_eq!(
        raw.matches("BEGIN:VEVENT").count(),
        raw.matches("END:VEVENT").count()
    );
    assert!(
        raw.starts_with("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n"),
        "{raw}"
    );

    let ics = unfolded(&raw);
    for word in private_words(&d) {
        assert!(!ics.contains(&word), "the calendar names {word}:\n{ics}");
    }
    assert!(!ics.contains("Heol y Nant"), "a place, unasked:\n{ics}");
    assert!(
        !ics.to_lowercase().contains("prosecution"),
        "a parallel process's detail:\n{ics}"
    );

    let all = events(&ics);
    let visit = all
        .iter()
        .find(|e| e.contains("DTSTART:20261203T103000"))
        .unwrap_or_else(|| panic!("the planned visit:\n{ics}"));
    assert!(visit.contains("SUMMARY:Visit — DEMO-ENG-01"), "{visit}");
    assert!(visit.contains("STATUS:CONFIRMED"), "{visit}");
    let cancelled = all
        .iter()
        .find(|e| e.contains("DTSTART;VALUE=DATE:20261209"))
        .unwrap_or_else(|| panic!("the cancelled call:\n{ics}"));
    assert!(cancelled.contains("STATUS:CANCELLED"), "{cancelled}");
    assert!(
        cancelled.contains("DTEND;VALUE=DATE:20261210"),
        "an all-day event ends the next day: {cancelled}"
    );
    assert!(
        all.iter().any(|e| e.contains("SUMMARY:Deadline: ")),
        "the deadlines:\n{ics}"
    );

    // Never over an existing file unasked; with --force the UIDs are the same as before.
    d.run(&["calendar", "-o", &path.to_string_lossy()])
        .fails(1, "exists");
    d.run(&[
        "calendar",
        "--with-location",
        "--force",
        "-o",
        &path.to_string_lossy(),
    ])
    .ok();
    let again = unfolded(&std::fs::read_to_string(&path).expect("again"));
    let uids = |s: &str| {
        let mut u: Vec<String> = s
            .split("\r\n")
            .filter(|l| l.starts_with("UID:"))
            .map(str::to_string)
            .collect();
        u.sort();
        u
    };
    assert_eq!(uids(&ics), uids(&again), "UIDs are stable");
    assert!(
        again.contains("LOCATION:14 Heol y Nant\\, Treorchy"),
        "asked for the place:\n{again}"
    );

    // One review only.
    let one = d.path().join("one.ics");
    d.run(&[
        "calendar",
        "--review",
        "DEMO-WAL-01",
        "-o",
        &one.to_string_lossy(),
    ])
    .ok();
    let one = std::fs::read_to_string(&one).expect("one");
    assert!(!one.contains("DEMO-ENG-01"), "{one}");
}
