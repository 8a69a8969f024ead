//! Animations: the map played over a stretch of time, as GIF, APNG, MP4 or `WebM` (through `ffmpeg`), or a
//! folder of numbered PNG frames.
//!
//! Frame times follow playback's pacing ([`crate::timeline`]): with warp on, each idle gap of the time
//! index is crossed in [`WARP_GAP_SECS`] and eventful time gets the rest of the length. A GIF has one
//! palette for the whole animation, chosen from frames spread over it by median cut, so colours do not
//! flicker from frame to frame; each frame after the first stores only the rectangle that changed, with
//! unchanged pixels transparent, which keeps a mostly still map small.

use std::io::Write;
use std::path::Path;

use chrono::{DateTime, Duration, Utc};

use super::{Camera, RenderError, Renderer, encode_png, rgb};
use crate::geodesy;
use crate::timeline::WARP_GAP_SECS;

/// How an animation plays.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Playback {
    pub from: DateTime<Utc>,
    pub to: DateTime<Utc>,
    /// Frames per second.
    pub fps: u32,
    pub pace: Pace,
    /// Cross idle gaps quickly, as playback's warp does.
    pub warp: bool,
    /// Keep the travellers in the middle, at the fitted zoom.
    pub follow: bool,
}

/// How long an animation is.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Pace {
    /// This many seconds in all.
    Length(f64),
    /// This much data time per second of animation (gaps are still shortened with warp).
    Speed(Duration),
}

/// What an animation is written as.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Container {
    Gif,
    Apng,
    /// MP4 (H.264) or `WebM` (VP9) through `ffmpeg`, by the file's extension.
    Video,
    /// Numbered PNG frames in a folder.
    Frames,
}

impl Container {
    /// The container for an output path: by extension, a folder when it ends in `/` or has none.
    pub fn of(path: &Path) -> Option<Self> {
        let text = path.to_string_lossy();
        if text.ends_with('/') || path.is_dir() {
            return Some(Self::Frames);
        }
        match path
            .extension()
            .map(|e| e.to_string_lossy().to_ascii_lowercase())
            .as_deref()
        {
            Some("gif") => Some(Self::Gif),
            Some("apng") => Some(Self::Apng),
            Some("mp4" | "webm") => Some(Self::Video),
            _ => None,
        }
    }
}

/// The data time of every frame.
pub fn frame_times(
    playback: &Playback,
    gaps: &[(DateTime<Utc>, DateTime<Utc>)],
) -> Vec<DateTime<Utc>> {
    let (from, to) = (
        playback.from.min(playback.to),
        playback.from.max(playback.to),
    );
    let total_secs = (to - from).num_milliseconds() as f64 / 1000.0;
    // Pieces of (start, data seconds, is a gap), in order.
    let mut pieces: Vec<(DateTime<Utc>, f64, bool)> = Vec::new();
    let mut at = from;
    if playback.warp {
        for (g0, g1) in gaps {
            let (g0, g1) = ((*g0).max(from), (*g1).min(to));
            if g1 <= g0 || g0 < at {
                continue;
            }
            pieces.push((at, (g0 - at).num_milliseconds() as f64 / 1000.0, false));
            pieces.push((g0, (g1 - g0).num_milliseconds() as f64 / 1000.0, true));
            at = g1;
        }
    }
    pieces.push((at, (to - at).num_milliseconds() as f64 / 1000.0, false));
    let eventful: f64 = pieces.iter().filter(|p| !p.2).map(|p| p.1).sum();
    let gap_count = pieces.iter().filter(|p| p.2).count() as f64;
    let (gap_secs, pace) = match playback.pace {
        Pace::Speed(per_sec) => {
            let per = (per_sec.num_milliseconds() as f64 / 1000.0).max(1e-3);
            (WARP_GAP_SECS, per)
        }
        Pace::Length(length) => {
            // Gaps take at most a fifth of the length; eventful time the rest.
            let gap_secs = WARP_GAP_SECS.min(length * 0.2 / gap_count.max(1.0));
            let left = (length - gap_secs * gap_count).max(1e-3);
            (gap_secs, (eventful.max(1e-3)) / left)
        }
    };
    let anim_secs: f64 = pieces
        .iter()
        .map(|p| if p.2 { gap_secs } else { p.1 / pace })
        .sum();
    let frames = ((anim_secs * f64::from(playback.fps.max(1))).round() as usize).max(1);
    if total_secs <= 0.0 {
        return vec![from; frames];
    }
    (0..frames)
        .map(|i| {
            let mut a = if frames > 1 {
                anim_secs * i as f64 / (frames - 1) as f64
            } else {
                0.0
            };
            for (start, data_secs, gap) in &pieces {
                let secs = if *gap { gap_secs } else { data_secs / pace };
                if a <= secs || secs <= 0.0 && a <= 0.0 {
                    let fraction = if secs > 0.0 { a / secs } else { 0.0 };
                    return *start + Duration::milliseconds((fraction * data_secs * 1000.0) as i64);
                }
                a -= secs;
            }
            to
        })
        .collect()
}

