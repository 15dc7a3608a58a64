use super::corrections::apply;
use super::*;
use crate::align::{AlignOptions, Alignment, align};
use crate::layout::passages;
use crate::load::{LoadOptions, load_bytes};

fn doc(t: &str) -> Document {
    load_bytes("t.txt", t.as_bytes(), &LoadOptions::default()).expect("doc")
}

const LEFT: &str = "The summit opened in the harbour city on Monday.\n\
Around 14,000 soldiers were sent to the region last year.\n\
The foreign minister arrived by train from the capital.\n\
Talks on energy prices ran late into the night.\n";
const RIGHT: &str = "The summit opened on Monday in the harbour city.\n\
An estimated 11,000 soldiers were sent to the region.\n\
Observers expect a joint statement on Friday.\n\
Talks on energy prices ran late into the night.\n";

fn units_of(l: &Document, r: &Document, a: &Alignment) -> Vec<(Unit, bool)> {
    units(&passages(l, r, a), a)
}

fn review_of(store: ReviewStore, l: &Document, r: &Document) -> (Review, Vec<(Unit, bool)>) {
    let a = align(l, r, &AlignOptions::default());
    let us = units_of(l, r, &a);
    (Review::attach(store, l, r, &us), us)
}

fn unit_with(us: &[(Unit, bool)], l: &Document, needle: &str) -> Unit {
    us.iter()
        .map(|(u, _)| u.clone())
        .find(|u| {
            u.left
                .clone()
                .any(|i| l.sentences.at(i).text.contains(needle))
        })
        .expect("unit")
}

fn empty_store() -> ReviewStore {
    ReviewStore::new(ArticleId::default(), ArticleId::default())
}

#[test]
fn statuses_and_notes_attach_again_to_the_same_passages() {
    let (l, r) = (doc(LEFT), doc(RIGHT));
    let (mut review, us) = review_of(empty_store(), &l, &r);
    let soldiers = unit_with(&us, &l, "14,000");
    let minister = unit_with(&us, &l, "minister");
    assert!(review.set_status(&soldiers, Status::Flagged, &l, &r));
    assert!(review.set_note(&soldiers, "14,000 or 11,000?\nCheck the ministry.", &l, &r));
    assert!(review.set_status(&minister, Status::Reviewed, &l, &r));
    assert!(
        !review.set_status(&minister, Status::Reviewed, &l, &r),
        "no change"
    );
    let p = review.progress(&us);
    assert_eq!(
        (p.reviewed, p.flagged, p.notes, p.orphaned),
        (1, 1, 1, 0),
        "a flag is counted apart from a review"
    );

    let (again, _) = review_of(review.store().clone(), &l, &r);
    assert_eq!(again.status(&soldiers), Status::Flagged);
    assert_eq!(
        again.note(&soldiers),
        Some("14,000 or 11,000?\nCheck the ministry.")
    );
    assert_eq!(again.status(&minister), Status::Reviewed);
    assert_eq!(again.followed(), 0);
}

#[test]
fn clearing_a_passage_removes_its_entry() {
    let (l, r) = (doc(LEFT), doc(RIGHT));
    let (mut review, us) = review_of(empty_store(), &l, &r);
    let u = unit_with(&us, &l, "minister");
    review.set_status(&u, Status::Reviewed, &l, &r);
    review.set_status(&u, Status::Unreviewed, &l, &r);
    assert!(review.store().entries.is_empty());
}

