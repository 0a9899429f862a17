//! Keeping the workbook safe: backups, restore, review bundles, destruction, the
//! passphrase, and the audit trail.

use std::io::IsTerminal;
use std::path::PathBuf;

use kindred::workbook::trust::OldBackups;
use kindred::workbook::Workbook;
use kindred::{Error, Result};

use super::session::env_passphrase;
use super::{db_path, existing, open, passphrase};
use crate::args::TrustCommand;
use crate::output::{json, line};

pub fn run(db: Option<PathBuf>, cmd: TrustCommand) -> Result<()> {
    match cmd {
        TrustCommand::Backup { output } => {
            let wb = open(db)?;
            wb.backup_to(&output)?;
            println!(
                "Wrote an encrypted backup to {}; it opens with this workbook's passphrase",
                output.display()
            );
        }
        TrustCommand::Backups { json: as_json } => {
            let list = kindred::workbook::trust::backups(&db_path(db)?)?;
            if as_json {
                json(&list)?;
            } else {
                for b in &list {
                    let path = b.path.display().to_string();
                    line(&[&b.made_at, &b.kind, &b.bytes.to_string(), &path]);
                }
            }
        }
        TrustCommand::Restore { file } => {
            let path = db_path(db)?;
            let pass = kindred::secret::Secret::from_string(passphrase(false)?);
            let r =
                kindred::workbook::trust::restore(&file, &path, pass.expose()).map_err(|e| {
                    Error::Io(kindred::workbook::trust::describe_restore_error(&file, &e))
                })?;
            println!(
                "Restored {} into {} ({} reviews)",
                file.display(),
                path.display(),
                r.reviews
            );
            if let Some(kept) = &r.replaced_kept_as {
                println!("The workbook it replaced was kept as {}", kept.display());
            }
        }
        TrustCommand::Export {
            review,
            output,
            force,
        } => {
            let wb = open(db)?;
            let bytes = wb.export_review_json(&review)?;
            wb.write_file(&output, &bytes, existing(force))?;
            eprintln!(
                "warning: {} is NOT encrypted: it holds this review's personal data in plain text. \
                 Keep it on encrypted storage only, and delete it once it has been imported.",
                output.display()
            );
            println!("Exported {review} to {}", output.display());
        }
        TrustCommand::Import { file, reference } => {
            let bytes = kindred::workbook::trust::read_bundle_file(&file)?;
            let mut wb = open(db)?;
            let r = wb.import_bundle(&bytes, reference.as_deref())?;
            println!(
                "Imported review {} as {} ({} people, {} contacts)",
                r.reference, r.review_id, r.counts.members, r.counts.contacts
            );
        }
        TrustCommand::Destroy {
            review,
            yes_destroy_permanently,
        } => {
            let mut wb = open(db)?;
            let r = wb.review(&review)?;
            if !yes_destroy_permanently {
                return Err(Error::invalid(
                    "yes_destroy_permanently",
                    format!(
                        "this destroys review {} and everything recorded in it, for good; \
                         to go ahead, add --yes-destroy-permanently",
                        r.reference
                    ),
                ));
            }
            let d = wb.destroy_review(&review)?;
            println!(
                "Destroyed review {}: {} records and {} audit lines removed; one audit line records the destruction",
                d.reference,
                d.rows.values().sum::<i64>(),
                d.audit_lines_removed
            );
            println!(
                "{} older automatic backups that held it were deleted",
                d.old_backups_removed
            );
            if let Some(e) = &d.fresh_backup_error {
                eprintln!(
                    "warning: no new automatic backup could be made ({e}); run kindred backup"
                );
            }
            if !d.log_emptied {
                eprintln!("warning: another Kindred window kept the write-ahead log from being emptied; close it and run this again");
            }
            eprintln!("Copies made outside Kindred (kindred backup -o, exported bundles, printed sheets) are not touched: destroy those too.");
        }
        TrustCommand::Passphrase { old_backups } => {
            let how = kindred::workbook::trust::old_backups_choice(Some(&old_backups))?;
            let path = db_path(db)?;
            if !path.exists() {
                return Err(Error::NoWorkbook(path.display().to_string()));
            }
            let old = kindred::secret::Secret::from_string(passphrase(false)?);
            let mut wb = Workbook::open(&path, old.expose())?;
            let new = match env_passphrase("KINDRED_NEW_PASSPHRASE")? {
                Some(p) => p,
                None if std::io::stdin().is_terminal() => {
                    let read = |prompt: &str| {
                        rpassword::prompt_password(prompt).map_err(|e| {
                            Error::Passphrase(format!("could not read the passphrase: {e}"))
                        })
                    };
                    let p = read("New passphrase: ")?;
                    if read("Type it again: ")? != p {
                        return Err(Error::Passphrase(
                            "the two passphrases differ; the passphrase was not changed".into(),
                        ));
                    }
                    p
                }
                None => {
                    return Err(Error::Passphrase(
                        "no new passphrase: set KINDRED_NEW_PASSPHRASE or run on a terminal".into(),
                    ))
                }
            };
            let new = kindred::secret::Secret::from_string(new);
            let kept = wb.change_passphrase(new.expose())?;
            println!("The passphrase was changed; the workbook now opens only with the new one.");
            let done = wb.retire_old_backups(old.expose(), how)?;
            match how {
                OldBackups::Keep => println!(
                    "Backups made before now still open with the old passphrase, including {}. \
                     If someone else may know the old passphrase, delete those backups, or \
                     change it again with --old-backups rekey.",
                    kept.display()
                ),
                OldBackups::Rekey => println!(
                    "{} automatic backups that opened with the old passphrase now open only with \
                     the new one.",
                    done.rekeyed
                ),
                OldBackups::Delete => println!(
                    "{} automatic backups that opened with the old passphrase were deleted.",
                    done.deleted
                ),
            }
            if how != OldBackups::Keep {
                eprintln!("Copies made outside Kindred (kindred backup -o) still open with the old passphrase: re-key or delete those yourself.");
            }
        }
        TrustCommand::Audit {
            review,
            json: as_json,
        } => {
            let wb = open(db)?;
            let entries = wb.audit(review.as_deref())?;
            if as_json {
                json(&entries)?;
            } else {
                for e in entries {
                    line(&[&e.at, &e.actor, &e.entity, &e.entity_id, &e.action]);
                    for change in audit_changes(e.old.as_ref(), e.new.as_ref()) {
                        println!("\t{change}");
                    }
                }
            }
        }
    }
    Ok(())
}

/// What an audit line changed, one line per field: `field: old -> new` for an update (only
/// the fields that differ), `new: {...}` for a creation, `old: {...}` for a removal.
fn audit_changes(old: Option<&serde_json::Value>, new: Option<&serde_json::Value>) -> Vec<String> {
    match (old, new) {
        (Some(serde_json::Value::Object(o)), Some(serde_json::Value::Object(n))) => {
            let mut keys: Vec<&String> = o.keys().chain(n.keys()).collect();
            keys.sort();
            keys.dedup();
            keys.into_iter()
                .filter(|k| o.get(*k) != n.get(*k))
                .map(|k| {
                    let show = |v: Option<&serde_json::Value>| {
                        v.map_or_else(|| "(none)".to_string(), |v| v.to_string())
                    };
                    format!("{k}: {} -> {}", show(o.get(k)), show(n.get(k)))
                })
                .collect()
        }
        (Some(o), Some(n)) if o != n => vec![format!("{o} -> {n}")],
        (Some(_), Some(_)) => Vec::new(),
        (None, Some(n)) => vec![format!("new: {n}")],
        (Some(o), None) => vec![format!("old: {o}")],
        (None, None) => Vec::new(),
    }
}