/// Reports progress (frames done, frames in all); returning `false` cancels.
pub type Progress<'a> = &'a mut dyn FnMut(usize, usize) -> bool;

/// Renders the animation into `out`. `ffmpeg` is looked for on `PATH` for MP4 and `WebM`.
pub fn render(
    renderer: &Renderer<'_>,
    playback: &Playback,
    out: &Path,
    container: Container,
    progress: Progress<'_>,
) -> Result<usize, RenderError> {
    let times = frame_times(playback, renderer.index.gaps());
    let base = renderer.camera();
    let cameras = cameras(renderer, &base, &times, playback.follow);
    let total = times.len();
    let frame = |i: usize| -> Result<tiny_skia::Pixmap, RenderError> {
        let (Some(t), Some(c)) = (times.get(i), cameras.get(i)) else {
            return Err(RenderError::NoTimes);
        };
        renderer.raster(*t, c)
    };
    match container {
        Container::Frames => {
            std::fs::create_dir_all(out)?;
            for i in 0..total {
                let png = encode_png(&frame(i)?)?;
                crate::data::save_atomic(&out.join(format!("frame-{:05}.png", i + 1)), &png)
                    .map_err(|e| RenderError::Io(std::io::Error::other(e.to_string())))?;
                if !progress(i + 1, total) {
                    return Err(RenderError::Cancelled);
                }
            }
        }
        Container::Apng => {
            let bytes = apng(
                base.width,
                base.height,
                playback.fps,
                total,
                &frame,
                progress,
            )?;
            write(out, &bytes)?;
        }
        Container::Gif => {
            let bytes = gif(
                base.width,
                base.height,
                playback.fps,
                total,
                &frame,
                progress,
            )?;
            write(out, &bytes)?;
        }
        Container::Video => video(out, &base, playback.fps, total, &frame, progress)?,
    }
    Ok(total)
}

fn write(path: &Path, bytes: &[u8]) -> Result<(), RenderError> {
    crate::data::save_atomic(path, bytes)
        .map_err(|e| RenderError::Io(std::io::Error::other(e.to_string())))
}

