//! The Rust encoder against reference vectors made once with the Python package
//! (`tests/fixtures/encoder/make_reference.py`).

use std::ops::Range;

use serde::Deserialize;

use super::*;
use crate::align::meaning::cosine;

#[derive(Deserialize)]
struct Reference {
    texts: Vec<Text>,
    joined: Vec<Joined>,
}

#[derive(Deserialize)]
struct Text {
    text: String,
    ids: Vec<u32>,
    vector: Vec<f32>,
}

#[derive(Deserialize)]
struct Joined {
    members: Vec<usize>,
    vector: Vec<f32>,
}

fn reference() -> Reference {
    fixture("usem3_reference.json")
}

/// A file of `tests/fixtures/encoder` made by one of its scripts.
fn fixture<T: serde::de::DeserializeOwned>(name: &str) -> T {
    let path = format!(
        "{}/tests/fixtures/encoder/{name}",
        env!("CARGO_MANIFEST_DIR")
    );
    let text = std::fs::read_to_string(&path).expect("fixture file");
    serde_json::from_str(&text).expect("fixture json")
}

fn model() -> Usem3 {
    Usem3::builtin().expect("the built-in weights open")
}

fn unit(v: &[f32]) -> Vec<f32> {
    let n = v.iter().map(|x| x * x).sum::<f32>().sqrt();
    v.iter().map(|x| x / n).collect()
}

#[test]
fn tokens_are_those_of_the_python_package() {
    let (m, r) = (model(), reference());
    for t in &r.texts {
        assert_eq!(m.tokens(&t.text), t.ids, "tokens of {:?}", t.text);
    }
}

#[test]
fn vectors_match_the_python_package() {
    let (m, r) = (model(), reference());
    let texts: Vec<&str> = r.texts.iter().map(|t| t.text.as_str()).collect();
    let v = m.encode(&texts);
    let mut lowest = f32::INFINITY;
    for (i, t) in r.texts.iter().enumerate() {
        let c = cosine(v.row(i), &unit(&t.vector));
        assert!(c >= 0.99999, "cosine {c} for {:?}", t.text);
        // Unit vectors, which `cosine` takes them to be (a longer one would score higher).
        let norm = cosine(v.row(i), v.row(i)).sqrt();
        assert!((norm - 1.0).abs() < 1e-5, "norm {norm} for {:?}", t.text);
        lowest = lowest.min(c);
    }
    println!("lowest cosine against the Python package: {lowest}");
}

#[test]
fn a_run_is_embedded_as_its_joined_text() {
    let (m, r) = (model(), reference());
    let texts: Vec<&str> = r.texts.iter().map(|t| t.text.as_str()).collect();
    // Runs over a document made of the members in order.
    for j in &r.joined {
        let doc: Vec<&str> = j.members.iter().map(|&i| texts[i]).collect();
        let runs: Vec<Range<usize>> = vec![0..doc.len(), 0..1, 1..doc.len()];
        let v = m.embed_runs(&doc, &runs, &crate::progress::Progress::new());
        let c = cosine(v.row(0), &unit(&j.vector));
        assert!(c >= 0.99999, "cosine {c} for run {:?}", j.members);
        // The parts agree with the same texts embedded alone.
        let alone = m.encode(&[doc[0]]);
        assert!(cosine(v.row(1), alone.row(0)) > 0.99999);
        let joined_text = doc.join(" ");
        let direct = m.encode(&[&joined_text]);
        assert!(
            cosine(v.row(0), direct.row(0)) > 0.9999,
            "run vs joined text"
        );
    }
}

#[test]
fn runs_with_short_and_long_sentences_match_their_joined_text() {
    let m = model();
    let doc = [
        "Yes.",
        "The talks in Pyongyang lasted for two full days and ended with a joint statement.",
        "a",
        "Both sides said they would meet again before the end of the year in Moscow.",
        "No.",
    ];
    // Every run of 1 to 5 of them: short ones are computed whole, long ones assembled.
    let runs: Vec<Range<usize>> = (0..doc.len())
        .flat_map(|a| (a + 1..=doc.len()).map(move |b| a..b))
        .collect();
    let v = m.embed_runs(&doc, &runs, &crate::progress::Progress::new());
    for (k, r) in runs.iter().enumerate() {
        let joined = doc[r.clone()].join(" ");
        let direct = m.encode(&[&joined]);
        let c = cosine(v.row(k), direct.row(0));
        assert!(c > 0.99999, "cosine {c} for run {r:?}");
    }
}

