//! The author's guide (`docs/guide.md`), built into the program so the desktop app's Help
//! page shows it with no network and no file to find: one text, read the same on GitHub and
//! in the app. Its screenshots live in `ui/help/` (the only folder the webview may load
//! images from) and the guide names them by a path relative to `docs/`, which GitHub follows
//! too; the Help page maps that prefix to `help/`.

/// The guide's Markdown text.
pub const TEXT: &str = include_str!("../docs/guide.md");

/// How the guide names an image the app can show: `../ui/help/NAME.png`.
pub const IMAGE_PREFIX: &str = "../ui/help/";

/// The targets of the guide's images (`![alt](target)`), in order, as written.
pub fn images() -> Vec<&'static str> {
    let mut out = Vec::new();
    let mut rest = TEXT;
    while let Some(start) = rest.find("![") {
        rest = &rest[start + 2..];
        let Some(mid) = rest.find("](") else { break };
        rest = &rest[mid + 2..];
        let Some(end) = rest.find(')') else { break };
        out.push(&rest[..end]);
        rest = &rest[end + 1..];
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    #[test]
    fn every_image_the_guide_shows_exists_where_the_app_can_load_it() {
        let docs = Path::new(env!("CARGO_MANIFEST_DIR")).join("docs");
        let images = images();
        assert!(
            images.len() >= 8,
            "the guide has its screenshots: {images:?}"
        );
        for target in images {
            let name = target
                .strip_prefix(IMAGE_PREFIX)
                .unwrap_or_else(|| panic!("{target} is not under {IMAGE_PREFIX}"));
            assert!(
                !name.is_empty()
                    && name.ends_with(".png")
                    && name[..name.len() - 4]
                        .chars()
                        .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-'),
                "{target}: the Help page loads only plain names such as first-run.png"
            );
            let file = docs.join(target);
            let bytes = std::fs::read(&file)
                .unwrap_or_else(|e| panic!("{target} ({}): {e}", file.display()));
            assert!(bytes.starts_with(b"\x89PNG\r\n\x1a\n"), "{target} is a PNG");
            assert!(
                bytes.len() < 300_000,
                "{target} is small ({} bytes)",
                bytes.len()
            );
        }
    }

    #[test]
    fn the_guides_links_lead_to_its_own_headings() {
        let slugs: Vec<String> = TEXT
            .lines()
            .filter_map(|l| l.strip_prefix("## ").or_else(|| l.strip_prefix("### ")))
            .map(slug)
            .collect();
        let mut rest = TEXT;
        let mut links = 0;
        while let Some(at) = rest.find("](#") {
            rest = &rest[at + 3..];
            let end = rest.find(')').expect("a closed link");
            let target = &rest[..end];
            assert!(
                slugs.iter().any(|s| s == target),
                "no heading for #{target}"
            );
            links += 1;
        }
        assert!(links >= 5, "the guide opens with its contents");
    }

    /// GitHub's heading anchors (and the Help page's): lower case, spaces to hyphens, other
    /// punctuation dropped.
    fn slug(heading: &str) -> String {
        heading
            .trim()
            .to_lowercase()
            .chars()
            .filter_map(|c| match c {
                ' ' => Some('-'),
                c if c.is_alphanumeric() || c == '-' || c == '_' => Some(c),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn the_guide_is_in_plain_words() {
        assert!(TEXT.starts_with("# "), "one title first");
        assert!(TEXT.contains("cannot be recovered"));
        assert!(TEXT.contains("Documents/Kindred/"));
        for word in ["Print", "Open in your PDF viewer", "Show in folder"] {
            assert!(TEXT.contains(&format!("**{word}**")), "{word}");
        }
    }
}