/// One camera per frame: fixed, or following the travellers (eased, so it glides).
fn cameras(
    renderer: &Renderer<'_>,
    base: &Camera,
    times: &[DateTime<Utc>],
    follow: bool,
) -> Vec<Camera> {
    if !follow {
        return vec![*base; times.len()];
    }
    let mut unit = geodesy::web_mercator_unit(base.center);
    let mut zoom = base.zoom;
    let mut out = Vec::with_capacity(times.len());
    for (i, t) in times.iter().enumerate() {
        let now: Vec<[f64; 2]> = renderer
            .index
            .legs_in_progress(*t)
            .filter_map(|(leg, fraction)| {
                let leg = renderer.data.legs.get(leg.index())?;
                let (a, b) = (renderer.data.place(leg.from)?, renderer.data.place(leg.to)?);
                Some(geodesy::web_mercator_unit(geodesy::point_along(
                    a.position, b.position, fraction,
                )))
            })
            .collect();
        if !now.is_empty() {
            let n = now.len() as f64;
            let target = [
                now.iter().map(|p| p[0]).sum::<f64>() / n,
                now.iter().map(|p| p[1]).sum::<f64>() / n,
            ];
            let ease = if i == 0 { 1.0 } else { 0.12 };
            unit = [
                unit[0] + (target[0] - unit[0]) * ease,
                unit[1] + (target[1] - unit[1]) * ease,
            ];
            // Closer in while following, but never past the fitted zoom + 1.5.
            zoom = (base.zoom + 1.0).min(zoom + 0.02);
        }
        out.push(Camera {
            center: geodesy::from_web_mercator_unit(unit),
            zoom,
            ..*base
        });
    }
    out
}

fn apng(
    width: u32,
    height: u32,
    fps: u32,
    total: usize,
    frame: &dyn Fn(usize) -> Result<tiny_skia::Pixmap, RenderError>,
    progress: Progress<'_>,
) -> Result<Vec<u8>, RenderError> {
    let mut out = Vec::new();
    {
        let mut encoder = png::Encoder::new(&mut out, width, height);
        encoder.set_color(png::ColorType::Rgb);
        encoder.set_depth(png::BitDepth::Eight);
        encoder.set_compression(png::Compression::Fast);
        encoder.set_animated(total.max(1) as u32, 0)?;
        encoder.set_frame_delay(1, fps.clamp(1, 120) as u16)?;
        let mut writer = encoder.write_header()?;
        for i in 0..total {
            writer.write_image_data(&rgb(&frame(i)?))?;
            if !progress(i + 1, total) {
                return Err(RenderError::Cancelled);
            }
        }
        writer.finish()?;
    }
    Ok(out)
}

/// Frames spread over the animation that the palette is chosen from.
const PALETTE_SAMPLES: usize = 8;
/// Colours in a GIF's palette; the last index is left for "unchanged" (transparent).
const GIF_COLOURS: usize = 255;

fn gif(
    width: u32,
    height: u32,
    fps: u32,
    total: usize,
    frame: &dyn Fn(usize) -> Result<tiny_skia::Pixmap, RenderError>,
    progress: Progress<'_>,
) -> Result<Vec<u8>, RenderError> {
    let gif_err = |e: gif::EncodingError| RenderError::Gif(e.to_string());
    let (w, h) = (
        u16::try_from(width).map_err(|_| RenderError::Size(width, height))?,
        u16::try_from(height).map_err(|_| RenderError::Size(width, height))?,
    );
    // One palette for the whole animation.
    let mut histogram = vec![0u32; 1 << 15];
    let samples = PALETTE_SAMPLES.min(total.max(1));
    for k in 0..samples {
        let i = if samples > 1 {
            k * (total - 1) / (samples - 1)
        } else {
            0
        };
        for px in frame(i)?.data().chunks_exact(4) {
            if let Some(slot) = histogram.get_mut(bin(px[0], px[1], px[2])) {
                *slot = slot.saturating_add(1);
            }
        }
    }
    let palette = median_cut(&histogram, GIF_COLOURS);
    let lookup = nearest_table(&palette);
    let transparent = GIF_COLOURS as u8;
    let mut flat: Vec<u8> = palette.iter().flatten().copied().collect();
    flat.resize(256 * 3, 0);
    let mut out = Vec::new();
    {
        let mut encoder = gif::Encoder::new(&mut out, w, h, &flat).map_err(gif_err)?;
        encoder.set_repeat(gif::Repeat::Infinite).map_err(gif_err)?;
        let mut previous: Option<Vec<u8>> = None;
        // Delays are whole hundredths: carry the rounding so the total stays right.
        let mut clock = 0.0_f64;
        for i in 0..total {
            let indexed: Vec<u8> = frame(i)?
                .data()
                .chunks_exact(4)
                .map(|px| lookup.get(bin(px[0], px[1], px[2])).copied().unwrap_or(0))
                .collect();
            let next = ((i + 1) as f64 * 100.0 / f64::from(fps.max(1))).round();
            let delay = (next - clock).max(1.0) as u16;
            clock += f64::from(delay);
            let gif_frame = match &previous {
                None => gif::Frame {
                    width: w,
                    height: h,
                    delay,
                    buffer: std::borrow::Cow::Borrowed(&indexed),
                    ..gif::Frame::default()
                },
                Some(before) => changed_frame(before, &indexed, width, height, transparent, delay),
            };
            encoder.write_frame(&gif_frame).map_err(gif_err)?;
            previous = Some(indexed);
            if !progress(i + 1, total) {
                return Err(RenderError::Cancelled);
            }
        }
    }
    Ok(out)
}