#[test]
fn the_built_in_file_is_intact() {
    // Opening it checks no checksum (see `ModelFile::open_compiled`): this does.
    assert!(model().file().is_intact());
    // Nor the vocabulary's order: opened as any other file, it is checked.
    let opened = Usem3::open(BUILTIN).expect("the built-in file opens as any file would");
    assert!(!opened.file().is_compiled() && model().file().is_compiled());
}

#[test]
fn translations_are_closer_than_other_sentences() {
    let m = model();
    let v = m.encode(&[
        "The minister arrived in the capital on Tuesday.",
        "Der Minister traf am Dienstag in der Hauptstadt ein.",
        "Heavy rain flooded the streets of the old town.",
    ]);
    assert!(cosine(v.row(0), v.row(1)) > cosine(v.row(0), v.row(2)) + 0.2);
}

#[test]
fn damaged_weights_are_refused() {
    use file::ModelError;
    assert_eq!(Usem3::open(&[]).err(), Some(ModelError::Missing));
    assert_eq!(
        Usem3::open(b"not a model at all, just some text").err(),
        Some(ModelError::NotAModel)
    );
    // Cut short: the header promises sections that are not there.
    let cut: &'static [u8] = &BUILTIN[..BUILTIN.len().min(100_000)];
    assert!(matches!(Usem3::open(cut), Err(ModelError::Damaged(_))));
    // One flipped byte in a checked section.
    let mut flipped = BUILTIN.to_vec();
    let at = flipped.len() - 10;
    flipped[at] ^= 0x55;
    let flipped = crate::align::meaning::aligned(&flipped);
    // An intact copy at an aligned address opens.
    assert!(Usem3::open(crate::align::meaning::aligned(BUILTIN)).is_ok());
    assert!(matches!(Usem3::open(flipped), Err(ModelError::Damaged(_))));
}

#[test]
fn it_knows_the_languages_it_was_trained_on() {
    let m = model();
    assert!(m.knows("en") && m.knows("de") && m.knows("zh"));
    assert!(
        !m.knows("fi") && !m.knows("el"),
        "Finnish and Greek are not among its 16"
    );
    // The name the JSON output gives it (docs/json.md).
    assert_eq!(m.name(), "USE multilingual v3");
}

#[test]
fn every_piece_of_the_vocabulary_has_a_row_in_the_table() {
    // The file is checked for this when it is opened: a piece past the table's end would be
    // embedded as the unknown piece.
    let m = model();
    let pieces = m.tokenizer.vocab_size();
    // 128,000 pieces; the table has a few more rows.
    assert!(pieces > 100_000, "{pieces} pieces");
    assert!(pieces <= m.network.rows());
}

#[test]
fn tokens_of_many_scripts_and_rare_characters_are_those_of_the_python_package() {
    // 600 texts drawn from 34 ranges of characters (`make_tokens.py`): pieces no vocabulary
    // entry covers, the character map's far branches, and what normalisation rewrites.
    #[derive(Deserialize)]
    struct Tokens {
        texts: Vec<Tokenized>,
    }
    #[derive(Deserialize)]
    struct Tokenized {
        text: String,
        ids: Vec<u32>,
    }
    let tokens: Tokens = fixture("usem3_tokens.json");
    let m = model();
    let mut wrong = Vec::new();
    for t in &tokens.texts {
        if m.tokens(&t.text) != t.ids {
            wrong.push(&t.text);
        }
    }
    assert!(
        wrong.is_empty(),
        "{} of {} texts tokenized otherwise, the first {:?}",
        wrong.len(),
        tokens.texts.len(),
        wrong.first()
    );
}

#[test]
fn special_pieces_written_in_a_text_are_read_as_text() {
    use tokenizer::UNK;
    // SentencePiece never matches its control and unknown pieces in text; the Python package
    // does (it reads "<s>" as the begin marker), so these are not in its reference files.
    let m = model();
    for text in ["<s> hello </s>", "<unk>", "a <pad> b", "</s>"] {
        let ids = m.tokens(text);
        let inner = &ids[1..ids.len() - 1];
        assert_eq!((ids[0], ids[ids.len() - 1]), (BOS, EOS), "{text}");
        assert!(
            !inner.iter().any(|&id| id == BOS || id == EOS || id == UNK),
            "{text:?} gave {ids:?}"
        );
    }
}