#[test]
fn after_an_edit_notes_follow_their_passages_and_a_lost_one_is_kept_as_orphaned() {
    let (l, r) = (doc(LEFT), doc(RIGHT));
    let (mut review, us) = review_of(empty_store(), &l, &r);
    let soldiers = unit_with(&us, &l, "14,000");
    let minister = unit_with(&us, &l, "minister");
    let talks = unit_with(&us, &l, "energy");
    review.set_note(&soldiers, "numbers differ", &l, &r);
    review.set_note(&minister, "who is this?", &l, &r);
    review.set_status(&talks, Status::Reviewed, &l, &r);
    let saved = review.store().clone();

    // The left article is edited: the soldiers sentence reworded a little, the minister
    // sentence deleted, a new sentence at the top.
    let edited = doc(&LEFT
        .replace("last year", "last spring")
        .replace(
            "The foreign minister arrived by train from the capital.\n",
            "",
        )
        .replace("The summit", "Breaking news from the coast.\nThe summit"));
    let (moved, us2) = review_of(saved, &edited, &r);
    let soldiers2 = unit_with(&us2, &edited, "14,000");
    assert_eq!(moved.note(&soldiers2), Some("numbers differ"));
    assert_eq!(
        moved.status(&unit_with(&us2, &edited, "energy")),
        Status::Reviewed
    );
    assert_eq!(
        moved.followed(),
        1,
        "the soldiers note followed an edited sentence"
    );
    let orphans: Vec<&Entry> = moved.orphaned().collect();
    assert_eq!(orphans.len(), 1);
    assert_eq!(orphans[0].note, "who is this?");
    assert_eq!(moved.progress(&us2).orphaned, 1);
    // Saving keeps the orphan.
    assert!(
        moved
            .store()
            .entries
            .iter()
            .any(|e| e.note == "who is this?")
    );
}

#[test]
fn entries_landing_on_one_passage_are_merged_not_lost() {
    let (l, r) = (doc(LEFT), doc(RIGHT));
    let (_, us) = review_of(empty_store(), &l, &r);
    let u = unit_with(&us, &l, "14,000");
    let (lt, rt) = u.texts(&l, &r);
    let mut store = empty_store();
    store.entries.push(Entry {
        left: lt.clone(),
        right: vec![],
        status: Status::Reviewed,
        note: "first".into(),
    });
    store.entries.push(Entry {
        left: vec![],
        right: rt,
        status: Status::Flagged,
        note: "second".into(),
    });
    let (review, _) = review_of(store, &l, &r);
    assert_eq!(review.status(&u), Status::Flagged);
    assert_eq!(review.note(&u), Some("first\n\nsecond"));
}

#[test]
fn hand_links_and_broken_links_apply_to_a_fresh_alignment() {
    let (l, r) = (doc(LEFT), doc(RIGHT));
    let engine = align(&l, &r, &AlignOptions::default());
    let linked = |a: &Alignment, i: usize, j: usize| {
        a.links
            .iter()
            .any(|x| x.left.contains(&i) && x.right.contains(&j))
    };
    assert!(linked(&engine, 0, 0), "the engine links the openings");
    assert!(
        !linked(&engine, 2, 2),
        "minister and observers are different"
    );
    let text = |d: &Document, i: usize| vec![d.sentences.at(i).text.to_string()];
    let corrections = vec![
        Correction {
            action: CorrectionKind::Unlink,
            left: text(&l, 0),
            right: text(&r, 0),
        },
        Correction {
            action: CorrectionKind::Link,
            left: text(&l, 2),
            right: text(&r, 2),
        },
        Correction {
            action: CorrectionKind::Link,
            left: vec!["A sentence no article has.".into()],
            right: text(&r, 1),
        },
    ];
    let out = apply(&engine, &l, &r, &corrections);
    assert!(!linked(&out.alignment, 0, 0));
    assert!(linked(&out.alignment, 2, 2));
    let hand = out
        .alignment
        .links
        .iter()
        .find(|x| x.left == vec![2])
        .expect("hand link");
    assert!(hand.manual);
    assert_eq!(hand.kind, crate::align::LinkKind::Changed);
    assert_eq!(
        out.stale,
        vec![2],
        "a correction whose text is gone is reported"
    );
    // The layout's invariants hold: every sentence shown once per side, in order.
    let ps = passages(&l, &r, &out.alignment);
    let lefts: Vec<usize> = ps.iter().flat_map(|p| p.left.clone()).collect();
    assert_eq!(lefts, (0..l.sentences.len()).collect::<Vec<_>>());
}