/// The rectangle of `now` that differs from `before`, unchanged pixels in it transparent; a 1×1
/// transparent frame when nothing changed.
fn changed_frame(
    before: &[u8],
    now: &[u8],
    width: u32,
    height: u32,
    transparent: u8,
    delay: u16,
) -> gif::Frame<'static> {
    let (w, h) = (width as usize, height as usize);
    let (mut x0, mut y0, mut x1, mut y1) = (w, h, 0, 0);
    for y in 0..h {
        let row = y * w..(y + 1) * w;
        let (Some(a), Some(b)) = (before.get(row.clone()), now.get(row)) else {
            continue;
        };
        if a == b {
            continue;
        }
        y0 = y0.min(y);
        y1 = y1.max(y + 1);
        if let Some(first) = a.iter().zip(b).position(|(p, q)| p != q) {
            x0 = x0.min(first);
        }
        if let Some(last) = a.iter().zip(b).rposition(|(p, q)| p != q) {
            x1 = x1.max(last + 1);
        }
    }
    if x1 <= x0 || y1 <= y0 {
        return gif::Frame {
            width: 1,
            height: 1,
            delay,
            transparent: Some(transparent),
            buffer: std::borrow::Cow::Owned(vec![transparent]),
            ..gif::Frame::default()
        };
    }
    let mut buffer = Vec::with_capacity((x1 - x0) * (y1 - y0));
    for y in y0..y1 {
        for x in x0..x1 {
            let i = y * w + x;
            let (p, q) = (before.get(i), now.get(i));
            buffer.push(if p == q {
                transparent
            } else {
                q.copied().unwrap_or(transparent)
            });
        }
    }
    gif::Frame {
        left: x0 as u16,
        top: y0 as u16,
        width: (x1 - x0) as u16,
        height: (y1 - y0) as u16,
        delay,
        transparent: Some(transparent),
        buffer: std::borrow::Cow::Owned(buffer),
        ..gif::Frame::default()
    }
}

/// A colour's bin: five bits a channel.
fn bin(r: u8, g: u8, b: u8) -> usize {
    (usize::from(r >> 3) << 10) | (usize::from(g >> 3) << 5) | usize::from(b >> 3)
}

/// The centre colour of a bin.
fn bin_colour(bin: usize) -> [u8; 3] {
    let c = |v: usize| ((v & 31) << 3 | 4) as u8;
    [c(bin >> 10), c(bin >> 5), c(bin)]
}

