//! Where each region's label goes: inside its largest polygon where it fits, otherwise beside
//! it with a leader line, never over another label. Large regions are placed first, so the
//! small ones (the Gulf states, the Levant) move out to where there is room.

/// A rectangle in the map's coordinates (y down).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct LabelBox {
    /// Left edge.
    pub x: f64,
    /// Top edge.
    pub y: f64,
    /// Width.
    pub w: f64,
    /// Height.
    pub h: f64,
}

impl LabelBox {
    fn centred(cx: f64, cy: f64, w: f64, h: f64) -> Self {
        Self {
            x: cx - w / 2.0,
            y: cy - h / 2.0,
            w,
            h,
        }
    }

    /// The area two boxes share.
    fn overlap(&self, o: &Self) -> f64 {
        let w = (self.x + self.w).min(o.x + o.w) - self.x.max(o.x);
        let h = (self.y + self.h).min(o.y + o.h) - self.y.max(o.y);
        w.max(0.0) * h.max(0.0)
    }

    fn holds(&self, x: f64, y: f64) -> bool {
        x >= self.x && x <= self.x + self.w && y >= self.y && y <= self.y + self.h
    }

    /// The point of the box's edge nearest to (x, y): where a leader line starts.
    pub fn nearest(&self, x: f64, y: f64) -> (f64, f64) {
        (
            x.clamp(self.x, self.x + self.w),
            y.clamp(self.y, self.y + self.h),
        )
    }

    /// The centre.
    pub fn centre(&self) -> (f64, f64) {
        (self.x + self.w / 2.0, self.y + self.h / 2.0)
    }
}

/// What a label needs placing: the point it names, the box of the polygon it would sit in,
/// the label's size, and the region's drawn area (larger regions choose first).
#[derive(Clone, Copy, Debug)]
pub struct LabelWant {
    /// The point inside the region the label names.
    pub anchor: (f64, f64),
    /// The projected bounds of the region's largest polygon.
    pub room: LabelBox,
    /// The label's width and height.
    pub size: (f64, f64),
    /// The region's drawn area.
    pub area: f64,
}

/// A placed label.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Label {
    /// Where the label's box is.
    pub rect: LabelBox,
    /// The point it names.
    pub anchor: (f64, f64),
    /// Whether it sits outside its region, joined to it by a leader line.
    pub leader: bool,
}

/// Place every label within `frame`. Returns one label per want, in the order given.
pub fn place_labels(wants: &[LabelWant], frame: LabelBox) -> Vec<Label> {
    let mut order: Vec<usize> = (0..wants.len()).collect();
    order.sort_by(|&a, &b| wants[b].area.total_cmp(&wants[a].area));
    let mut placed: Vec<Option<Label>> = vec![None; wants.len()];
    let mut boxes: Vec<LabelBox> = Vec::new();
    for &i in &order {
        let w = &wants[i];
        let (lw, lh) = w.size;
        let (ax, ay) = w.anchor;
        // Other regions' anchors: a label should not hide where another region is.
        let others: Vec<(f64, f64)> = wants
            .iter()
            .enumerate()
            .filter(|(j, _)| *j != i)
            .map(|(_, o)| o.anchor)
            .collect();
        let cost = |b: &LabelBox| {
            let inside_frame = b.x >= frame.x
                && b.y >= frame.y
                && b.x + b.w <= frame.x + frame.w
                && b.y + b.h <= frame.y + frame.h;
            let overlap: f64 = boxes.iter().map(|o| o.overlap(b)).sum();
            let hides = others.iter().filter(|(x, y)| b.holds(*x, *y)).count() as f64;
            overlap + hides * lw * lh * 0.5 + if inside_frame { 0.0 } else { 1e9 }
        };
        let mut best: Option<(f64, Label)> = None;
        let fits_inside = lw <= w.room.w * 0.95 && lh <= w.room.h * 0.9;
        if fits_inside {
            let b = LabelBox::centred(ax, ay, lw, lh);
            let c = cost(&b);
            best = Some((
                c,
                Label {
                    rect: b,
                    anchor: w.anchor,
                    leader: false,
                },
            ));
        }
        if best.as_ref().is_none_or(|(c, _)| *c > 0.0) {
            // Around the anchor, nearest rings first; east and west before north and south,
            // since labels are wide.
            let dirs = [
                (1.0, 0.0),
                (-1.0, 0.0),
                (0.8, -0.6),
                (0.8, 0.6),
                (-0.8, -0.6),
                (-0.8, 0.6),
                (0.0, -1.0),
                (0.0, 1.0),
            ];
            'rings: for ring in [1.0, 1.8, 2.8, 4.0, 5.5] {
                for (dx, dy) in dirs {
                    // Far enough that the box clears the anchor by `ring` label heights.
                    let cx = ax + dx * (lw / 2.0 + lh * ring);
                    let cy = ay + dy * (lh / 2.0 + lh * ring);
                    let b = LabelBox::centred(cx, cy, lw, lh);
                    let c = cost(&b) + ring * 1e-3;
                    if best.as_ref().is_none_or(|(bc, _)| c < *bc) {
                        best = Some((
                            c,
                            Label {
                                rect: b,
                                anchor: w.anchor,
                                leader: true,
                            },
                        ));
                    }
                    if c < 0.01 {
                        break 'rings;
                    }
                }
            }
        }
        if let Some((_, mut label)) = best {
            // Keep within the frame even when nothing fitted.
            label.rect.x = label
                .rect
                .x
                .clamp(frame.x, (frame.x + frame.w - label.rect.w).max(frame.x));
            label.rect.y = label
                .rect
                .y
                .clamp(frame.y, (frame.y + frame.h - label.rect.h).max(frame.y));
            boxes.push(label.rect);
            placed[i] = Some(label);
        }
    }
    placed
        .into_iter()
        .zip(wants)
        .map(|(l, w)| {
            l.unwrap_or(Label {
                rect: LabelBox::centred(w.anchor.0, w.anchor.1, w.size.0, w.size.1),
                anchor: w.anchor,
                leader: false,
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn want(x: f64, y: f64, room: f64, area: f64) -> LabelWant {
        LabelWant {
            anchor: (x, y),
            room: LabelBox::centred(x, y, room, room),
            size: (60.0, 20.0),
            area,
        }
    }

    #[test]
    fn a_label_that_fits_stays_inside_and_small_neighbours_move_out_without_overlap() {
        let frame = LabelBox {
            x: 0.0,
            y: 0.0,
            w: 800.0,
            h: 600.0,
        };
        // A large region, and three small ones crowded together.
        let wants = [
            want(200.0, 300.0, 300.0, 9e4),
            want(500.0, 300.0, 10.0, 100.0),
            want(510.0, 310.0, 10.0, 90.0),
            want(505.0, 290.0, 10.0, 80.0),
        ];
        let labels = place_labels(&wants, frame);
        assert!(!labels[0].leader);
        assert_eq!(labels[0].rect.centre(), (200.0, 300.0));
        assert!(labels[1..].iter().all(|l| l.leader));
        for (a, la) in labels.iter().enumerate() {
            for lb in &labels[a + 1..] {
                assert_eq!(la.rect.overlap(&lb.rect), 0.0, "{la:?} {lb:?}");
            }
            assert!(la.rect.x >= 0.0 && la.rect.x + la.rect.w <= 800.0);
        }
    }
}
