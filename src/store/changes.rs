//! Which reviews this connection has changed since it last asked.
//!
//! Why: the dashboard and the Due list are made from one pass over every review
//! (`workbook::memo`), about a twentieth of a second at 2,000 reviews. Most writes touch
//! one review, so after a write only that review needs to be read again. Temporary
//! triggers, this connection's own (other connections' writes are seen through `PRAGMA
//! data_version` and mean reading everything), note the review of every row inserted,
//! updated or deleted in a temporary table. The triggers are made from the schema before
//! the connection's first write (`Store::write`), so a table added by a later migration is
//! watched too: a table
//! with a `review_id` column notes it, one that refers to a person notes the person's
//! review, and any other table notes "everything". Only `audit` (written with every
//! change, read by neither) and `meta` are left out. A rolled-back change takes its notes
//! with it.

use rusqlite::Connection;

use crate::error::Result;

/// Noted for a change whose review cannot be told (a table with no review, or a person's
/// record deleted after the person): read everything again.
const EVERYTHING: i64 = -1;

/// Tables whose changes change nothing the pass reads.
const UNWATCHED: &[&str] = &["audit", "meta"];

/// Tables of one row per review, keyed by the review's id.
const ONE_ROW_PER_REVIEW: &[&str] = &["reviews", "review_brief"];

/// What this connection changed since the last [`take`].
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Changed {
    /// Something changed whose review cannot be told.
    pub everything: bool,
    /// The reviews changed (added, changed or deleted), by id, in order.
    pub reviews: Vec<i64>,
}

/// Starts noting this connection's changes (once per connection; again does nothing).
pub(crate) fn watch(conn: &Connection) -> Result<()> {
    watch_tables(conn).map(|_| ())
}

/// Starts watching; gives the tables whose changes mean everything.
fn watch_tables(conn: &Connection) -> Result<Vec<String>> {
    let mut unlinked = Vec::new();
    conn.execute_batch(
        "CREATE TEMP TABLE IF NOT EXISTS changed_reviews (review_id INTEGER PRIMARY KEY)",
    )?;
    let tables: Vec<String> = {
        let mut stmt = conn.prepare(
            "SELECT name FROM main.sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'
             ORDER BY name",
        )?;
        let names = stmt.query_map([], |r| r.get::<_, String>(0))?;
        names.collect::<std::result::Result<_, _>>()?
    };
    let mut sql = String::new();
    for table in tables.iter().filter(|t| !UNWATCHED.contains(&t.as_str())) {
        let columns: Vec<String> = {
            let mut stmt = conn.prepare(&format!("PRAGMA main.table_info(\"{table}\")"))?;
            let names = stmt.query_map([], |r| r.get::<_, String>(1))?;
            names.collect::<std::result::Result<_, _>>()?
        };
        let has = |c: &str| columns.iter().any(|x| x == c);
        // The columns naming a person (`member_id`, or both of a link between two people).
        let people: Vec<String> = {
            let mut stmt = conn.prepare(&format!("PRAGMA main.foreign_key_list(\"{table}\")"))?;
            let refs =
                stmt.query_map([], |r| Ok((r.get::<_, String>(2)?, r.get::<_, String>(3)?)))?;
            let refs: Vec<(String, String)> = refs.collect::<std::result::Result<_, _>>()?;
            let mut cols: Vec<String> = refs
                .into_iter()
                .filter(|(to, _)| to == "members")
                .map(|(_, from)| from)
                .collect();
            if cols.is_empty() && has("member_id") {
                cols.push("member_id".to_string());
            }
            cols.sort();
            cols
        };
        // What a changed row says of its review (one value per column that tells).
        let mut review_of = |row: &str| -> Vec<String> {
            if ONE_ROW_PER_REVIEW.contains(&table.as_str()) {
                vec![format!("{row}.id")]
            } else if has("review_id") {
                vec![format!("{row}.review_id")]
            } else if !people.is_empty() {
                people
                    .iter()
                    .map(|c| format!("(SELECT review_id FROM main.members WHERE id = {row}.{c})"))
                    .collect()
            } else {
                unlinked.push(table.clone());
                vec!["NULL".to_string()]
            }
        };
        for (op, rows) in [
            ("INSERT", &["NEW"][..]),
            ("DELETE", &["OLD"][..]),
            ("UPDATE", &["OLD", "NEW"][..]),
        ] {
            // Not INSERT OR IGNORE: a statement's own conflict clause (an upsert, say)
            // overrides those of the triggers it fires.
            let notes: String = rows
                .iter()
                .flat_map(|r| review_of(r))
                .map(|review| {
                    format!(
                        "INSERT INTO changed_reviews (review_id)
                         SELECT v FROM (SELECT coalesce({review}, {EVERYTHING}) AS v)
                         WHERE v NOT IN (SELECT review_id FROM changed_reviews);"
                    )
                })
                .collect();
            sql.push_str(&format!(
                "CREATE TEMP TRIGGER IF NOT EXISTS \"changed_{table}_{op}\" AFTER {op} ON main.\"{table}\"
                 BEGIN {notes} END;\n"
            ));
        }
    }
    // About half a millisecond a trigger (SQLCipher wipes every allocation the parser
    // makes): `Store::write` starts watching at the first write, not at unlocking.
    conn.execute_batch(&format!("BEGIN; {sql} COMMIT;"))?;
    unlinked.dedup();
    Ok(unlinked)
}

