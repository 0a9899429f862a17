//! Every document Kindred makes is a tagged PDF a screen reader can use (issue 14, item
//! 4). Made through the real binary from the demo workbook, then read back two ways:
//!
//! - our own walk of the structure tree with lopdf: the catalogue says the file is
//!   tagged, has a language, shows its title and claims PDF/UA in its XMP; every piece
//!   of text on every page is either marked content that exactly one structure element
//!   owns (and the parent tree points back to it) or an artifact; headings start at H1
//!   and never skip a level; each language part carries its language;
//! - poppler: `pdfinfo` says "Tagged: yes" and `pdfinfo -struct-text` reads the
//!   document's text back through the structure in reading order; `qpdf --check` passes.

mod util;

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::process::Command;

use lopdf::content::Content;
use lopdf::{Dictionary, Document, Object, ObjectId};
use util::Dir;

/// What the walk found in one document.
#[derive(Debug, Default)]
struct Tree {
    /// Structure types in reading order, with the language in force for each.
    roles: Vec<(String, String)>,
    /// (page object, marked-content id) -> the element that owns it.
    owners: BTreeMap<(ObjectId, i64), ObjectId>,
}

fn name(o: &Object) -> String {
    o.as_name()
        .map(|n| String::from_utf8_lossy(n).into_owned())
        .unwrap_or_default()
}

fn text(o: &Object) -> String {
    match o {
        Object::String(b, _) if b.starts_with(&[0xFE, 0xFF]) => {
            let units: Vec<u16> = b[2..]
                .chunks_exact(2)
                .map(|c| u16::from_be_bytes([c[0], c[1]]))
                .collect();
            String::from_utf16_lossy(&units)
        }
        Object::String(b, _) => String::from_utf8_lossy(b).into_owned(),
        _ => String::new(),
    }
}

fn deref<'a>(doc: &'a Document, o: &'a Object) -> &'a Object {
    match o {
        Object::Reference(id) => doc.get_object(*id).expect("a reference that resolves"),
        o => o,
    }
}

fn walk(doc: &Document, id: ObjectId, parent: ObjectId, lang: &str, tree: &mut Tree, what: &str) {
    let e = doc.get_dictionary(id).expect("a structure element");
    assert_eq!(name(e.get(b"Type").expect("Type")), "StructElem", "{what}");
    let p = e.get(b"P").and_then(Object::as_reference).expect("P");
    assert_eq!(p, parent, "{what}: an element's /P is not its parent");
    let lang = e
        .get(b"Lang")
        .map(text)
        .unwrap_or_else(|_| lang.to_string());
    let role = name(e.get(b"S").expect("S"));
    tree.roles.push((role.clone(), lang.clone()));
    let page = e.get(b"Pg").and_then(Object::as_reference).ok();
    let kids = match e.get(b"K") {
        Ok(Object::Array(a)) => a.clone(),
        Ok(o) => vec![o.clone()],
        Err(_) => Vec::new(),
    };
    assert!(!kids.is_empty(), "{what}: an empty {role} element");
    for kid in kids {
        match kid {
            Object::Integer(mcid) => {
                let page = page.expect("an element with marked content names its page");
                let old = tree.owners.insert((page, mcid), id);
                assert!(old.is_none(), "{what}: marked content {mcid} owned twice");
            }
            Object::Reference(child) => walk(doc, child, id, &lang, tree, what),
            Object::Dictionary(mcr) => {
                assert_eq!(name(mcr.get(b"Type").expect("Type")), "MCR", "{what}");
                let page = mcr.get(b"Pg").and_then(Object::as_reference).expect("Pg");
                let mcid = mcr.get(b"MCID").and_then(Object::as_i64).expect("MCID");
                let old = tree.owners.insert((page, mcid), id);
                assert!(old.is_none(), "{what}: marked content {mcid} owned twice");
            }
            other => panic!("{what}: unexpected kid {other:?}"),
        }
    }
}

fn catalog(doc: &Document) -> &Dictionary {
    doc.catalog().expect("a catalogue")
}