/// Up to `colours` colours that cover the histogram well: boxes of bins split at their weighted median
/// along their longest side, the fullest box first (Heckbert's median cut).
fn median_cut(histogram: &[u32], colours: usize) -> Vec<[u8; 3]> {
    let used: Vec<(usize, u32)> = histogram
        .iter()
        .enumerate()
        .filter(|(_, n)| **n > 0)
        .map(|(b, n)| (b, *n))
        .collect();
    if used.is_empty() {
        return vec![[0, 0, 0]];
    }
    let mut boxes: Vec<Vec<(usize, u32)>> = vec![used];
    while boxes.len() < colours {
        // The box with the most pixels that can still be split.
        let Some((which, _)) = boxes
            .iter()
            .enumerate()
            .filter(|(_, b)| b.len() > 1)
            .max_by_key(|(i, b)| {
                (
                    b.iter().map(|(_, n)| u64::from(*n)).sum::<u64>(),
                    usize::MAX - i,
                )
            })
        else {
            break;
        };
        let mut bx = boxes.swap_remove(which);
        let channel = |b: usize, c: usize| (b >> (10 - 5 * c)) & 31;
        let spread = |c: usize| {
            let (lo, hi) = bx.iter().fold((31, 0), |(lo, hi), (b, _)| {
                (lo.min(channel(*b, c)), hi.max(channel(*b, c)))
            });
            hi - lo
        };
        let axis = (0..3).max_by_key(|c| (spread(*c), 3 - c)).unwrap_or(0);
        bx.sort_by_key(|(b, _)| (channel(*b, axis), *b));
        let half = bx.iter().map(|(_, n)| u64::from(*n)).sum::<u64>() / 2;
        let mut acc = 0u64;
        let mut cut = 1;
        for (i, (_, n)) in bx.iter().enumerate() {
            acc += u64::from(*n);
            if acc >= half {
                cut = (i + 1).clamp(1, bx.len() - 1);
                break;
            }
        }
        let rest = bx.split_off(cut);
        boxes.push(bx);
        boxes.push(rest);
    }
    let mut palette: Vec<[u8; 3]> = boxes
        .iter()
        .map(|bx| {
            let total: u64 = bx.iter().map(|(_, n)| u64::from(*n)).sum::<u64>().max(1);
            let mut sum = [0u64; 3];
            for (b, n) in bx {
                let c = bin_colour(*b);
                for k in 0..3 {
                    sum[k] += u64::from(c[k]) * u64::from(*n);
                }
            }
            [
                (sum[0] / total) as u8,
                (sum[1] / total) as u8,
                (sum[2] / total) as u8,
            ]
        })
        .collect();
    palette.sort_unstable();
    palette.dedup();
    palette
}

/// For every bin, the index of the nearest palette colour.
fn nearest_table(palette: &[[u8; 3]]) -> Vec<u8> {
    (0..1usize << 15)
        .map(|b| {
            let c = bin_colour(b);
            palette
                .iter()
                .enumerate()
                .min_by_key(|(_, p)| {
                    (0..3)
                        .map(|k| {
                            let d = i32::from(c[k]) - i32::from(p[k]);
                            d * d
                        })
                        .sum::<i32>()
                })
                .map_or(0, |(i, _)| i as u8)
        })
        .collect()
}

/// Whether `ffmpeg` is on `PATH`.
pub fn ffmpeg_available() -> bool {
    std::env::var_os("PATH")
        .is_some_and(|paths| std::env::split_paths(&paths).any(|dir| dir.join("ffmpeg").is_file()))
}