#[test]
fn a_hand_link_across_the_reading_order_is_a_move() {
    let (l, r) = (doc(LEFT), doc(RIGHT));
    let mut a = align(&l, &r, &AlignOptions::default());
    corrections::link(&mut a, &l, &r, 0..1, 3..4);
    let hand = a.links.iter().find(|x| x.manual).expect("hand link");
    assert_eq!(hand.kind, crate::align::LinkKind::Moved);
    let ps = passages(&l, &r, &a);
    let rights: Vec<usize> = ps.iter().flat_map(|p| p.right.clone()).collect();
    assert_eq!(rights, (0..r.sentences.len()).collect::<Vec<_>>());
}

fn linked(a: &Alignment, l: &[usize], r: &[usize]) -> bool {
    a.links.iter().any(|x| x.left == l && x.right == r)
}

fn texts(d: &Document, range: std::ops::Range<usize>) -> Vec<String> {
    d.sentences
        .range(range)
        .map(|s| s.text.to_string())
        .collect()
}

#[test]
fn taking_one_sentence_out_of_a_link_leaves_the_rest_linked() {
    let (l, r) = (doc(LEFT), doc(RIGHT));
    let engine = align(&l, &r, &AlignOptions::default());
    let corrections = vec![
        // A two-sentence left side: the soldiers and the minister against the soldiers.
        Correction {
            action: CorrectionKind::Link,
            left: texts(&l, 1..3),
            right: texts(&r, 1..2),
        },
        // Then the minister taken out again, on the left only.
        Correction {
            action: CorrectionKind::Unlink,
            left: texts(&l, 2..3),
            right: vec![],
        },
    ];
    let out = apply(&engine, &l, &r, &corrections);
    assert!(out.stale.is_empty(), "{:?}", out.stale);
    assert!(
        linked(&out.alignment, &[1], &[1]),
        "the soldiers stay linked"
    );
    assert!(
        !out.alignment.links.iter().any(|x| x.left.contains(&2)),
        "the minister is on its own"
    );
    let ps = passages(&l, &r, &out.alignment);
    let lefts: Vec<usize> = ps.iter().flat_map(|p| p.left.clone()).collect();
    assert_eq!(lefts, (0..l.sentences.len()).collect::<Vec<_>>());

    // Linking one sentence of a link elsewhere leaves its partner linked as well.
    let mut a = out.alignment.clone();
    corrections::link(&mut a, &l, &r, 1..3, 1..2);
    corrections::link(&mut a, &l, &r, 2..3, 2..3);
    assert!(
        linked(&a, &[1], &[1]) && linked(&a, &[2], &[2]),
        "{:?}",
        a.links
    );

    // A sentence out of the middle would split the side: the link is broken instead.
    let mut a = engine.clone();
    corrections::link(&mut a, &l, &r, 0..3, 0..1);
    assert!(corrections::take_out(&mut a, &l, &r, &(1..2), &(0..0)));
    assert!(
        !a.links
            .iter()
            .any(|x| x.left.contains(&0) || x.left.contains(&2))
    );
    // Nothing holds a one-sided sentence: nothing to take out, and the correction is stale.
    let stale = apply(
        &engine,
        &l,
        &r,
        &[Correction {
            action: CorrectionKind::Unlink,
            left: texts(&l, 2..3),
            right: vec![],
        }],
    );
    assert_eq!(stale.stale, vec![0]);
}

#[test]
fn progress_reads_as_the_status_line_shows_it() {
    let p = Progress {
        differences: 5,
        reviewed: 3,
        flagged: 1,
        notes: 2,
        orphaned: 0,
    };
    assert_eq!(p.to_string(), "3 of 5 differences reviewed · 1 flagged");
    let orphaned = Progress { orphaned: 2, ..p };
    assert_eq!(
        orphaned.to_string(),
        "3 of 5 differences reviewed · 1 flagged · 2 orphaned"
    );
}

