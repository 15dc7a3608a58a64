//! `--format text`: the side-by-side layout, readable at 80 and 160 columns, with or without
//! colour.

use unicode_width::UnicodeWidthStr;

use crate::util::{article, diptych, stdout};

#[test]
fn lines_fit_the_width_and_both_titles_show() {
    for width in ["80", "160"] {
        let out = diptych(&[
            "align",
            &article("000"),
            &article("002"),
            "--format",
            "text",
            "--width",
            width,
            "--color",
            "never",
        ]);
        assert!(out.status.success());
        let text = stdout(&out);
        let w: usize = width.parse().expect("width");
        for line in text.lines() {
            assert!(
                UnicodeWidthStr::width(line) <= w,
                "{} > {w}: {line}",
                UnicodeWidthStr::width(line)
            );
        }
        assert!(
            text.lines().next().is_some_and(
                |l| l.starts_with("Lavrov: North Korea") && l.contains("Russia’s Lavrov")
            )
        );
        assert!(text.contains(" changed · "), "summary line");
        assert!(!text.contains('\x1b'), "no colour when asked for none");
    }
}

#[test]
fn without_colour_differences_are_marked_in_text() {
    let out = diptych(&[
        "align",
        &article("000"),
        &article("002"),
        "--format",
        "text",
        "--color",
        "never",
    ]);
    let text = stdout(&out);
    assert!(
        text.contains("[-") && text.contains("{+"),
        "wdiff-style markers"
    );
    // The 14,000 soldiers sentence pair: the wording around the shared figure differs.
    assert!(text.contains("{+intelligence+}"), "{text}");
}

#[test]
fn colour_when_asked() {
    let out = diptych(&[
        "align",
        &article("000"),
        &article("002"),
        "--format",
        "text",
        "--color",
        "always",
    ]);
    let text = stdout(&out);
    assert!(text.contains("\x1b[32;1m") && text.contains("\x1b[31;9m"));
    assert!(
        !text.contains("{+"),
        "no text markers when colour shows the difference"
    );
}

#[test]
fn the_reader_command_without_arguments_shows_the_bundled_pair() {
    let out = diptych(&[]);
    assert!(out.status.success());
    let text = stdout(&out);
    assert!(text.contains("Lavrov") && text.contains("14,000"));
}

#[test]
fn a_closing_quote_after_a_space_stays_with_its_sentence() {
    // German dialogue in the DEplain-web style: „…! “ closes the quotation after a space.
    let dir = tempfile::tempdir().expect("dir");
    let left = dir.path().join("left.txt");
    let right = dir.path().join("right.txt");
    std::fs::write(
        &left,
        "Da kam Boas von Betlehem her. Er sagte zu den Schnittern: „Gott ist mit euch! “ Und \
         Boas fragte seinen Jungen nach dem Mädchen auf dem Feld.\n",
    )
    .expect("write");
    std::fs::write(
        &right,
        "Da kam Boas aus Betlehem. Er sagte zu den Arbeitern: „Gott ist bei euch!“ Und Boas \
         fragte seinen Jungen nach dem Mädchen auf dem Feld.\n",
    )
    .expect("write");
    let (l, r) = (left.to_string_lossy(), right.to_string_lossy());
    let out = diptych(&["align", &l, &r, "--format", "json"]);
    let v: serde_json::Value = serde_json::from_str(&stdout(&out)).expect("JSON");
    let texts: Vec<&str> = v["left"]["sentences"]
        .as_array()
        .expect("sentences")
        .iter()
        .filter_map(|s| s["text"].as_str())
        .collect();
    assert_eq!(
        texts,
        [
            "Da kam Boas von Betlehem her.",
            "Er sagte zu den Schnittern: „Gott ist mit euch! “",
            "Und Boas fragte seinen Jungen nach dem Mädchen auf dem Feld."
        ]
    );
    // Both sides close the quotation: no quote mark is shown as removed or added.
    let out = diptych(&[
        "align", &l, &r, "--format", "text", "--width", "120", "--color", "never",
    ]);
    let text = stdout(&out);
    assert!(!text.contains("[-“") && !text.contains("{+“"), "{text}");
    assert!(
        text.lines()
            .any(|line| line.contains("Und Boas fragte") && line.contains(" = ")),
        "{text}"
    );
}