fn video(
    out: &Path,
    camera: &Camera,
    fps: u32,
    total: usize,
    frame: &dyn Fn(usize) -> Result<tiny_skia::Pixmap, RenderError>,
    progress: Progress<'_>,
) -> Result<(), RenderError> {
    if !ffmpeg_available() {
        return Err(RenderError::NoFfmpeg);
    }
    let webm = out
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("webm"));
    let codec: &[&str] = if webm {
        &["-c:v", "libvpx-vp9", "-b:v", "0", "-crf", "32"]
    } else {
        &["-c:v", "libx264", "-crf", "20", "-preset", "medium"]
    };
    let mut child = std::process::Command::new("ffmpeg")
        .args([
            "-loglevel",
            "error",
            "-y",
            "-f",
            "rawvideo",
            "-pix_fmt",
            "rgb24",
        ])
        .args(["-s", &format!("{}x{}", camera.width, camera.height)])
        .args(["-r", &fps.to_string(), "-i", "-"])
        .args(codec)
        .args(["-pix_fmt", "yuv420p"])
        .arg(out)
        .stdin(std::process::Stdio::piped())
        .spawn()?;
    let result = (|| {
        let Some(stdin) = child.stdin.as_mut() else {
            return Err(RenderError::Ffmpeg("no input pipe".to_owned()));
        };
        for i in 0..total {
            stdin.write_all(&rgb(&frame(i)?))?;
            if !progress(i + 1, total) {
                return Err(RenderError::Cancelled);
            }
        }
        Ok(())
    })();
    drop(child.stdin.take());
    let status = child.wait()?;
    result?;
    if status.success() {
        Ok(())
    } else {
        Err(RenderError::Ffmpeg(format!("exit status {status}")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone as _;

    fn day(d: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2025, 1, d, 0, 0, 0).unwrap()
    }

    #[test]
    fn frames_span_the_range_at_the_rate_asked() {
        let p = Playback {
            from: day(1),
            to: day(11),
            fps: 10,
            pace: Pace::Length(2.0),
            warp: false,
            follow: false,
        };
        let times = frame_times(&p, &[]);
        assert_eq!(times.len(), 20);
        assert_eq!(times.first(), Some(&day(1)));
        assert_eq!(times.last(), Some(&day(11)));
        assert!(times.windows(2).all(|w| w[0] <= w[1]));
        let by_speed = Playback {
            pace: Pace::Speed(Duration::days(5)),
            ..p
        };
        assert_eq!(frame_times(&by_speed, &[]).len(), 20);
    }

    #[test]
    fn warp_crosses_an_idle_gap_in_a_few_frames() {
        let p = Playback {
            from: day(1),
            to: day(31),
            fps: 10,
            pace: Pace::Length(3.0),
            warp: true,
            follow: false,
        };
        let gap = [(day(3), day(29))];
        let times = frame_times(&p, &gap);
        let in_gap = times
            .iter()
            .filter(|t| **t > day(3) && **t < day(29))
            .count();
        assert!(in_gap <= 7, "{in_gap} frames in the gap");
        let unwarped = frame_times(&Playback { warp: false, ..p }, &gap);
        let in_gap = unwarped
            .iter()
            .filter(|t| **t > day(3) && **t < day(29))
            .count();
        assert!(in_gap > 20, "{in_gap}");
    }

    #[test]
    fn the_palette_keeps_each_colour_when_there_are_few() {
        let mut histogram = vec![0u32; 1 << 15];
        histogram[bin(250, 250, 245)] = 100_000;
        histogram[bin(200, 60, 40)] = 300;
        histogram[bin(20, 90, 200)] = 5;
        let palette = median_cut(&histogram, 8);
        assert_eq!(palette.len(), 3, "{palette:?}");
        let table = nearest_table(&palette);
        let blue = palette[usize::from(table[bin(20, 90, 200)])];
        assert!(blue[2] > 150 && blue[0] < 60, "{blue:?}");
    }

    #[test]
    fn containers_follow_the_extension() {
        assert_eq!(Container::of(Path::new("a.gif")), Some(Container::Gif));
        assert_eq!(Container::of(Path::new("a.APNG")), Some(Container::Apng));
        assert_eq!(Container::of(Path::new("a.webm")), Some(Container::Video));
        assert_eq!(Container::of(Path::new("frames/")), Some(Container::Frames));
        assert_eq!(Container::of(Path::new("a.png")), None);
    }
}