#[test]
fn a_file_cut_inside_its_opening_words_is_not_a_model() {
    use file::ModelError;
    // The magic, the format version and the header's length take 24 bytes.
    for len in [16, 20, 23] {
        let cut = crate::align::meaning::aligned(&BUILTIN[..len]);
        assert_eq!(Usem3::open(cut).err(), Some(ModelError::NotAModel), "{len}");
    }
    let opening = crate::align::meaning::aligned(&BUILTIN[..24]);
    assert!(matches!(Usem3::open(opening), Err(ModelError::Damaged(_))));
}

#[test]
fn a_section_is_read_only_as_its_own_type_and_a_damaged_table_is_found() {
    use file::{Dtype, ModelError};
    let m = model();
    assert!(m.file().section("table", Dtype::U6x4).is_ok());
    for dtype in [Dtype::F32, Dtype::U32, Dtype::U8] {
        assert!(matches!(
            m.file().section("table", dtype),
            Err(ModelError::Damaged(_))
        ));
    }
    // The table is checked only on demand (reading all of it takes a while): a flipped byte
    // in it opens, and the check finds it.
    let table = m.file().section("table", Dtype::U6x4).expect("the table");
    let at = table.bytes.as_ptr() as usize - BUILTIN.as_ptr() as usize + table.bytes.len() / 2;
    let mut flipped = BUILTIN.to_vec();
    flipped[at] ^= 0x55;
    let damaged = Usem3::open(crate::align::meaning::aligned(&flipped)).expect("opens");
    assert!(!damaged.file().is_intact());
}

#[test]
fn a_token_table_with_fewer_rows_than_the_vocabulary_is_refused() {
    let m = model();
    let (rows, pieces) = (m.network.rows(), m.tokenizer.vocab_size());
    let row_bytes = DIM * 3 / 4;
    // The built-in file with its header rewritten in place to give the table `new` rows: the
    // same number of digits, so the header keeps its length and every offset holds.
    let with_rows = |new: usize| {
        assert_eq!(new.to_string().len(), rows.to_string().len());
        let mut bytes = BUILTIN.to_vec();
        let header_len = u32::from_le_bytes([bytes[20], bytes[21], bytes[22], bytes[23]]);
        let end = 24 + header_len as usize;
        let header = std::str::from_utf8(&bytes[24..end]).expect("a JSON header");
        let rewritten = header
            .replacen(
                &format!("\"len\": {},", rows * row_bytes),
                &format!("\"len\": {},", new * row_bytes),
                1,
            )
            .replacen(
                &format!("\"shape\": [\n    {rows},"),
                &format!("\"shape\": [\n    {new},"),
                1,
            );
        assert_ne!(rewritten, header, "the table's entry was found");
        assert_eq!(rewritten.len(), header.len());
        bytes[24..end].copy_from_slice(rewritten.as_bytes());
        Usem3::open(crate::align::meaning::aligned(&bytes))
    };
    assert!(with_rows(pieces).is_ok(), "a row for every piece is enough");
    assert_eq!(
        with_rows(pieces - 1).err(),
        Some(file::ModelError::Damaged(
            "vocabulary larger than the table".into()
        ))
    );
}

#[test]
fn tokens_go_through_the_network_in_batches_of_at_most_a_few_hundred() {
    let m = model();
    let texts: Vec<String> = (0..40)
        .map(|k| format!("Report {k}: the minister met the press on a rainy Tuesday in May."))
        .collect();
    let texts: Vec<&str> = texts.iter().map(String::as_str).collect();
    let lens: Vec<usize> = texts.iter().map(|t| m.tokens(t).len()).collect();
    let (tokens, longest) = (lens.iter().sum::<usize>(), lens.iter().copied().max());
    let longest = longest.expect("texts");
    let progress = Progress::new();
    progress.begin(crate::progress::Stage::Understanding, 0);
    let runs: Vec<Range<usize>> = (0..texts.len()).map(|i| i..i + 1).collect();
    m.embed_runs(&texts, &runs, &progress);
    // Each batch is counted once, as is each chunk of the head's work; every batch but the
    // last is too full for one more text.
    let batches = progress.snapshot().total as usize - runs.len().div_ceil(head_chunk(runs.len()));
    assert!(
        batches >= tokens.div_ceil(BATCH_TOKENS),
        "{batches} batches"
    );
    assert!(
        batches <= tokens / (BATCH_TOKENS - longest + 1) + 1,
        "{batches} batches for {tokens} tokens"
    );
}

