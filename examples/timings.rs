//! Where the time goes on a large workbook, step by step, in process: unlocking, the
//! dashboard's page, the Due list and the evaluation, and the store's reads under each.
//! `KINDRED_DB=… KINDRED_PASSPHRASE=… cargo run --release --example timings`.

use std::time::Instant;

use kindred::store;
use kindred::workbook::due::DueOptions;
use kindred::Workbook;

fn time<T>(what: &str, f: impl FnOnce() -> T) -> T {
    let t = Instant::now();
    let out = f();
    println!("{:>9.1} ms  {what}", t.elapsed().as_secs_f64() * 1000.0);
    out
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let db = std::env::var("KINDRED_DB")?;
    let pass = std::env::var("KINDRED_PASSPHRASE")?;
    let wb = time("Workbook::open", || Workbook::open(db.as_ref(), &pass))?;
    let conn = wb.store().conn();
    let o = kindred::workbook::dashboard_page::DashboardOptions::default();
    for round in 0..2 {
        println!("-- round {round}");
        let page = time("dashboard_page", || wb.dashboard_page(&o))?;
        let soon = time("due (14 days, the first 10, as the dashboard asks)", || {
            wb.due_first(
                &DueOptions {
                    within_days: Some(14),
                    review: None,
                },
                10,
            )
        })?;
        let all = time("due (everything)", || wb.due(&DueOptions::default()))?;
        println!(
            "           the page is {} bytes of JSON, the first due {} bytes",
            serde_json::to_string(&page)?.len(),
            serde_json::to_string(&soon)?.len()
        );
        println!(
            "           {} reviews on the page; due: {} in 14 days, {} in all",
            page.reviews.len(),
            soon.items.len() + soon.more,
            all.items.len()
        );
        time("  store::dashboard::reviews", || {
            store::dashboard::reviews(conn)
        })?;
        time("  store::dashboard::members", || {
            store::dashboard::members(conn)
        })?;
        time("  store::dashboard::restrictions_and_clearances", || {
            store::dashboard::restrictions_and_clearances(conn, None)
        })?;
        time("  store::voice::waiting", || {
            store::voice::waiting(conn, None)
        })?;
        time("  store::voice::draft_shown", || {
            store::voice::draft_shown(conn, None)
        })?;
        let n = time("  store::due::planned", || store::due::planned(conn, None))?.len();
        println!("           {n} planned");
        let n = time("  store::due::follow_ups", || {
            store::due::follow_ups(conn, None)
        })?
        .len();
        println!("           {n} follow-ups");
        let n = time("  store::due::decisions", || {
            store::due::decisions(conn, None)
        })?
        .len();
        println!("           {n} decisions");
        let n = time("  store::due::waiting_questions", || {
            store::due::waiting_questions(conn, None)
        })?
        .len();
        println!("           {n} waiting questions");
        let n = time("  store::due::sessions", || {
            store::due::sessions(conn, None)
        })?
        .len();
        println!("           {n} sessions");
        let n = time("  store::due::latest_returns", || {
            store::due::latest_returns(conn, None)
        })?
        .len();
        println!("           {n} returned");
        let n = time("  store::due::feedback_forms", || {
            store::due::feedback_forms(conn, None)
        })?
        .len();
        println!("           {n} forms");
        let opts = kindred::workbook::forms::EvaluationForm::default().parse()?;
        time("evaluation", || wb.evaluation(&opts))?;
        let f = store::evaluation::Filter::default();
        time("  store::evaluation::sent", || {
            store::evaluation::sent(conn, &f)
        })?;
        time("  store::evaluation::returned", || {
            store::evaluation::returned(conn, &f)
        })?;
    }
    time("wait for the daily backup", || {
        wb.store().wait_for_daily_backup().map(|r| r.map(|_| ()))
    });
    Ok(())
}
