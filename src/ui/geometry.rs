//! [`Geometry`]: where each part of the screen goes, for a terminal size.
//!
//! Pure, so drawing and mouse handling agree on where a pane is.

use ratatui::layout::Rect;

/// Columns between the two panes (kind symbol and similarity).
pub const GUTTER: u16 = 7;
/// Below this width the panes stack: each passage above its counterpart.
pub const MIN_SPLIT: u16 = 60;
/// Below this size nothing useful fits; the screen says so.
pub const MIN_WIDTH: u16 = 24;
/// See [`MIN_WIDTH`].
pub const MIN_HEIGHT: u16 = 5;

/// The screen's parts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Geometry {
    /// Too small for anything.
    TooSmall,
    /// Two panes side by side.
    Split {
        /// Pane titles.
        title: Rect,
        /// The left pane.
        left: Rect,
        /// Between the panes.
        gutter: Rect,
        /// The right pane.
        right: Rect,
        /// The overview column at the right edge.
        overview: Rect,
        /// The status line.
        status: Rect,
    },
    /// One column, passages stacked.
    Stacked {
        /// Titles and the note.
        title: Rect,
        /// Side letter and kind symbol.
        gutter: Rect,
        /// The text.
        text: Rect,
        /// The overview column.
        overview: Rect,
        /// The status line.
        status: Rect,
    },
}

impl Geometry {
    /// The layout for a terminal `area`.
    pub fn of(area: Rect) -> Geometry {
        if area.width < MIN_WIDTH || area.height < MIN_HEIGHT {
            return Geometry::TooSmall;
        }
        let body_h = area.height - 2;
        let title = Rect::new(area.x, area.y, area.width, 1);
        let status = Rect::new(area.x, area.y + area.height - 1, area.width, 1);
        let y = area.y + 1;
        let overview = Rect::new(area.x + area.width - 1, y, 1, body_h);
        if area.width >= MIN_SPLIT {
            let text_w = area.width - 1 - GUTTER;
            let lw = text_w / 2;
            let rw = text_w - lw;
            Geometry::Split {
                title,
                left: Rect::new(area.x, y, lw, body_h),
                gutter: Rect::new(area.x + lw, y, GUTTER, body_h),
                right: Rect::new(area.x + lw + GUTTER, y, rw.saturating_sub(1).max(1), body_h),
                overview,
                status,
            }
        } else {
            Geometry::Stacked {
                title,
                gutter: Rect::new(area.x, y, GUTTER, body_h),
                text: Rect::new(area.x + GUTTER, y, area.width - GUTTER - 2, body_h),
                overview,
                status,
            }
        }
    }

    /// Width of one text column (0 when too small).
    pub fn pane_width(&self) -> usize {
        match self {
            Geometry::TooSmall => 0,
            Geometry::Split { left, right, .. } => usize::from(left.width.min(right.width)),
            Geometry::Stacked { text, .. } => usize::from(text.width),
        }
    }

    /// Width of a note row: both columns and the gutter when split (derived from the pane
    /// width alone, so rows cached per pane width stay right), the text column when stacked.
    pub fn note_width(&self) -> usize {
        match self {
            Geometry::TooSmall => 0,
            Geometry::Split { .. } => 2 * self.pane_width() + usize::from(GUTTER),
            Geometry::Stacked { text, .. } => usize::from(text.width),
        }
    }

    /// Number of text rows.
    pub fn body_height(&self) -> usize {
        match self {
            Geometry::TooSmall => 0,
            Geometry::Split { left, .. } => usize::from(left.height),
            Geometry::Stacked { text, .. } => usize::from(text.height),
        }
    }

    /// Whether passages are stacked.
    pub fn is_stacked(&self) -> bool {
        matches!(self, Geometry::Stacked { .. })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn panes_gutter_and_overview_fill_the_width_without_overlap() {
        for w in [60u16, 61, 80, 120, 200] {
            let Geometry::Split {
                left,
                gutter,
                right,
                overview,
                ..
            } = Geometry::of(Rect::new(0, 0, w, 30))
            else {
                panic!("split at {w}");
            };
            assert_eq!(left.right(), gutter.x);
            assert_eq!(gutter.right(), right.x);
            assert!(
                right.right() < overview.x,
                "a space before the overview at {w}"
            );
            assert_eq!(overview.right(), w);
        }
        assert!(Geometry::of(Rect::new(0, 0, 50, 20)).is_stacked());
        assert_eq!(Geometry::of(Rect::new(0, 0, 10, 3)), Geometry::TooSmall);
    }
}