#[test]
fn a_panic_on_an_encoder_worker_reaches_its_caller_and_the_workers_go_on() {
    let m = model();
    let before = m.encode(&["The minister met the press."]);
    // A stretch whose wanted range runs past its tokens: a bug the network panics on.
    let past_the_end = 0..10;
    let bad = vec![Task::Features(vec![Stretch {
        ids: vec![BOS, EOS],
        wanted: Vec::from([past_the_end]),
    }])];
    let caught = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        Workers::get().run(&m.network, bad, &Progress::new())
    }));
    assert!(caught.is_err(), "the worker's panic reached the caller");
    let after = m.encode(&["The minister met the press."]);
    assert_eq!(before.row(0), after.row(0));
}

#[test]
fn a_part_of_a_stretch_sums_to_the_bit_what_the_whole_stretch_gives_its_tokens() {
    let m = model();
    let ids = m.tokens("The minister met the press on a rainy Tuesday in May, and left at noon.");
    let n = ids.len();
    let mut ws = network::Workspace::default();
    // Each token's features, computed with every token wanted.
    let each = m.network.features_in(
        &[Stretch {
            ids: ids.clone(),
            wanted: (0..n).map(|k| k..k + 1).collect(),
        }],
        &mut ws,
    );
    // A window-like part: the first five tokens, and the last four; computed for those alone.
    let parts = [0..5, n - 4..n];
    let sums = m.network.features_in(
        &[Stretch {
            ids,
            wanted: parts.to_vec(),
        }],
        &mut ws,
    );
    for (part, sum) in parts.iter().zip(sums.rows()) {
        let mut expected = ndarray::Array1::<f32>::zeros(FEATURES);
        for k in part.clone() {
            expected += &each.row(k);
        }
        assert_eq!(sum, expected, "tokens {part:?}");
    }
}

/// A stretch of `ids` with each token wanted on its own: a row of features per token.
fn every_token(ids: &[u32]) -> Stretch {
    Stretch {
        ids: ids.to_vec(),
        wanted: (0..ids.len()).map(|k| k..k + 1).collect(),
    }
}

#[test]
fn rows_kept_from_earlier_batches_give_the_same_features_to_the_bit() {
    let m = model();
    let mut ws = network::Workspace::default();
    let first = m.tokens("The minister met the press on a rainy Tuesday in May.");
    // Some of its words and windows are the first text's, some are new.
    let second = m.tokens("The minister met the unions on a cold Friday in June.");
    m.network.features_in(&[every_token(&first)], &mut ws);
    assert!(m.network.remembered() > 0, "rows are kept");
    let recalled = m.network.features_in(&[every_token(&second)], &mut ws);
    // A network that never saw the first text works the second out from scratch.
    let fresh = model()
        .network
        .features_in(&[every_token(&second)], &mut ws);
    assert_eq!(recalled, fresh);
    m.network.forget();
    assert_eq!(m.network.remembered(), 0);
    assert_eq!(
        m.network.features_in(&[every_token(&second)], &mut ws),
        fresh
    );
}

#[test]
fn tokens_share_features_in_a_batch_exactly_when_their_surroundings_are_the_same() {
    let m = model();
    let mut ws = network::Workspace::default();
    let a = m.tokens("The minister met the press on a rainy Tuesday in May.");
    // One word changed: the tokens within reach of it have other features, the rest the same.
    let b = m.tokens("The minister met the press on a sunny Tuesday in May.");
    let together = model().network.features_in(
        &[every_token(&a), every_token(&b), every_token(&a)],
        &mut ws,
    );
    let mut alone = Vec::new();
    for ids in [&a, &b, &a] {
        let each = model().network.features_in(&[every_token(ids)], &mut ws);
        alone.extend(each.rows().into_iter().map(|r| r.to_owned()));
    }
    assert_eq!(together.nrows(), alone.len());
    for (k, (row, expected)) in together.rows().into_iter().zip(&alone).enumerate() {
        assert_eq!(row, expected.view(), "token {k}");
    }
}