#[test]
fn the_position_is_kept_and_a_change_is_told() {
    let (l, r) = (doc(LEFT), doc(RIGHT));
    let (mut review, us) = review_of(empty_store(), &l, &r);
    assert_eq!(review.position(), None);
    let at = Position {
        left: Some(l.sentences.at(1).text.to_string()),
        right: None,
    };
    assert!(review.set_position(Some(at.clone())));
    assert!(!review.set_position(Some(at.clone())), "the same place");
    assert_eq!(review.position(), Some(&at));
    assert_eq!(review.store().position.as_ref(), Some(&at));

    // Progress recorded for listings, and corrections kept for the next opening.
    let u = unit_with(&us, &l, "14,000");
    review.set_status(&u, Status::Reviewed, &l, &r);
    review.record_progress(&us);
    assert_eq!(
        review.store().progress.map(|p| p.reviewed),
        Some(1),
        "{:?}",
        review.store().progress
    );
    let c = Correction {
        action: CorrectionKind::Link,
        left: texts(&l, 2..3),
        right: texts(&r, 2..3),
    };
    review.correct(c.clone());
    assert_eq!(review.store().corrections, vec![c]);
}

#[test]
fn progress_counts_only_differing_passages_and_notes_anywhere() {
    let (l, r) = (doc(LEFT), doc(RIGHT));
    let (mut review, us) = review_of(empty_store(), &l, &r);
    let differing = us.iter().filter(|(_, d)| *d).count();
    let same = us
        .iter()
        .find(|(_, d)| !*d)
        .map(|(u, _)| u.clone())
        .expect("an equal passage");
    review.set_status(&same, Status::Reviewed, &l, &r);
    review.set_note(&same, "fine", &l, &r);
    let p = review.progress(&us);
    assert_eq!(
        (p.differences, p.reviewed, p.notes),
        (differing, 0, 1),
        "an equal passage is no difference to review, but its note counts"
    );
}

#[test]
fn a_reopened_review_counts_corrections_whose_text_is_gone() {
    let (l, r) = (doc(LEFT), doc(RIGHT));
    let engine = std::sync::Arc::new(align(&l, &r, &AlignOptions::default()));
    let mut store = empty_store();
    store.correct(Correction {
        action: CorrectionKind::Link,
        left: vec!["A sentence no article has.".into()],
        right: texts(&r, 1..2),
    });
    let (review, _, _) = Review::open(store, &engine, &l, &r);
    assert_eq!(review.stale_corrections(), 1);
    let (clean, shown, _) = Review::open(empty_store(), &engine, &l, &r);
    assert_eq!(clean.stale_corrections(), 0);
    // Without corrections the alignment shown is the engine's, not a copy of it (a book's is
    // hundreds of megabytes).
    assert!(std::sync::Arc::ptr_eq(&shown, &engine));
}

#[test]
fn a_note_on_a_link_takes_both_sides_new_text_after_an_edit() {
    let (l, r) = (doc(LEFT), doc(RIGHT));
    let (mut review, us) = review_of(empty_store(), &l, &r);
    let soldiers = unit_with(&us, &l, "14,000");
    review.set_note(&soldiers, "numbers differ", &l, &r);
    let edited = doc(&RIGHT.replace("to the region", "into the region"));
    let (moved, us2) = review_of(review.store().clone(), &l, &edited);
    let entry = moved.entry(&unit_with(&us2, &l, "14,000")).expect("entry");
    assert_eq!(
        entry.right,
        vec!["An estimated 11,000 soldiers were sent into the region.".to_string()]
    );
    assert_eq!(entry.left, texts(&l, 1..2));
}

#[test]
fn progress_is_counted_for_the_passages_asked_about() {
    let (l, r) = (doc(LEFT), doc(RIGHT));
    let (review, us) = review_of(empty_store(), &l, &r);
    let all = review.progress(&us);
    let fewer: Vec<(Unit, bool)> = us.iter().filter(|(_, d)| *d).skip(1).cloned().collect();
    assert_eq!(review.progress(&fewer).differences, all.differences - 1);
    assert_eq!(review.progress(&us), all);
}

#[test]
fn a_right_sentence_taken_out_alone_leaves_its_link() {
    let (l, r) = (doc(LEFT), doc(RIGHT));
    let engine = align(&l, &r, &AlignOptions::default());
    assert!(linked(&engine, &[1], &[1]));
    let out = apply(
        &engine,
        &l,
        &r,
        &[Correction {
            action: CorrectionKind::Unlink,
            left: vec![],
            right: texts(&r, 1..2),
        }],
    );
    assert!(out.stale.is_empty(), "{:?}", out.stale);
    assert!(!out.alignment.links.iter().any(|x| x.right.contains(&1)));
}