/// Checks one file; returns the structure walked.
fn check_tagged(path: &Path) -> Tree {
    let what = path.display().to_string();
    let doc = Document::load(path).expect("the PDF loads");
    assert_eq!(doc.version, "1.7", "{what}");
    let cat = catalog(&doc);
    let mark = cat
        .get(b"MarkInfo")
        .map(|o| deref(&doc, o))
        .expect("MarkInfo");
    assert_eq!(
        mark.as_dict()
            .and_then(|d| d.get(b"Marked"))
            .and_then(Object::as_bool)
            .ok(),
        Some(true),
        "{what}: not marked as tagged"
    );
    let lang = text(cat.get(b"Lang").expect("the document's language"));
    assert!(lang.len() == 2, "{what}: language {lang:?}");
    let viewer = cat
        .get(b"ViewerPreferences")
        .map(|o| deref(&doc, o))
        .expect("ViewerPreferences");
    assert_eq!(
        viewer
            .as_dict()
            .and_then(|d| d.get(b"DisplayDocTitle"))
            .and_then(Object::as_bool)
            .ok(),
        Some(true),
        "{what}: the title is not shown as the window title"
    );
    // The XMP carries the PDF/UA claim and the same title as the document information.
    let meta = cat
        .get(b"Metadata")
        .and_then(Object::as_reference)
        .expect("Metadata");
    let xmp = doc
        .get_object(meta)
        .and_then(Object::as_stream)
        .expect("XMP stream");
    let xmp = String::from_utf8(xmp.content.clone()).expect("XMP is UTF-8");
    assert!(
        xmp.contains("<pdfuaid:part>1</pdfuaid:part>"),
        "{what}: no PDF/UA claim"
    );
    let info = doc
        .trailer
        .get(b"Info")
        .and_then(Object::as_reference)
        .expect("Info");
    let title = text(
        doc.get_dictionary(info)
            .expect("Info")
            .get(b"Title")
            .expect("Title"),
    );
    assert!(!title.is_empty(), "{what}: no title");
    assert!(
        xmp.contains(&format!(">{title}<")),
        "{what}: XMP title is not {title:?}"
    );

    let root_id = cat
        .get(b"StructTreeRoot")
        .and_then(Object::as_reference)
        .expect("StructTreeRoot");
    let root = doc.get_dictionary(root_id).expect("StructTreeRoot");
    let top = root
        .get(b"K")
        .and_then(Object::as_reference)
        .expect("one Document element");
    let mut tree = Tree::default();
    walk(&doc, top, root_id, &lang, &mut tree, &what);
    assert_eq!(tree.roles[0].0, "Document", "{what}");

    // Every page: every text-showing operator inside marked content, either owned by an
    // element (its id in the parent tree points back to that element) or an artifact.
    let parent_tree = root
        .get(b"ParentTree")
        .map(|o| deref(&doc, o))
        .and_then(Object::as_dict)
        .expect("ParentTree");
    let nums = parent_tree
        .get(b"Nums")
        .and_then(Object::as_array)
        .expect("Nums");
    let mut by_key: BTreeMap<i64, Vec<ObjectId>> = BTreeMap::new();
    for pair in nums.chunks(2) {
        let key = pair[0].as_i64().expect("key");
        let refs = deref(&doc, &pair[1]).as_array().expect("array");
        by_key.insert(
            key,
            refs.iter()
                .map(|r| r.as_reference().expect("ref"))
                .collect(),
        );
    }
    let mut seen: BTreeSet<(ObjectId, i64)> = BTreeSet::new();
    for (_, page_id) in doc.get_pages() {
        let page = doc.get_dictionary(page_id).expect("page");
        let key = page
            .get(b"StructParents")
            .and_then(Object::as_i64)
            .expect("StructParents");
        let owners = by_key
            .get(&key)
            .expect("the page's entry in the parent tree");
        let content =
            Content::decode(&doc.get_page_content(page_id)).expect("the content stream parses");
        // The marked-content stack: Some(mcid) for structure content, None for artifacts.
        let mut stack: Vec<Option<i64>> = Vec::new();
        for op in &content.operations {
            match op.operator.as_str() {
                "BMC" => stack.push(None),
                "BDC" => {
                    let tag = name(&op.operands[0]);
                    let props = op.operands.get(1).and_then(|o| o.as_dict().ok());
                    let mcid = props
                        .and_then(|d| d.get(b"MCID").ok())
                        .and_then(|o| o.as_i64().ok());
                    let actual_text = props.is_some_and(|d| d.has(b"ActualText"));
                    if tag == "Artifact" {
                        stack.push(None);
                    } else if tag == "Span" && actual_text && mcid.is_none() {
                        // The text of the glyphs inside, within an element's content
                        // or an artifact (a footer).
                        let within = stack
                            .last()
                            .copied()
                            .unwrap_or_else(|| panic!("{what}: ActualText outside marked content"));
                        stack.push(within);
                    } else {
                        let mcid = mcid.expect("structure content has an MCID");
                        let owner = tree.owners.get(&(page_id, mcid));
                        assert!(
                            owner.is_some(),
                            "{what}: marked content {mcid} has no element"
                        );
                        assert_eq!(
                            owners.get(mcid as usize),
                            owner,
                            "{what}: parent tree for {mcid}"
                        );
                        assert!(
                            seen.insert((page_id, mcid)),
                            "{what}: MCID {mcid} used twice"
                        );
                        stack.push(Some(mcid));
                    }
                }
                "EMC" => {
                    stack.pop().expect("EMC without BMC/BDC");
                }
                "Tj" | "TJ" | "'" | "\"" | "re" | "S" | "l" => assert!(
                    !stack.is_empty(),
                    "{what}: {} drawn outside marked content",
                    op.operator
                ),
                _ => {}
            }
        }
        assert!(stack.is_empty(), "{what}: marked content left open");
    }
    let owned: BTreeSet<_> = tree.owners.keys().copied().collect();
    assert_eq!(
        owned, seen,
        "{what}: the tree names content the pages do not have"
    );

    // Headings start at H1 and never skip a level.
    let mut last = 0;
    for (role, _) in &tree.roles {
        if let Some(level) = role.strip_prefix('H').and_then(|n| n.parse::<u32>().ok()) {
            assert!(level <= last + 1, "{what}: H{level} after H{last}");
            last = level;
        }
    }
    assert!(last >= 1, "{what}: no heading");

    // poppler agrees.
    let info = Command::new("pdfinfo").arg(path).output().expect("pdfinfo");
    let info = String::from_utf8_lossy(&info.stdout).into_owned();
    assert!(
        info.lines()
            .any(|l| l.starts_with("Tagged:") && l.trim_end().ends_with("yes")),
        "{what}: pdfinfo does not see a tagged file:\n{info}"
    );
    let qpdf = Command::new("qpdf")
        .arg("--check")
        .arg(path)
        .output()
        .expect("qpdf");
    assert!(
        qpdf.status.success(),
        "{what}: qpdf --check: {}",
        String::from_utf8_lossy(&qpdf.stdout)
    );
    tree
}

