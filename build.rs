//! Finds the community-language wording files in assets/wording (pl.toml, ro.toml,
//! ur.toml, pa.toml, bn.toml, ar.toml) and the feedback questions in assets/feedback
//! (same names) and builds them in (`documents::community`), so a new language's wording
//! is data: adding the files is enough.

use std::path::Path;

const COMMUNITY: [&str; 6] = ["pl", "ro", "ur", "pa", "bn", "ar"];

fn main() {
    // Read when the script runs, not when it was compiled (`env!`): a build script kept
    // from a checkout elsewhere (a target folder moved or shared) must look here.
    let root = std::env::var("CARGO_MANIFEST_DIR").expect("CARGO_MANIFEST_DIR");
    let root = Path::new(&root);
    let dir = root.join("assets/wording");
    println!("cargo:rerun-if-changed={}", dir.display());
    let mut out = String::from("static BUNDLED: &[(&str, &str)] = &[\n");
    for code in COMMUNITY {
        let file = dir.join(format!("{code}.toml"));
        println!("cargo:rerun-if-changed={}", file.display());
        if file.is_file() {
            out.push_str(&format!(
                "    ({code:?}, include_str!({:?})),\n",
                file.display().to_string()
            ));
        }
    }
    out.push_str("];\n");
    // The feedback form's questions in each language (assets/feedback/CODE.toml).
    let feedback = root.join("assets/feedback");
    println!("cargo:rerun-if-changed={}", feedback.display());
    out.push_str("static BUNDLED_FEEDBACK: &[(&str, &str)] = &[\n");
    for code in COMMUNITY {
        let file = feedback.join(format!("{code}.toml"));
        println!("cargo:rerun-if-changed={}", file.display());
        if file.is_file() {
            out.push_str(&format!(
                "    ({code:?}, include_str!({:?})),\n",
                file.display().to_string()
            ));
        }
    }
    out.push_str("];\n");
    let dest = Path::new(&std::env::var("OUT_DIR").expect("OUT_DIR")).join("community_wording.rs");
    std::fs::write(dest, out).expect("write community_wording.rs");
}