#[test]
fn a_note_on_an_edited_one_sided_sentence_follows_it_and_takes_its_new_text() {
    let (l, r) = (doc(LEFT), doc(RIGHT));
    let (mut review, us) = review_of(empty_store(), &l, &r);
    let minister = unit_with(&us, &l, "minister");
    review.set_note(&minister, "who is this?", &l, &r);
    let edited = doc(&LEFT.replace("by train", "by plane"));
    let (moved, us2) = review_of(review.store().clone(), &edited, &r);
    let minister2 = unit_with(&us2, &edited, "minister");
    assert_eq!(moved.note(&minister2), Some("who is this?"));
    assert_eq!(moved.followed(), 1);
    let entry = moved.entry(&minister2).expect("entry");
    assert_eq!(
        entry.left,
        vec!["The foreign minister arrived by plane from the capital.".to_string()],
        "the entry now holds the passage's text as it reads"
    );
}

#[test]
fn links_by_hand_need_both_sides_and_unlinks_need_the_very_link() {
    let (l, r) = (doc(LEFT), doc(RIGHT));
    let engine = align(&l, &r, &AlignOptions::default());
    assert!(linked(&engine, &[0], &[0]) && linked(&engine, &[1], &[1]));
    let out = apply(
        &engine,
        &l,
        &r,
        &[
            // A link with one side empty links nothing.
            Correction {
                action: CorrectionKind::Link,
                left: texts(&l, 2..3),
                right: vec![],
            },
            // Left 0 and right 1 are each linked, but not to each other.
            Correction {
                action: CorrectionKind::Unlink,
                left: texts(&l, 0..1),
                right: texts(&r, 1..2),
            },
        ],
    );
    assert_eq!(out.stale, vec![0, 1]);
    assert_eq!(out.alignment.links, engine.links);
}

#[test]
fn taking_the_last_sentence_out_of_a_three_sentence_side_keeps_the_other_two() {
    let (l, r) = (doc(LEFT), doc(RIGHT));
    let mut a = align(&l, &r, &AlignOptions::default());
    corrections::link(&mut a, &l, &r, 0..3, 0..1);
    assert!(corrections::take_out(&mut a, &l, &r, &(2..3), &(0..0)));
    assert!(linked(&a, &[0, 1], &[0]), "{:?}", a.links);
}

#[test]
fn a_link_by_hand_measures_its_words() {
    let (l, r) = (doc(LEFT), doc(RIGHT));
    let mut a = align(&l, &r, &AlignOptions::default());
    corrections::link(&mut a, &l, &r, 2..3, 2..3);
    let hand = a.links.iter().find(|x| x.manual).expect("hand link");
    // Two different sentences sharing "the": some overlap, far from all, in thousandths.
    assert!(
        hand.similarity > 0.0 && hand.similarity < 0.5,
        "{}",
        hand.similarity
    );
    let thousandths = hand.similarity * 1000.0;
    assert!((thousandths - thousandths.round()).abs() < 1e-3);
    corrections::link(&mut a, &l, &r, 3..4, 3..4);
    let same = a.links.iter().find(|x| x.left == vec![3]).expect("link");
    assert_eq!(same.kind, crate::align::LinkKind::Equal);
    assert_eq!(same.similarity, 1.0);
}

#[test]
fn an_entry_whose_sentences_are_mostly_gone_is_orphaned_not_placed() {
    let (l, r) = (doc(LEFT), doc(RIGHT));
    let mut store = empty_store();
    let mut left = texts(&l, 3..4);
    left.extend((0..4).map(|k| format!("Gone sentence number {k} about nothing here.")));
    store.entries.push(Entry {
        left,
        right: vec![],
        status: Status::Reviewed,
        note: "one in five found".into(),
    });
    let (review, _) = review_of(store, &l, &r);
    assert_eq!(review.orphaned().count(), 1);
}