fn struct_text(path: &Path) -> String {
    let out = Command::new("pdfinfo")
        .arg("-struct-text")
        .arg(path)
        .output()
        .expect("pdfinfo");
    assert!(
        out.status.success(),
        "pdfinfo -struct-text {}",
        path.display()
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn pdfs(dir: &Path) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(dir)
        .expect("dir")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "pdf"))
        .collect();
    v.sort();
    v
}

/// A member of the review who gets documents: approached or taking part, no restriction.
fn involved_member(d: &Dir, review: &str) -> String {
    let members = d.run(&["members", "--review", review, "--json"]).json();
    members
        .as_array()
        .expect("members")
        .iter()
        .find(|m| {
            m["restrictions"].as_array().is_none_or(|r| r.is_empty())
                && !["declined", "withdrew", "not-approached", "to-consider"]
                    .contains(&m["involvement"]["status"].as_str().unwrap_or(""))
        })
        .and_then(|m| m["id"].as_i64())
        .unwrap_or_else(|| panic!("no involved member in {review}"))
        .to_string()
}

#[test]
fn every_sheet_of_the_demo_is_tagged_in_every_version() {
    let d = Dir::new();
    d.run(&["demo"]).ok();
    for variant in [&[][..], &["--large-print"][..], &["--easy-read"][..]] {
        let out = d.path().join(format!(
            "sheets{}",
            variant.len() + variant.first().map_or(0, |v| v.len())
        ));
        let mut args = vec!["sheets", "--all", "--out", out.to_str().expect("utf8")];
        args.extend_from_slice(variant);
        d.run(&args).ok();
        let files = pdfs(&out);
        assert!(files.len() > 5, "{variant:?}: only {} sheets", files.len());
        for f in files {
            let tree = check_tagged(&f);
            for role in ["H1", "H2", "P", "L", "LI", "LBody"] {
                assert!(
                    tree.roles.iter().any(|(r, _)| r == role),
                    "{}: no {role}",
                    f.display()
                );
            }
        }
    }
}

