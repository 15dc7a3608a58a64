//! Handing a passage to the world outside the reader: `y` copies it to the clipboard, `e`
//! opens its article in the user's editor at its line.
//!
//! Both act on the focused side of the selected passage (the other side when the focused one
//! is blank), and only ask: the loop carries the request out ([`Outside`]).

use super::context::Context;
use super::navigate::{current, side_name};
use super::state::{Outside, Side, UiState};
use crate::load::Document;

/// `y`: copies the selected passage's text on the focused side.
pub fn copy_passage(state: &mut UiState, ctx: &Context) {
    let Some((k, side, doc, sentences)) = focused(state, ctx) else {
        return;
    };
    let text = doc
        .sentences
        .range(sentences)
        .map(|s| s.text)
        .collect::<Vec<_>>()
        .join(" ");
    let chars = text.chars().count();
    state.message = Some(format!(
        "copied the {} side of passage {} ({chars} characters) to the clipboard",
        side_name(side),
        k + 1
    ));
    state.outside = Some(Outside::Clipboard(text));
}

/// `e`: opens the focused side's article in the editor at the selected passage.
pub fn open_in_editor(state: &mut UiState, ctx: &Context) {
    let Some((_, _, doc, sentences)) = focused(state, ctx) else {
        return;
    };
    if doc.path == "-" {
        state.message = Some("this article came from standard input: no file to open".to_owned());
        return;
    }
    state.outside = Some(Outside::Editor {
        path: doc.path.clone().into(),
        byte: doc.sentences.at(sentences.start).span().start,
    });
}

/// The selected passage (selecting the one being read), the side acted on, its document and
/// its sentences there; `None`, with a message, when there is nothing to act on.
fn focused<'a>(
    state: &mut UiState,
    ctx: &'a Context,
) -> Option<(usize, Side, &'a Document, std::ops::Range<usize>)> {
    let Some(k) = current(state, ctx) else {
        state.message = Some("no passage here".to_owned());
        return None;
    };
    let p = ctx.cmp.passages(ctx.rows.shape.arrangement).get(k)?;
    state.selected = Some(k);
    let sides = [
        (Side::Left, &ctx.cmp.left, p.left.clone()),
        (Side::Right, &ctx.cmp.right, p.right.clone()),
    ];
    let [first, second] = if state.focus == Side::Right {
        [sides[1].clone(), sides[0].clone()]
    } else {
        sides
    };
    let (side, doc, sentences) = if first.2.is_empty() { second } else { first };
    if sentences.is_empty() {
        state.message = Some("this passage has no text".to_owned());
        return None;
    }
    Some((k, side, doc, sentences))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::align::{AlignOptions, align};
    use crate::load::{LoadOptions, load_bytes};
    use crate::review::session::Session;
    use crate::ui::rows::{Comparison, Shape, build};

    fn with_context(f: impl FnOnce(&Context)) {
        let l = load_bytes(
            "l.txt",
            b"First line about the harbour.\n\nSecond paragraph on the weather today.\n",
            &LoadOptions::default(),
        )
        .expect("left");
        let r = load_bytes(
            "r.txt",
            b"First line about the harbour.\n\nSecond paragraph on the storms of today.\n",
            &LoadOptions::default(),
        )
        .expect("right");
        let a = align(&l, &r, &AlignOptions::default());
        let cmp = Comparison::new(l, r, a);
        let shape = Shape::plain(40);
        let (session, _) = Session::in_memory((*cmp.alignment).clone(), &cmp.left, &cmp.right);
        let rows = build(
            &cmp,
            shape,
            session.review(),
            87,
            None,
            &crate::progress::Progress::new(),
        );
        f(&Context {
            cmp: &cmp,
            rows: &rows,
            height: 20,
            review: session.review(),
        });
    }

    #[test]
    fn y_copies_the_focused_side_of_the_selected_passage() {
        with_context(|ctx| {
            let mut state = UiState {
                selected: Some(1),
                ..UiState::default()
            };
            copy_passage(&mut state, ctx);
            assert_eq!(
                state.outside,
                Some(Outside::Clipboard(
                    "Second paragraph on the weather today.".to_owned()
                ))
            );
            state.focus = Side::Right;
            copy_passage(&mut state, ctx);
            assert_eq!(
                state.outside,
                Some(Outside::Clipboard(
                    "Second paragraph on the storms of today.".to_owned()
                ))
            );
            assert!(
                state
                    .message
                    .is_some_and(|m| m.contains("right side of passage 2"))
            );
        });
    }

    #[test]
    fn e_asks_for_the_editor_at_the_passage_start() {
        with_context(|ctx| {
            let mut state = UiState {
                selected: Some(1),
                ..UiState::default()
            };
            open_in_editor(&mut state, ctx);
            let Some(Outside::Editor { path, byte }) = state.outside else {
                panic!("no editor asked for: {:?}", state.message);
            };
            assert_eq!(path, std::path::PathBuf::from("l.txt"));
            assert_eq!(byte, "First line about the harbour.\n\n".len());
        });
    }
}