/// What this connection changed since it last asked, and forgets it. Before it watches
/// (no write yet), everything: nothing says what an earlier write changed.
pub fn take(conn: &Connection) -> Result<Changed> {
    let watching: bool = conn.query_row(
        "SELECT count(*) > 0 FROM sqlite_temp_master WHERE type = 'table' AND name = 'changed_reviews'",
        [],
        |r| r.get(0),
    )?;
    if !watching {
        return Ok(Changed {
            everything: true,
            reviews: Vec::new(),
        });
    }
    let mut stmt = conn.prepare_cached("SELECT review_id FROM temp.changed_reviews ORDER BY 1")?;
    let ids = stmt.query_map([], |r| r.get::<_, i64>(0))?;
    let mut changed = Changed::default();
    for id in ids {
        match id? {
            EVERYTHING => changed.everything = true,
            id => changed.reviews.push(id),
        }
    }
    if changed.everything || !changed.reviews.is_empty() {
        conn.execute("DELETE FROM temp.changed_reviews", [])?;
    }
    Ok(changed)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn before_watching_everything_is_changed() {
        let c = Connection::open_in_memory().expect("memory");
        let changed = take(&c).expect("take");
        assert!(changed.everything);
    }

    fn conn() -> Connection {
        let c = Connection::open_in_memory().expect("memory");
        c.execute_batch(
            "CREATE TABLE reviews (id INTEGER PRIMARY KEY, body TEXT);
             CREATE TABLE members (id INTEGER PRIMARY KEY, review_id INTEGER, body TEXT);
             CREATE TABLE terms (id INTEGER PRIMARY KEY, member_id INTEGER, body TEXT);
             CREATE TABLE barriers (a INTEGER REFERENCES members(id), b INTEGER REFERENCES members(id));
             CREATE TABLE support_services (id INTEGER PRIMARY KEY, body TEXT);
             CREATE TABLE audit (id INTEGER PRIMARY KEY, review_id INTEGER);
             INSERT INTO reviews VALUES (1, ''), (2, ''), (3, '');
             INSERT INTO members VALUES (10, 2, ''), (11, 3, '');",
        )
        .expect("schema");
        watch(&c).expect("watch");
        watch(&c).expect("watching twice does nothing");
        c
    }

    #[test]
    fn notes_the_review_of_each_change_and_forgets_once_taken() {
        let c = conn();
        assert_eq!(take(&c).expect("take"), Changed::default());
        c.execute_batch(
            "UPDATE reviews SET body = 'x' WHERE id = 1;
             INSERT INTO terms VALUES (1, 10, '');
             INSERT INTO barriers VALUES (11, 10);
             INSERT INTO audit VALUES (1, 3);",
        )
        .expect("writes");
        assert_eq!(
            take(&c).expect("take"),
            Changed {
                everything: false,
                reviews: vec![1, 2, 3]
            }
        );
        assert_eq!(take(&c).expect("taken"), Changed::default());
        // A person moved to another review: both are changed.
        c.execute("UPDATE members SET review_id = 1 WHERE id = 11", [])
            .expect("move");
        assert_eq!(take(&c).expect("take").reviews, vec![1, 3]);
        // A deleted review, and a table with no review.
        c.execute("DELETE FROM reviews WHERE id = 3", [])
            .expect("delete");
        c.execute("INSERT INTO support_services VALUES (1, '')", [])
            .expect("directory");
        let changed = take(&c).expect("take");
        assert!(changed.everything);
        assert_eq!(changed.reviews, vec![3]);
    }

    /// Every table of a real workbook but the support directory says which review a
    /// change is in: a new table that does not makes every write read everything again.
    #[test]
    fn every_table_of_a_workbook_names_its_review_but_the_support_directory() {
        let dir = tempfile::tempdir().expect("tmp");
        let store = crate::store::Store::create(
            &dir.path().join("w.kindred"),
            "correct horse battery staple",
            crate::store::Completeness::Complete,
        )
        .expect("workbook");
        let unlinked = watch_tables(store.conn()).expect("watch");
        assert_eq!(unlinked, vec!["support_services".to_string()]);
    }

    #[test]
    fn a_change_rolled_back_is_not_noted() {
        let mut c = conn();
        let tx = c.transaction().expect("tx");
        tx.execute("UPDATE reviews SET body = 'x' WHERE id = 2", [])
            .expect("write");
        tx.rollback().expect("rollback");
        assert_eq!(take(&c).expect("take"), Changed::default());
    }
}