#[test]
fn a_bilingual_sheet_and_form_give_each_part_its_language_in_reading_order() {
    let d = Dir::new();
    d.run(&["demo"]).ok();
    let id = involved_member(&d, "DEMO-WAL-01");
    for (lang, first, second) in [("both", "en", "cy"), ("cy-first", "cy", "en")] {
        for kind in ["sheet", "feedback-form"] {
            let out = d.path().join(format!("{kind}-{lang}.pdf"));
            d.run(&[
                kind,
                "--review",
                "DEMO-WAL-01",
                "--member",
                &id,
                "--lang",
                lang,
                "-o",
                out.to_str().expect("utf8"),
            ])
            .ok();
            let tree = check_tagged(&out);
            let sects: Vec<&str> = tree
                .roles
                .iter()
                .filter(|(r, _)| r == "Sect")
                .map(|(_, l)| l.as_str())
                .collect();
            assert_eq!(sects, vec![first, second], "{kind} --lang {lang}");
            // Read through the structure, the first part's heading comes before the
            // second part's.
            let text = struct_text(&out);
            let h1: Vec<usize> = text.match_indices("H1").map(|(i, _)| i).collect();
            assert!(h1.len() >= 2, "{kind} {lang}: {text}");
            assert!(
                text.contains("Lang") || text.contains(first),
                "{kind} {lang}"
            );
        }
    }
}

/// Right-to-left text is written in the order it is read: a screen reader following the
/// structure tree (here poppler's) reads an Urdu or Arabic sentence as it is written, not
/// letter by letter backwards, and a number inside it stays the right way round.
#[test]
fn right_to_left_passages_read_in_their_own_order_through_the_structure() {
    let d = Dir::new();
    d.run(&["demo"]).ok();
    let id = involved_member(&d, "DEMO-ENG-01");
    // The Arabic with a letter under a tanween (one cluster of two glyphs) and a
    // lam-alef (two clusters drawn at one place in Naskh); the Urdu (Nastaliq) with one.
    for (lang, sentences) in [
        (
            "ur",
            ["یہ پرچہ اردو اور انگریزی میں ہے", "بدسلوکی یا لاپروائی"],
        ),
        (
            "ar",
            ["هذه النشرة باللغتين العربية والإنجليزية", "نحن آسفون جدًا"],
        ),
    ] {
        let out = d.path().join(format!("sheet-{lang}.pdf"));
        d.run(&[
            "sheet",
            "--review",
            "DEMO-ENG-01",
            "--member",
            &id,
            "--lang",
            lang,
            "--draft-ok",
            "-o",
            out.to_str().expect("utf8"),
        ])
        .ok();
        check_tagged(&out);
        let text = struct_text(&out);
        for sentence in sentences {
            let backwards: String = sentence.chars().rev().collect();
            assert!(
                text.contains(sentence),
                "--lang {lang}: the structure does not read {sentence:?} in order:\n{text}"
            );
            assert!(!text.contains(&backwards), "--lang {lang}: read backwards");
            // Read once: the words seen and their unseen copy are not both read.
            assert_eq!(
                text.matches(sentence).count(),
                1,
                "--lang {lang}: {sentence:?} read more than once:\n{text}"
            );
        }
    }
    // Urdu is drawn in Nastaliq, whose words slope down to the line from well above it.
    let fonts = Command::new("pdffonts")
        .arg(d.path().join("sheet-ur.pdf"))
        .output()
        .expect("pdffonts");
    let fonts = String::from_utf8_lossy(&fonts.stdout).into_owned();
    assert!(fonts.contains("NotoNastaliqUrdu"), "{fonts}");
    // Copied text (poppler's, which reads by position) has each word whole, on its
    // line, each letter once and in order: marks after their letters, a lam-alef's lam
    // first, tall Nastaliq words and a name in English among them. It reads the unseen
    // copy of the words, one glyph a character, not the shaped glyphs seen.
    for (lang, words) in [
        (
            "ar",
            &[
                "نحن آسفون جدًا",
                "يُرجى قراءتها",
                "المراجِع عن",
                "العربية والإنجليزية",
            ][..],
        ),
        (
            "ur",
            &[
                "ہم جانتے ہیں کہ یہ آپ کے لیے بہت مشکل وقت",
                "اس میں لکھی کسی بھی بات کے بارے میں",
                "بدسلوکی یا لاپروائی کا کردار تھا",
                "اساتذہ اور پولیس جیسے لوگ ہیں",
            ][..],
        ),
    ] {
        let copied = Command::new("pdftotext")
            .args(["-enc", "UTF-8"])
            .arg(d.path().join(format!("sheet-{lang}.pdf")))
            .arg("-")
            .output()
            .expect("pdftotext");
        let copied = String::from_utf8_lossy(&copied.stdout).into_owned();
        for words in words {
            assert!(
                copied.contains(words),
                "--lang {lang}: pdftotext does not give {words:?} back whole and in order:\n{copied}"
            );
        }
    }
}

/// An Urdu or Arabic letter is laid out right to left, as the sheet is: every line of its
/// own part ends at the right margin, so a line with a name in English inside it reads in
/// order from the right. Its note says which two languages it holds (not Welsh).
#[test]
fn urdu_and_arabic_letters_run_right_to_left() {
    let d = Dir::new();
    d.run(&["demo"]).ok();
    let id = involved_member(&d, "DEMO-ENG-01");
    for (lang, name) in [("ur", "Urdu"), ("ar", "Arabic")] {
        let out = d.path().join(format!("letter-{lang}.pdf"));
        d.run(&[
            "letter",
            "--review",
            "DEMO-ENG-01",
            "--member",
            &id,
            "--kind",
            "first",
            "--lang",
            lang,
            "--draft-ok",
            "-o",
            out.to_str().expect("utf8"),
        ])
        .ok();
        check_tagged(&out);
        let text = struct_text(&out);
        let note = format!("This letter is in {name} and in English.");
        assert!(
            text.contains(&note),
            "--lang {lang}: no note {note:?}:\n{text}"
        );
        assert!(
            !text.contains("in Welsh"),
            "--lang {lang}: a note about Welsh"
        );
        // Each line of the first page with right-to-left letters in it, by its left and
        // right edges (poppler's layout of the page).
        let layout = Command::new("pdftotext")
            .args(["-bbox-layout", "-enc", "UTF-8", "-f", "1", "-l", "1"])
            .arg(&out)
            .arg("-")
            .output()
            .expect("pdftotext");
        let layout = String::from_utf8_lossy(&layout.stdout).into_owned();
        let attr = |tag: &str, key: &str| -> f64 {
            let at = tag.find(&format!("{key}=\"")).expect("attribute") + key.len() + 2;
            tag[at..]
                .split('"')
                .next()
                .and_then(|v| v.parse().ok())
                .expect("a number")
        };
        let mut rtl_lines = Vec::new();
        for line in layout.split("<line ").skip(1) {
            let words = line.split("</line>").next().unwrap_or_default();
            if words
                .chars()
                .any(|c| ('\u{0600}'..='\u{06FF}').contains(&c))
            {
                rtl_lines.push((attr(line, "xMin"), attr(line, "xMax")));
            }
        }
        assert!(
            rtl_lines.len() >= 5,
            "--lang {lang}: right-to-left lines on page 1: {rtl_lines:?}"
        );
        let right = rtl_lines.iter().map(|l| l.1).fold(f64::MIN, f64::max);
        let ragged = rtl_lines.iter().filter(|l| right - l.1 > 2.0).count();
        assert!(
            ragged * 5 <= rtl_lines.len(),
            "--lang {lang}: lines not ending at the right margin ({right:.1}): {rtl_lines:?}"
        );
        // A Latin-script name or value keeps to the part's side: the author's name at the
        // top ends at the right margin, and each contact detail ends beside its label, as
        // the phone number (digits, no direction of their own) does.
        let line_with = |word: &str| -> (f64, f64) {
            let line = layout
                .split("<line ")
                .skip(1)
                .find(|l| l.contains(&format!(">{word}</word>")))
                .unwrap_or_else(|| panic!("--lang {lang}: no line with {word:?}:\n{layout}"));
            (attr(line, "xMin"), attr(line, "xMax"))
        };
        let name = line_with("Morgan");
        assert!(
            right - name.1 < 2.0,
            "--lang {lang}: the author's name ends at {:.1}, not at the right margin ({right:.1})",
            name.1
        );
        let phone = line_with("01632");
        for value in ["alex.morgan@example.org", "5pm"] {
            let at = line_with(value);
            assert!(
                (phone.1 - at.1).abs() < 2.0,
                "--lang {lang}: {value:?} ends at {:.1}, the phone number beside its label at {:.1}",
                at.1,
                phone.1
            );
        }
        // The footer runs right to left too: the page label ("page 1 of 2", its first
        // word furthest right) at the left of the page. Poppler's layout gives each
        // right-to-left letter as a word of its own.
        let footer = layout
            .split("<line ")
            .skip(1)
            .filter(|l| attr(l, "yMin") > 700.0)
            .find(|l| l.contains(">1</word>") && l.contains(">ص</word>"))
            .unwrap_or_else(|| panic!("--lang {lang}: no page label on page 1:\n{layout}"));
        let word_at = |word: &str| -> (f64, f64) {
            let at = footer.find(&format!(">{word}</word>")).expect("the word");
            let tag = &footer[footer[..at].rfind("<word ").expect("its tag")..at];
            (attr(tag, "xMin"), attr(tag, "xMax"))
        };
        let (sad, one) = (word_at("ص"), word_at("1"));
        assert!(
            attr(footer, "xMax") < 200.0 && one.1 < sad.0,
            "--lang {lang}: the page label is not on the left, read from the right: {footer}"
        );
    }
}

#[test]
fn tables_have_row_headers_and_rules_are_artifacts() {
    let d = Dir::new();
    d.run(&["demo"]).ok();
    let id = involved_member(&d, "DEMO-ENG-01");
    let out = d.path().join("s.pdf");
    d.run(&[
        "sheet",
        "--review",
        "DEMO-ENG-01",
        "--member",
        &id,
        "-o",
        out.to_str().expect("utf8"),
    ])
    .ok();
    let tree = check_tagged(&out);
    let roles: Vec<&str> = tree.roles.iter().map(|(r, _)| r.as_str()).collect();
    // Every table row is a header (the label) then a cell (the value).
    for (i, r) in roles.iter().enumerate() {
        if *r == "TR" {
            assert_eq!(&roles[i + 1..i + 3], &["TH", "TD"], "row at {i}");
        }
    }
    assert!(roles.contains(&"Table"));
    let text = struct_text(&out);
    assert!(text.contains("TH") && text.contains("TD"), "{text}");
}

#[test]
fn every_letter_the_demo_allows_is_tagged_with_its_picture_in_easy_read() {
    let d = Dir::new();
    d.run(&["demo"]).ok();
    let id = involved_member(&d, "DEMO-ENG-01");
    let mut made = 0;
    for kind in ["first", "update", "terms", "draft", "publication"] {
        for variant in ["--standard", "--easy-read"] {
            let out = d.path().join(format!("letter-{kind}{variant}.pdf"));
            let run = d.run(&[
                "letter",
                "--review",
                "DEMO-ENG-01",
                "--member",
                &id,
                "--kind",
                kind,
                variant,
                "-o",
                out.to_str().expect("utf8"),
            ]);
            // A letter whose promise is not recorded for this person is refused with the
            // reason (tests/cli_letters.rs); every letter that is made must be tagged.
            if run.code() != 0 {
                assert!(!out.exists(), "{kind}: refused but written");
                continue;
            }
            made += 1;
            let tree = check_tagged(&out);
            let figures = tree.roles.iter().filter(|(r, _)| r == "Figure").count();
            if variant == "--easy-read" {
                assert_eq!(
                    figures, 1,
                    "{kind} easy read: one picture beside the subject"
                );
            } else {
                assert_eq!(figures, 0, "{kind} standard: no pictures");
            }
        }
    }
    assert!(made >= 4, "only {made} letters made");
}

#[test]
fn the_evaluation_report_is_tagged() {
    let d = Dir::new();
    d.run(&["demo"]).ok();
    let out = d.path().join("evaluation.pdf");
    d.run(&["evaluation", "--pdf", "-o", out.to_str().expect("utf8")])
        .ok();
    let tree = check_tagged(&out);
    assert!(
        tree.roles.iter().any(|(r, _)| r == "H1"),
        "{:?}",
        tree.roles
    );
}

#[test]
fn a_welsh_and_english_report_tags_each_part_with_its_language() {
    let d = Dir::new();
    d.run(&["demo"]).ok();
    let out = d.path().join("evaluation-cy.pdf");
    d.run(&[
        "evaluation",
        "--nation",
        "wales",
        "--pdf",
        "-o",
        out.to_str().expect("utf8"),
    ])
    .ok();
    let tree = check_tagged(&out);
    let titles: Vec<&str> = tree
        .roles
        .iter()
        .filter(|(r, _)| r == "H1")
        .map(|(_, lang)| lang.as_str())
        .collect();
    assert_eq!(titles, ["en", "cy"], "{:?}", tree.roles);
}
